// Compact (de)serialisation of the log pass (CommitRecord[] + notes) for the on-disk index cache.
// Pure: strings in, strings out; no fs. The format is one JSON document of column arrays, which
// JSON.parse reads far faster than an array of 200,000 small objects:
//   shas      all commit shas concatenated (every sha has the same length, `shaLength`)
//   parents   per commit: parent count, then for each parent its index in `shas`, or -(k+1) for
//             `outside[k]` (a parent outside the indexed history: shallow or partial walks)
//   people    string table of "author\0email"; `person[i]` indexes it
//   time      author time per commit (delta from the previous commit, so most numbers are short)
//   subject   per commit
//   trailers / issueKeys   sparse: [commitIndex, value, value, ...] lists, only for commits that have any
import type { CommitRecord } from '../types';

export const SERDE_VERSION = 1;

export interface SerializedLog {
  commits: CommitRecord[];
  notes: Map<string, string>;
}

interface Columns {
  v: number;
  n: number;
  shaLength: number;
  shas: string;
  parents: number[];
  outside: string[];
  people: string[];
  person: number[];
  time: number[];
  subject: string[];
  trailers: (number | string)[][];
  issueKeys: (number | string)[][];
  notes: string[];
}

export class SerdeError extends Error {}

/** Serialises commits (newest first, as git log gives them) and notes. */
export function serializeLog(commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>): string {
  const n = commits.length;
  const shaLength = n > 0 ? commits[0].sha.length : 40;
  const indexOf = new Map<string, number>();
  const shaParts: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const sha = commits[i].sha;
    if (sha.length !== shaLength) throw new SerdeError('commits with shas of different lengths');
    indexOf.set(sha, i);
    shaParts[i] = sha;
  }
  const parents: number[] = [];
  const outside: string[] = [];
  const outsideIndex = new Map<string, number>();
  const people: string[] = [];
  const peopleIndex = new Map<string, number>();
  const person: number[] = new Array(n);
  const time: number[] = new Array(n);
  const subject: string[] = new Array(n);
  const trailers: (number | string)[][] = [];
  const issueKeys: (number | string)[][] = [];
  let prevTime = 0;
  for (let i = 0; i < n; i++) {
    const c = commits[i];
    parents.push(c.parents.length);
    for (const p of c.parents) {
      const j = indexOf.get(p);
      if (j !== undefined) parents.push(j);
      else {
        let k = outsideIndex.get(p);
        if (k === undefined) {
          k = outside.length;
          outside.push(p);
          outsideIndex.set(p, k);
        }
        parents.push(-(k + 1));
      }
    }
    const who = c.author + '\0' + c.email;
    let pi = peopleIndex.get(who);
    if (pi === undefined) {
      pi = people.length;
      people.push(who);
      peopleIndex.set(who, pi);
    }
    person[i] = pi;
    time[i] = c.time - prevTime;
    prevTime = c.time;
    subject[i] = c.subject;
    if (c.trailers.length) trailers.push([i, ...c.trailers]);
    if (c.issueKeys.length) issueKeys.push([i, ...c.issueKeys]);
  }
  const noteList: string[] = [];
  for (const [sha, text] of notes) noteList.push(sha, text);
  const columns: Columns = {
    v: SERDE_VERSION,
    n,
    shaLength,
    shas: shaParts.join(''),
    parents,
    outside,
    people,
    person,
    time,
    subject,
    trailers,
    issueKeys,
    notes: noteList,
  };
  return JSON.stringify(columns);
}

/** Reads what {@link serializeLog} wrote. Throws SerdeError on anything malformed (the caller then reads git). */
export function deserializeLog(text: string): SerializedLog {
  let c: Columns;
  try {
    c = JSON.parse(text) as Columns;
  } catch (e) {
    throw new SerdeError(`cache is not valid JSON: ${(e as Error).message}`);
  }
  if (!c || c.v !== SERDE_VERSION || typeof c.shas !== 'string' || c.shas.length !== c.n * c.shaLength) {
    throw new SerdeError('cache has an unknown format');
  }
  const n = c.n;
  const L = c.shaLength;
  const shas: string[] = new Array(n);
  for (let i = 0; i < n; i++) shas[i] = c.shas.slice(i * L, i * L + L);
  const people = c.people.map((p) => {
    const z = p.indexOf('\0');
    return [p.slice(0, z), p.slice(z + 1)] as const;
  });
  const trailers = sparse(c.trailers, n);
  const issueKeys = sparse(c.issueKeys, n);
  const commits: CommitRecord[] = new Array(n);
  let pos = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const count = c.parents[pos++];
    const parents: string[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const j = c.parents[pos++];
      parents[k] = j >= 0 ? shas[j] : c.outside[-j - 1];
    }
    const who = people[c.person[i]];
    if (!who) throw new SerdeError('cache has a bad person index');
    t += c.time[i];
    commits[i] = {
      sha: shas[i],
      parents,
      author: who[0],
      email: who[1],
      time: t,
      subject: c.subject[i],
      // Each record gets its own arrays (callers may treat them as theirs); empty ones are cheap.
      trailers: trailers[i] ?? [],
      issueKeys: issueKeys[i] ?? [],
    };
  }
  if (pos !== c.parents.length) throw new SerdeError('cache has a bad parents column');
  const notes = new Map<string, string>();
  for (let k = 0; k + 1 < c.notes.length; k += 2) notes.set(c.notes[k], c.notes[k + 1]);
  return { commits, notes };
}

function sparse(rows: (number | string)[][], n: number): (string[] | undefined)[] {
  const out: (string[] | undefined)[] = new Array(n);
  for (const row of rows) {
    const i = row[0];
    if (typeof i !== 'number' || i < 0 || i >= n) throw new SerdeError('cache has a bad sparse row');
    out[i] = row.slice(1) as string[];
  }
  return out;
}

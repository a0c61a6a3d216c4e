// Compact (de)serialisation of the log pass (CommitRecord[] + notes) for the on-disk index cache.
// Pure: strings in, strings out; no fs. The format is one JSON object of column arrays, which JSON.parse reads
// far faster than an array of 200,000 small objects (the cache file writes each column on a line of its own):
//   shas      the commit shas concatenated (every sha has the same length, `shaLength`), in chunks of PIECE
//             shas, so that no piece of a reader or writer handles one string of the whole history
//   parents   per commit: parent count, then for each parent its index in `shas`, or -(k+1) for
//             `outside[k]` (a parent outside the indexed history: shallow or partial walks)
//   people    string table of "author\0email"; `person[i]` indexes it
//   time      author time per commit (delta from the previous commit, so most numbers are short)
//   tz        the author's time zone per commit (minutes east of UTC)
//   subject   per commit
//   trailers / issueKeys   sparse: [commitIndex, value, value, ...] lists, only for commits that have any
//   paths / files   when the log read changed files (goals with `changes:`): a path table, and sparse
//             [commitIndex, pathIndex, ...] rows; every commit then has `files` (empty when absent)
import type { CommitRecord } from '../types';
import { PIECE, runSteps, type Steps } from '../steps';

export const SERDE_VERSION = 4;

export interface SerializedLog {
  commits: CommitRecord[];
  notes: Map<string, string>;
}

interface Columns {
  v: number;
  n: number;
  shaLength: number;
  shas: string[];
  parents: number[];
  outside: string[];
  people: string[];
  person: number[];
  time: number[];
  tz: number[];
  subject: string[];
  trailers: SparseRow[];
  issueKeys: SparseRow[];
  /** Whether the commits carry their changed files. */
  withFiles: boolean;
  paths: string[];
  files: number[][];
  notes: string[];
}

/** A commit's index, then its values. */
type SparseRow = [number, ...string[]];

export class SerdeError extends Error {}

/** Serialises commits (newest first, as git log gives them) and notes. */
export function serializeLog(commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>): string {
  return JSON.stringify(runSteps(logColumnsSteps(commits, notes)));
}

/** The columns {@link serializeLog} writes, as an object of plain JSON values, in pieces (src/core/steps.ts). */
export function* logColumnsSteps(commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>): Steps<Record<string, unknown>> {
  const n = commits.length;
  const shaLength = n > 0 ? commits[0].sha.length : 40;
  const indexOf = new Map<string, number>();
  const shas: string[] = [];
  for (let from = 0; from < n; from += PIECE) {
    const part: string[] = [];
    for (let i = from, end = Math.min(n, from + PIECE); i < end; i++) {
      const sha = commits[i].sha;
      if (sha.length !== shaLength) throw new SerdeError('commits with shas of different lengths');
      indexOf.set(sha, i);
      part.push(sha);
    }
    shas.push(part.join(''));
    yield;
  }
  const parents: number[] = [];
  const outside: string[] = [];
  const outsideIndex = new Map<string, number>();
  const people: string[] = [];
  const peopleIndex = new Map<string, number>();
  const person = new Array<number>(n);
  const time = new Array<number>(n);
  const tz = new Array<number>(n);
  const subject = new Array<string>(n);
  const trailers: SparseRow[] = [];
  const issueKeys: SparseRow[] = [];
  const withFiles = n > 0 && commits[0].files !== undefined;
  const paths: string[] = [];
  const pathIndex = new Map<string, number>();
  const files: number[][] = [];
  let prevTime = 0;
  for (let i = 0; i < n; i++) {
    if ((i + 1) % PIECE === 0) yield;
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
    tz[i] = c.tz ?? 0;
    subject[i] = c.subject;
    if (c.trailers.length) trailers.push([i, ...c.trailers]);
    if (c.issueKeys.length) issueKeys.push([i, ...c.issueKeys]);
    if (withFiles && c.files?.length) {
      const row = [i];
      for (const f of c.files) {
        let k = pathIndex.get(f);
        if (k === undefined) {
          k = paths.length;
          paths.push(f);
          pathIndex.set(f, k);
        }
        row.push(k);
      }
      files.push(row);
    }
  }
  const noteList: string[] = [];
  for (const [sha, text] of notes) noteList.push(sha, text);
  const columns: Columns = {
    v: SERDE_VERSION,
    n,
    shaLength,
    shas,
    parents,
    outside,
    people,
    person,
    time,
    tz,
    subject,
    trailers,
    issueKeys,
    withFiles,
    paths,
    files,
    notes: noteList,
  };
  return columns as unknown as Record<string, unknown>;
}

/** Reads what {@link serializeLog} wrote. Throws SerdeError on anything malformed (the caller then reads git). */
export function deserializeLog(text: string): SerializedLog {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SerdeError(`cache is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return runSteps(logFromColumnsSteps(raw));
}

/** {@link deserializeLog} from the columns already parsed (any JSON value: checked), in pieces (src/core/steps.ts). */
export function* logFromColumnsSteps(raw: unknown): Steps<SerializedLog> {
  const c = yield* checkedColumns(raw);
  const n = c.n;
  const L = c.shaLength;
  const shas = new Array<string>(n);
  let at = 0;
  for (const chunk of c.shas) {
    for (let k = 0; k < chunk.length; k += L) shas[at++] = chunk.slice(k, k + L);
    yield;
  }
  const people = c.people.map((p) => {
    const z = p.indexOf('\0');
    return [p.slice(0, z), p.slice(z + 1)] as const;
  });
  const trailers = yield* sparse(c.trailers, n);
  const issueKeys = yield* sparse(c.issueKeys, n);
  const files = new Array<string[] | undefined>(n);
  let rowsRead = 0;
  for (const [i, ...ks] of c.files) {
    if (!(i >= 0 && i < n)) throw new SerdeError('cache has a bad files row');
    files[i] = ks.map((k) => c.paths.at(k) ?? bad('cache has a bad path index'));
    if (++rowsRead % PIECE === 0) yield;
  }
  const commits = new Array<CommitRecord>(n);
  let pos = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    if ((i + 1) % PIECE === 0) yield;
    // Indexes read from the file may point anywhere: `at` (never with a negative index) says a read can miss.
    const count = c.parents.at(pos++);
    if (count === undefined || count < 0) throw new SerdeError('cache has a bad parents column');
    const parents = new Array<string>(count);
    for (let k = 0; k < count; k++) {
      const j = c.parents.at(pos++);
      const parent = j === undefined ? undefined : j >= 0 ? shas.at(j) : c.outside.at(-j - 1);
      if (parent === undefined) throw new SerdeError('cache has a bad parent index');
      parents[k] = parent;
    }
    const who = people.at(c.person[i]);
    if (!who) throw new SerdeError('cache has a bad person index');
    t += c.time[i];
    commits[i] = {
      sha: shas[i],
      parents,
      author: who[0],
      email: who[1],
      time: t,
      tz: c.tz[i],
      subject: c.subject[i],
      // Each record gets its own arrays (callers may treat them as theirs); empty ones are cheap.
      trailers: trailers[i] ?? [],
      issueKeys: issueKeys[i] ?? [],
    };
    if (c.withFiles) commits[i].files = files[i] ?? [];
  }
  if (pos !== c.parents.length) throw new SerdeError('cache has a bad parents column');
  const notes = new Map<string, string>();
  for (let k = 0; k + 1 < c.notes.length; k += 2) notes.set(c.notes[k], c.notes[k + 1]);
  return { commits, notes };
}

function bad(message: string): never {
  throw new SerdeError(message);
}

function* sparse(rows: readonly SparseRow[], n: number): Steps<(string[] | undefined)[]> {
  const out = new Array<string[] | undefined>(n);
  let k = 0;
  for (const [i, ...values] of rows) {
    if (i < 0 || i >= n) throw new SerdeError('cache has a bad sparse row');
    out[i] = values;
    if (++k % PIECE === 0) yield;
  }
  return out;
}

/**
 * The columns of a cache file, each checked for its shape (the file is outside data: damaged, truncated or written
 * by another version). Throws SerdeError, so a bad cache is only a cold start.
 */
function* checkedColumns(raw: unknown): Steps<Columns> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SerdeError('cache has an unknown format');
  const r = raw as Record<string, unknown>;
  const { n, shaLength, shas } = r;
  if (r.v !== SERDE_VERSION || !isCount(n) || !isCount(shaLength) || shaLength === 0 || !Array.isArray(shas)) throw new SerdeError('cache has an unknown format');
  // Whole shas in each chunk, n in all.
  let total = 0;
  for (const chunk of shas as unknown[]) {
    if (typeof chunk !== 'string' || chunk.length % shaLength !== 0) throw new SerdeError('cache has a bad shas column');
    total += chunk.length;
  }
  if (total !== n * shaLength) throw new SerdeError('cache has a bad shas column');
  const perCommit = <T>(name: string, is: (x: unknown) => x is T): T[] => {
    const col = column(r, name, is);
    if (col.length !== n) throw new SerdeError(`cache has a bad ${name} column`);
    return col;
  };
  // Each check walks a whole column: a yield after each.
  const parents = column(r, 'parents', isInteger);
  yield;
  const outside = column(r, 'outside', isString);
  const people = column(r, 'people', isString);
  const person = perCommit('person', isCount);
  yield;
  const time = perCommit('time', isInteger);
  yield;
  const tz = perCommit('tz', isInteger);
  yield;
  const subject = perCommit('subject', isString);
  yield;
  const trailers = column(r, 'trailers', isSparseRow);
  yield;
  const issueKeys = column(r, 'issueKeys', isSparseRow);
  yield;
  const paths = column(r, 'paths', isString);
  const files = column(r, 'files', (x): x is number[] => Array.isArray(x) && x.length > 0 && x.every(isCount));
  yield;
  const notes = column(r, 'notes', isString);
  return { v: SERDE_VERSION, n, shaLength, shas: shas as string[], parents, outside, people, person, time, tz, subject, trailers, issueKeys, withFiles: r.withFiles === true, paths, files, notes };
}

function column<T>(r: Record<string, unknown>, name: string, is: (x: unknown) => x is T): T[] {
  const col = r[name];
  if (!Array.isArray(col) || !col.every(is)) throw new SerdeError(`cache has a bad ${name} column`);
  return col;
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isInteger = (x: unknown): x is number => Number.isInteger(x);
const isCount = (x: unknown): x is number => isInteger(x) && x >= 0;
const isSparseRow = (x: unknown): x is SparseRow =>
  Array.isArray(x) && x.length > 0 && isInteger(x[0]) && x.every((v, k) => k === 0 || typeof v === 'string');

// The index cache's file: its layout (a header line, then the columns of the log and of the derived index, a long
// column over several short lines), read and written a few milliseconds at a time, and written atomically.
import { createHash, randomBytes } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { exportIndexSteps, type GoalIndex } from '../core/index/goalIndex';
import { logColumnsSteps, logFromColumnsSteps, SerdeError, type SerializedLog } from '../core/index/indexSerde';
import { dailyOfSteps } from '../core/figures/daily';
import type { Steps } from '../core/steps';
import type { CommitRecord } from '../core/types';

/** The state of the repository that decides whether cached commits are still the commits of the walk. */
export interface CacheHeader {
  format: number;
  root: string;
  allRefs: boolean;
  trailerKey: string;
  /** Whether the commits carry their changed files (some goal links by `changes:`). */
  files: boolean;
  /** Sorted, unique commit shas that were walked (HEAD, plus every ref with allRefs). */
  tips: string[];
  notesTip: string | null;
  mailmap: string;
  goalsHash: string;
  commits: number;
}

/** sha1 of a text, in hex: the cache files' keys. */
export function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export interface CacheRead {
  header: CacheHeader;
  /** The commits and notes, and the derived index (null when the file has none). Throws when the file is damaged. */
  body: Steps<CacheBody>;
}

export interface CacheBody {
  log: SerializedLog;
  derived: unknown;
}

// The file: a header line, then one line per column of the log and of the derived index, `["log" or "derived",
// name, value]`, a long column over several lines, so that a reader parses and checks it a few milliseconds at a
// time instead of in one piece.
const LOG = 'log';
const DERIVED = 'derived';
/** Items of a column per line: a line of 20,000 issue-key rows parses in about 10 ms. */
const LINE_ITEMS = 20_000;
/** Characters of strings per line (numbers count 8): about 2 ms of parsing, so a line of long subjects is cut too. */
const LINE_CHARS = 256_000;
/** Lines joined into one write of the file. */
const WRITE_CHARS = 1 << 20;

export async function readCache(file: string): Promise<CacheRead | null> {
  // Bytes: each line is decoded as it is parsed, so no piece decodes the whole file.
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(file);
  } catch {
    return null;
  }
  const nl = bytes.indexOf(10);
  if (nl < 0) return null;
  let header: CacheHeader | null;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, nl)) as CacheHeader | null; // any JSON value: checked below
  } catch {
    return null;
  }
  if (!header || !Array.isArray(header.tips)) return null;
  return { header, body: bodySteps(bytes, nl + 1) };
}

/** What the last load kept, as the steps a file's body is read by (nothing to do: no yield). */
// eslint-disable-next-line require-yield
export function* keptBody(body: CacheBody): Steps<CacheBody> {
  return body;
}

function* bodySteps(bytes: Buffer, from: number): Steps<CacheBody> {
  // Each column's values, line by line: a long column comes in several lines, joined once all are read.
  const lines = new Map<string, unknown[]>();
  for (let at = from; at < bytes.length; ) {
    const end = bytes.indexOf(10, at);
    const line = bytes.toString('utf8', at, end < 0 ? bytes.length : end);
    at = end < 0 ? bytes.length : end + 1;
    const row = JSON.parse(line) as unknown;
    if (!Array.isArray(row) || row.length !== 3 || (row[0] !== LOG && row[0] !== DERIVED) || typeof row[1] !== 'string') throw new SerdeError('cache has a bad line');
    const key = `${row[0] as string}\0${row[1]}`;
    const list = lines.get(key);
    if (list) list.push(row[2]);
    else lines.set(key, [row[2]]);
    yield;
  }
  // No prototype: a name read from the file is only ever a key.
  const parts: Record<string, Record<string, unknown>> = { [LOG]: Object.create(null) as Record<string, unknown>, [DERIVED]: Object.create(null) as Record<string, unknown> };
  for (const [key, values] of lines) {
    const [part, name] = key.split('\0');
    if (values.length > 1 && !values.every(Array.isArray)) throw new SerdeError(`cache has a bad ${name} column`);
    parts[part][name] = values.length === 1 ? values[0] : ([] as unknown[]).concat(...values);
    yield;
  }
  const derived = [...lines.keys()].some((k) => k.startsWith(`${DERIVED}\0`));
  return { log: yield* logFromColumnsSteps(parts[LOG]), derived: derived ? parts[DERIVED] : null };
}

/** What the cache keeps of an index besides its commits: its derived state and daily aggregates, or null. */
export function* derivedOf(index: GoalIndex): Steps<Record<string, unknown> | null> {
  const derived = yield* exportIndexSteps(index);
  if (!derived) return null;
  const daily = yield* dailyOfSteps(index);
  // The rows apart, as a column of their own: one line of them all would take one long parse.
  const { rows, ...rest } = yield* daily.exportSteps();
  return { ...derived, daily: rest, dailyRows: rows };
}

/** The daily aggregates' state from the derived part as {@link derivedOf} writes it (any JSON: the import checks). */
export function dailyOfColumns(derived: unknown): unknown {
  const d = derived as { daily?: unknown; dailyRows?: unknown };
  return typeof d.daily === 'object' && d.daily !== null ? { ...d.daily, rows: d.dailyRows } : null;
}

/** An array column cut into lines of at most LINE_ITEMS items and about LINE_CHARS characters. */
function* lineParts(values: readonly unknown[]): Generator<readonly unknown[]> {
  let from = 0;
  let chars = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    chars += typeof v === 'string' ? v.length : Array.isArray(v) ? 8 * v.length : 8;
    if (k + 1 - from >= LINE_ITEMS || chars >= LINE_CHARS) {
      yield values.slice(from, k + 1);
      from = k + 1;
      chars = 0;
    }
  }
  if (from < values.length || values.length === 0) yield values.slice(from);
}

/** The file's lines: the header, then a line per column (long columns over several). */
export function* cacheTextSteps(header: CacheHeader, commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>, derived: Record<string, unknown> | null): Steps<string[]> {
  const out = [JSON.stringify(header)];
  const log = yield* logColumnsSteps(commits, notes);
  for (const [part, obj] of [[LOG, log], [DERIVED, derived ?? {}]] as const) {
    for (const [name, value] of Object.entries(obj)) {
      if (!Array.isArray(value)) out.push(JSON.stringify([part, name, value]));
      else
        for (const line of lineParts(value)) {
          out.push(JSON.stringify([part, name, line]));
          yield;
        }
      yield;
    }
  }
  return out;
}

/**
 * Writes through a temporary file and a rename, so a concurrent reader sees the old text or the new, never half.
 * Lines are written a batch at a time: no piece joins a whole large file.
 */
export async function writeAtomically(file: string, text: string | readonly string[]): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    if (typeof text === 'string') await fsp.writeFile(tmp, text);
    else await writeLines(tmp, text);
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

async function writeLines(file: string, lines: readonly string[]): Promise<void> {
  const fh = await fsp.open(file, 'w');
  try {
    for (let k = 0; k < lines.length; ) {
      const batch: string[] = [];
      for (let chars = 0; k < lines.length && chars < WRITE_CHARS; k++) {
        batch.push(lines[k]);
        chars += lines[k].length;
      }
      await fh.write(batch.join('\n') + (k < lines.length ? '\n' : ''));
    }
  } finally {
    await fh.close();
  }
}

// Parsing of the one big `git log` stream. Pure functions and a push parser: no processes here.
import { extractIssueKeys } from '../core/links/linkRules';
import type { CommitRecord } from '../core/types';

export { extractIssueKeys };

/**
 * The --format of the big log, used together with `-z`.
 * Eight fields, each terminated by NUL (`%x00` inside, `-z` adds the last one):
 *   %H, %P (space separated), %aN, %aE (mailmap applied), %at, %ai (only its time zone is kept: person-days
 *   are days in the author's own time zone),
 *   the goal trailer values (git's own trailer parser, unfolded, separated by 0x1F),
 *   %B (the subject is taken from it as git takes %s, and issue keys are found in it; the rest is dropped).
 * No %s: it would send every subject through the pipe twice. Commit messages cannot contain NUL, so NUL
 * framing is unambiguous.
 */
export function logFormat(trailerKey: string): string {
  return `--format=%H%x00%P%x00%aN%x00%aE%x00%at%x00%ai%x00%(trailers:key=${trailerKey},valueonly,unfold,separator=%x1f)%x00%B`;
}

export const LOG_FIELDS = 8;

/**
 * What the log adds when goals link by changed files (`changes:`): git's raw diff of each commit against its first
 * parent (merges show none). Raw, not --name-only: with -z each change is a metadata token starting with ':'
 * followed by its path, so a path can never be taken for the next commit's sha, whatever it is named. No renames:
 * a file moved into a folder changed two paths, and both must fall under the goal's globs.
 */
export const LOG_FILES_ARGS = ['--raw', '--no-renames', '--no-abbrev'];

const EMPTY: string[] = [];
const NONE = Object.freeze([]) as unknown as string[];

/**
 * Push parser for the NUL framed output of `git log -z` with {@link logFormat}.
 * Feed it chunks as they come; it never joins the whole output, only the bytes of one unfinished field.
 * Invalid UTF-8 is decoded lossily (U+FFFD), never thrown.
 */
export class LogStreamParser {
  private readonly fields: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingLength = 0;
  count = 0;
  /** With files: the commit read last, whose changed paths may still follow. */
  private last: CommitRecord | null = null;
  private expectPath = false;
  private readonly paths = new Map<string, string>();

  /** `withFiles`: the log was run with {@link LOG_FILES_ARGS}; each record gets `files`. */
  constructor(
    private readonly onCommit: (c: CommitRecord) => void,
    private readonly withFiles = false,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nul = chunk.indexOf(0, start);
      if (nul === -1) {
        if (start < chunk.length) {
          const rest = chunk.subarray(start);
          this.pending.push(rest);
          this.pendingLength += rest.length;
        }
        return;
      }
      let field = chunk.subarray(start, nul);
      if (this.pendingLength > 0) {
        this.pending.push(field);
        field = Buffer.concat(this.pending, this.pendingLength + field.length);
        this.pending = [];
        this.pendingLength = 0;
      } else if (this.pending.length > 0) {
        this.pending = [];
      }
      start = nul + 1;
      if (this.last && this.fields.length === 0 && this.file(field)) continue;
      this.fields.push(field);
      if (this.fields.length === LOG_FIELDS) this.emit();
    }
  }

  /** Call at the end of the stream; returns false when output stopped in the middle of a commit. */
  end(): boolean {
    const whole = this.fields.length === 0 && this.pendingLength === 0 && !this.expectPath;
    this.flush();
    return whole;
  }

  /** A token after a commit's fields: a raw change's metadata or path (true), or the next commit's sha (false). */
  private file(token: Buffer): boolean {
    const last = this.last as CommitRecord;
    if (this.expectPath) {
      this.expectPath = false;
      const text = token.toString('utf8');
      let path = this.paths.get(text);
      if (path === undefined) this.paths.set(text, (path = text));
      if (last.files === NONE) last.files = [path];
      else last.files?.push(path);
      return true;
    }
    // ":100644 100644 <old> <new> M"; the first of a commit comes after a newline.
    if (token[0] === 0x3a || (token[0] === 0x0a && token[1] === 0x3a)) {
      this.expectPath = true;
      return true;
    }
    this.flush();
    return false;
  }

  private flush(): void {
    const c = this.last;
    if (!c) return;
    this.last = null;
    this.onCommit(c);
  }

  private emit(): void {
    const f = this.fields;
    // Chunks are subarrays of one pipe buffer: copy nothing, decode only what is kept.
    const sha = f[0].toString('latin1');
    const parentsText = f[1].toString('latin1');
    const trailersBuf = f[6];
    const body = f[7];
    // Only decode the body when it may hold a key (a '-' before a digit): most bodies, git's sign-offs too, have none.
    const issueKeys = dashDigit(body) ? extractIssueKeys(body.toString('utf8')) : EMPTY;
    const record: CommitRecord = {
      sha,
      parents: parentsText.length === 0 ? [] : parentsText.split(' '),
      author: f[2].toString('utf8'),
      email: f[3].toString('utf8'),
      time: Number(f[4].toString('latin1')),
      tz: tzOffset(f[5]),
      subject: subjectOf(body),
      // Most commits have neither: they share one frozen empty array instead of two fresh ones each (GC time).
      trailers: trailersBuf.length === 0 ? NONE : splitTrailers(trailersBuf.toString('utf8')),
      issueKeys: issueKeys === EMPTY ? NONE : issueKeys,
    };
    this.fields.length = 0;
    this.count++;
    if (this.withFiles) {
      // Its changed paths follow: the record is handed on when the next commit (or the end) shows.
      record.files = NONE;
      this.last = record;
    } else this.onCommit(record);
  }
}

/** Minutes east of UTC from the end of an ISO-like date ("2026-12-04 15:30:00 -0800"); 0 when unreadable. */
export function tzOffset(date: Buffer): number {
  const n = date.length;
  if (n < 5) return 0;
  const sign = date[n - 5];
  let digits = 0;
  for (let i = n - 4; i < n; i++) {
    const d = date[i] - 0x30;
    if (d < 0 || d > 9) return 0;
    digits = digits * 10 + d;
  }
  const minutes = Math.floor(digits / 100) * 60 + (digits % 100);
  return sign === 0x2d ? -minutes : sign === 0x2b ? minutes : 0;
}

const NL = 0x0a;

/** Blank as git's is_blank_line sees it: only whitespace (the line's end excluded). */
function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false;
  }
  return true;
}

/**
 * The subject of a raw message as git's %s gives it: blank lines at the start skipped, then the lines of the
 * first paragraph, each without trailing whitespace, joined with one space.
 */
export function subjectOf(body: Buffer): string {
  let pos = 0;
  const n = body.length;
  // Skip blank lines at the start.
  for (;;) {
    const nl = body.indexOf(NL, pos);
    const end = nl === -1 ? n : nl;
    if (pos >= n || !isBlank(body, pos, end)) break;
    pos = end + 1;
  }
  let first = -1;
  let end = pos;
  const parts: string[] = [];
  while (pos < n) {
    const nl = body.indexOf(NL, pos);
    let lineEnd = nl === -1 ? n : nl;
    if (isBlank(body, pos, lineEnd)) break;
    while (lineEnd > pos && (body[lineEnd - 1] === 0x20 || body[lineEnd - 1] === 0x09 || body[lineEnd - 1] === 0x0d || body[lineEnd - 1] === 0x0b || body[lineEnd - 1] === 0x0c)) lineEnd--;
    if (first === -1) {
      first = pos;
      end = lineEnd;
    } else {
      if (parts.length === 0) parts.push(body.toString('utf8', first, end));
      parts.push(body.toString('utf8', pos, lineEnd));
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  if (first === -1) return '';
  return parts.length ? parts.join(' ') : body.toString('utf8', first, end);
}

function splitTrailers(text: string): string[] {
  const out: string[] = [];
  for (const v of text.split('\x1f')) {
    const t = v.trim();
    if (t.length > 0) out.push(t);
  }
  return out;
}

/** Whether `bytes` hold a '-' followed by an ASCII digit (UTF-8 never uses those bytes inside a character). */
function dashDigit(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(0x2d); at !== -1 && at + 1 < bytes.length; at = bytes.indexOf(0x2d, at + 1)) {
    const next = bytes[at + 1];
    if (next >= 0x30 && next <= 0x39) return true;
  }
  return false;
}

// Parsing of the one big `git log` stream. Pure functions and a push parser: no processes here.
import { extractIssueKeys } from '../core/links/linkRules';
import type { CommitRecord } from '../core/types';

export { extractIssueKeys };

/**
 * The --format of the big log, used together with `-z`.
 * Eight fields, each terminated by NUL (`%x00` inside, `-z` adds the last one):
 *   %H, %P (space separated), %aN, %aE (mailmap applied), %at, %s,
 *   the goal trailer values (git's own trailer parser, unfolded, separated by 0x1F),
 *   %B (only to find issue keys; dropped right after).
 * Commit messages cannot contain NUL, so NUL framing is unambiguous.
 */
export function logFormat(trailerKey: string): string {
  return `--format=%H%x00%P%x00%aN%x00%aE%x00%at%x00%s%x00%(trailers:key=${trailerKey},valueonly,unfold,separator=%x1f)%x00%B`;
}

export const LOG_FIELDS = 8;

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

  constructor(private readonly onCommit: (c: CommitRecord) => void) {}

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
      this.fields.push(field);
      if (this.fields.length === LOG_FIELDS) this.emit();
      start = nul + 1;
    }
  }

  /** Call at the end of the stream; returns false when output stopped in the middle of a commit. */
  end(): boolean {
    return this.fields.length === 0 && this.pendingLength === 0;
  }

  private emit(): void {
    const f = this.fields;
    // Chunks are subarrays of one pipe buffer: copy nothing, decode only what is kept.
    const sha = f[0].toString('latin1');
    const parentsText = f[1].toString('latin1');
    const trailersBuf = f[6];
    const body = f[7];
    // Only decode the body when it may hold a key (it needs a '-').
    const issueKeys = body.indexOf(0x2d) === -1 ? EMPTY : extractIssueKeys(body.toString('utf8'));
    const record: CommitRecord = {
      sha,
      parents: parentsText.length === 0 ? [] : parentsText.split(' '),
      author: f[2].toString('utf8'),
      email: f[3].toString('utf8'),
      time: Number(f[4].toString('latin1')),
      subject: f[5].toString('utf8'),
      // Most commits have neither: they share one frozen empty array instead of two fresh ones each (GC time).
      trailers: trailersBuf.length === 0 ? NONE : splitTrailers(trailersBuf.toString('utf8')),
      issueKeys: issueKeys === EMPTY ? NONE : issueKeys,
    };
    this.fields.length = 0;
    this.count++;
    this.onCommit(record);
  }
}

function splitTrailers(text: string): string[] {
  const out: string[] = [];
  for (const v of text.split('\x1f')) {
    const t = v.trim();
    if (t.length > 0) out.push(t);
  }
  return out;
}

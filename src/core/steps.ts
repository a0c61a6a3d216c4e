// Long pure work written as a generator that yields between pieces of a few milliseconds: the command line runs
// it to the end at once (runSteps), the editor's host thread with a turn of its event loop between pieces
// (src/git/paced.ts), so no other extension waits on a 200,000-commit index for longer than one piece.

/** Work that yields (no value) between pieces and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Items of a loop between two yields: a few milliseconds of the heaviest per-item work at 200,000 commits. */
export const PIECE = 4096;

/** Runs the steps to the end, with no turn between them. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** `for (const x of items) fn(x)`, yielding every `piece` items (fewer for heavier items). */
export function* eachOf<T>(items: Iterable<T>, fn: (item: T) => void, piece = PIECE): Steps<void> {
  let n = 0;
  for (const x of items) {
    fn(x);
    if (++n % piece === 0) yield;
  }
}

// Runs core's long work (src/core/steps.ts) on the editor's host thread in pieces: after each budget of a few
// milliseconds, a turn of the event loop lets every other extension and the views run.
import type { Steps } from '../core/steps';

/** The longest the steps hold the thread before giving it a turn. */
const BUDGET_MS = 8;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function paced<T>(steps: Steps<T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since >= BUDGET_MS) {
      await turn();
      since = performance.now();
    }
  }
}

// `--range A..B` for `check` and `suggest`: the commits B reaches and A does not, as `git log A..B` lists them.
import type { RevRange } from '../git/commitRange';
import { UsageError } from './args';

export type { RevRange };

/** Reads `A..B`; anything else (`A...B`, a lone rev) is a usage error, found before any git work. */
export function parseRange(text: string): RevRange {
  const dots = text.indexOf('..');
  if (dots < 0 || text.includes('...')) throw new UsageError(`--range '${text}' must look like A..B`);
  return { from: text.slice(0, dots) || null, to: text.slice(dots + 2) || 'HEAD' };
}

export { commitsInRange } from '../git/commitRange';

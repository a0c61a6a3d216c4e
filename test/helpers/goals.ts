// goals.yaml fixtures for tests: a builder, the two-goal file most tests share, Goal objects, and a repository
// that starts with a goals.yaml commit.
import type { Goal } from '../../src/core/types';
import { TempRepo } from './tempRepo';

export interface GoalSpec {
  id: string;
  title?: string;
  parent?: string;
  status?: string;
  owner?: string;
  advisor?: string;
  due?: string;
  keys?: string[];
  branches?: string[];
  paths?: string[];
  commitments?: { what: string; due?: string; done?: string }[];
}

/** A goals.yaml text: `goalsYaml({ id: 'checkout', keys: ['SHOP-*'] }, { id: 'search' })`. A goal's title defaults to its id. */
export function goalsYaml(...goals: GoalSpec[]): string {
  const lines = ['version: 1', 'goals:'];
  for (const g of goals) {
    lines.push(`  - id: ${g.id}`, `    title: ${g.title ?? g.id}`);
    for (const field of ['parent', 'status', 'owner', 'advisor', 'due'] as const) {
      const value = g[field];
      if (value !== undefined) lines.push(`    ${field}: ${value}`);
    }
    for (const field of ['keys', 'branches', 'paths'] as const) {
      const list = g[field];
      if (list !== undefined) lines.push(`    ${field}: [${list.join(', ')}]`);
    }
    if (g.commitments) {
      lines.push('    commitments:');
      for (const c of g.commitments) {
        const parts = [`what: ${c.what}`, ...(c.due ? [`due: ${c.due}`] : []), ...(c.done ? [`done: ${c.done}`] : [])];
        lines.push(`      - { ${parts.join(', ')} }`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** The goals most tests share: `checkout` (issue keys SHOP-*) and `search`. */
export const TWO_GOALS = goalsYaml({ id: 'checkout', title: 'Checkout', keys: ['SHOP-*'] }, { id: 'search', title: 'Search' });

/** A Goal as the parser gives it, for tests of the core on objects. */
export function goalOf(id: string, extra: Partial<Goal> = {}): Goal {
  return { id, title: id, status: 'active', keys: [], branches: [], paths: [], commitments: [], links: [], line: 1, column: 1, ...extra };
}

/** A repository whose first commit adds goals.yaml (and any other files given). */
export function repoWithGoals(goals = TWO_GOALS, files: Record<string, string> = {}, message = 'Add goals'): TempRepo {
  const repo = TempRepo.create();
  repo.commit(message, { files: { 'goals.yaml': goals, ...files } });
  return repo;
}

// The incremental GoalIndex equals a cold build after every change: random sequences of what people do to a
// repository (commit, branch, merge, merge of main into a branch, amend, rebase, reset, detach, branch delete,
// note added or removed, branch config, goals.yaml edits) on a real git repository, compared after each step.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildIndex, updateIndex, updateInfo, type GoalIndex } from '../../src/core/index/goalIndex';
import { loadIndexCached, type CacheState } from '../../src/git/indexCache';
import { parseGoalsFile } from '../../src/core/goals/goalsFile';
import { buildReport } from '../../src/core/reports/report';
import type { GoalsFile, RepoSnapshot } from '../../src/core/types';
import { rng } from '../../src/git/demoRepo';
import { GitRepo } from '../../src/git/repo';
import { TempRepo } from '../helpers/tempRepo';

interface GoalSpec {
  id: string;
  title: string;
  keys: string[];
  branches: string[];
  parent?: string;
  authors?: string[];
  subjects?: string[];
  changes?: string[];
}

function goalsText(goals: GoalSpec[]): string {
  const out = ['version: 1', 'goals:'];
  for (const g of goals) {
    out.push(`  - id: ${g.id}`, `    title: ${g.title}`);
    if (g.parent) out.push(`    parent: ${g.parent}`);
    if (g.keys.length) out.push(`    keys: [${g.keys.join(', ')}]`);
    if (g.branches.length) out.push(`    branches: [${g.branches.map((b) => `"${b}"`).join(', ')}]`);
    for (const rule of ['authors', 'subjects', 'changes'] as const) {
      const globs = g[rule];
      if (globs?.length) out.push(`    ${rule}: [${globs.map((b) => JSON.stringify(b)).join(', ')}]`);
    }
  }
  return out.join('\n') + '\n';
}

/** Everything a view could read from the index, in a form that does not depend on the order of reading. */
export function shape(index: GoalIndex): unknown {
  return {
    commits: index.commits.map((c) => JSON.stringify(c)).sort(),
    bySha: [...index.commits].every((c) => index.bySha.get(c.sha) === c) && index.bySha.size === index.commits.length,
    links: [...index.links.entries()].map(([sha, l]) => `${sha} ${JSON.stringify(l)}`).sort(),
    linksSize: index.links.size,
    untagged: index.untagged.map((c) => c.sha).sort(),
    branches: index.branches.map((b) => JSON.stringify(b)).sort(),
    problems: index.problems,
    goals: [...index.goals.keys()],
    children: [...index.children.entries()],
    report: buildReport(index, { now: new Date('2026-12-01T00:00:00Z'), staleAfterDays: 30 }),
  };
}

/**
 * `core`: updateIndex with the change worked out here. `cache`: loadIndexCached, from the previous load's state
 * on odd steps and from the cache file on even ones (restored from disk, then updated).
 */
async function runSequence(seed: number, allRefs: boolean, steps: number, mode: 'core' | 'cache' = 'core'): Promise<{ incremental: number; ops: Map<string, number>; routed: Set<string> }> {
  const rnd = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const r = TempRepo.create();
  try {
    const goals: GoalSpec[] = [
      { id: 'checkout', title: 'Lift checkout', keys: ['SHOP-*'], branches: ['feat/checkout-*'] },
      { id: 'search', title: 'Better search', keys: ['SRCH-1', 'SRCH-2'], branches: [] },
      // The routing rules: authors, subjects and changed files (the log then reads every commit's files).
      { id: 'platform', title: 'Platform', keys: [], branches: ['chore/*'], parent: 'checkout', authors: ['dependabot*'], subjects: ['Bump *'], changes: ['.github/**'] },
    ];
    let n = 0;
    const message = (): string => {
      n++;
      const subject = pick([`Work ${n}`, `SHOP-${n} work`, `SRCH-${1 + (n % 3)}: search ${n}`, `Fix ${n}`, `Bump dep-${n}`]);
      const trailer = rnd() < 0.3 ? `\n\nGoal: ${pick(['checkout', 'search', 'platform', 'nope', 'later'])}` : '';
      return subject + trailer;
    };
    r.commit('Initial commit', { files: { 'README.md': '# test\n' } });
    r.commit(message());
    const branches = (): string[] => r.git('for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').filter((b) => b && b !== 'main');
    const current = (): string | null => {
      const b = r.git('branch', '--show-current');
      return b || null;
    };
    const commitsOf = (): string[] => r.git('rev-list', '--all', '--', '.').split('\n').filter(Boolean);
    // Where a commit writes and who makes it: some only under .github/, some also elsewhere, some by a bot.
    const commitOptions = (): { files?: Record<string, string>; author?: string } => ({
      ...(rnd() < 0.5 ? { files: rnd() < 0.7 ? { [`.github/ci-${n}.yml`]: `${n}\n` } : { [`.github/x.yml`]: `${n}\n`, [`src/a${n % 3}.ts`]: `${n}\n` } } : {}),
      ...(rnd() < 0.2 ? { author: 'dependabot[bot] <bot@example.com>' } : {}),
    });
    const ops: Record<string, () => boolean> = {
      commit: () => (r.commit(message(), commitOptions()), true),
      branch: () => {
        const name = pick(['feat/checkout-', 'fix/search-', 'topic/', 'chore/', 'feat/later-']) + n;
        r.git('checkout', '-q', '-b', name, pick(['main', 'HEAD']));
        r.commit(message());
        return true;
      },
      switch: () => {
        const b = pick([...branches(), 'main']);
        r.git('checkout', '-q', b);
        return true;
      },
      merge: () => {
        const others = branches();
        if (!others.length) return false;
        r.git('checkout', '-q', 'main');
        const b = pick(others);
        r.merge(b, rnd() < 0.3 ? `Merge branch '${b}'\n\nGoal: ${pick(['search', 'platform'])}` : rnd() < 0.5 ? `Merge pull request #${n} from org/${b}` : undefined);
        return true;
      },
      mergeMain: () => {
        const others = branches();
        if (!others.length) return false;
        r.git('checkout', '-q', pick(others));
        r.merge('main');
        return true;
      },
      amend: () => (r.git('commit', '-q', '--amend', '--allow-empty', '-m', message()), true),
      rebase: () => {
        const b = current();
        if (!b || b === 'main') return false;
        r.git('rebase', '-q', 'main');
        return true;
      },
      reset: () => {
        if (r.git('rev-list', '--count', 'HEAD') === '1') return false;
        r.git('reset', '-q', '--hard', rnd() < 0.7 ? 'HEAD~1' : 'HEAD~2');
        return true;
      },
      detach: () => {
        if (r.git('rev-list', '--count', 'HEAD') === '1') return false;
        r.git('checkout', '-q', '--detach', 'HEAD~1');
        return true;
      },
      deleteBranch: () => {
        const b = branches().filter((x) => x !== current());
        if (!b.length) return false;
        r.git('branch', '-q', '-D', pick(b));
        return true;
      },
      note: () => {
        const sha = pick(commitsOf());
        if (rnd() < 0.25) r.git('notes', '--ref=goals', 'remove', '--ignore-missing', sha);
        else r.git('notes', '--ref=goals', 'add', '-f', '-m', `Goal: ${pick(['checkout', 'search', 'platform', 'typo'])}`, sha);
        return true;
      },
      config: () => {
        const b = pick([...branches(), 'feat/checkout-x']);
        if (rnd() < 0.3) r.git('config', '--unset-all', `branch.${b}.goal`);
        else r.git('config', `branch.${b}.goal`, pick(['search', 'platform', 'unknown-goal']));
        return true;
      },
      goalsTitle: () => {
        const g = pick(goals);
        g.title = `${g.title.split(' #')[0]} #${n++}`;
        return true;
      },
      goalsKeys: () => {
        const g = pick(goals);
        if (rnd() < 0.5) g.keys = g.keys.length ? [] : ['SHOP-1', 'SRCH-*'];
        else g.branches = g.branches.length ? [] : ['topic/*', 'fix/*'];
        return true;
      },
      goalsRules: () => {
        const g = pick(goals);
        const which = pick(['authors', 'subjects', 'changes'] as const);
        // `changes` stays on some goal: adding the first (or dropping the last) is a new log, a cold build by design.
        const variants = { authors: [['dependabot*'], ['*@example.com'], []], subjects: [['Bump *'], ['fix ?*'], []], changes: [['.github/**'], ['src/**', '.github/*.yml']] };
        g[which] = pick(variants[which]);
        if (!goals.some((x) => x.changes?.length)) g.changes = ['.github/**'];
        return true;
      },
      goalsIds: () => {
        const later = goals.findIndex((g) => g.id === 'later');
        if (later >= 0) goals.splice(later, 1);
        else goals.push({ id: 'later', title: 'Later', keys: ['SHOP-3'], branches: [] });
        return true;
      },
    };
    const names = Object.keys(ops);
    const weights: Record<string, number> = { commit: 5, branch: 2, switch: 2, merge: 2, mergeMain: 1, amend: 1, rebase: 1, reset: 1, detach: 1, deleteBranch: 1, note: 2, config: 1, goalsTitle: 1, goalsKeys: 1, goalsRules: 1, goalsIds: 1 };
    const bag = names.flatMap((k) => Array<string>(weights[k]).fill(k));

    const repo = await GitRepo.open(r.dir);
    const read = async (): Promise<{ goalsFile: GoalsFile; snapshot: RepoSnapshot }> => ({
      goalsFile: parseGoalsFile(goalsText(goals)),
      snapshot: await repo.readSnapshot({ allRefs, trailerKey: 'Goal', files: goals.some((g) => g.changes?.length) }),
    });
    let { goalsFile, snapshot } = await read();
    let index = buildIndex(goalsFile, snapshot);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-inc-cache-'));
    cleanups.push(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
    let state: CacheState | null = null;
    const cachedLoad = async (step: number): Promise<GoalIndex> => {
      const text = goalsText(goals);
      const loaded = await loadIndexCached(r.dir, { allRefs, cacheDir, repo, goals: { goalsFile, text, absPath: path.join(r.dir, 'goals.yaml'), relPath: 'goals.yaml' }, previous: step % 2 ? state : null });
      await loaded.saved;
      state = loaded.state;
      return loaded.loaded.index;
    };
    if (mode === 'cache') await cachedLoad(0);
    let incremental = 0;
    const routed = new Set<string>();
    const done = new Map<string, number>();
    for (let step = 0; step < steps; step++) {
      const op = pick(bag);
      try {
        if (!ops[op]()) continue;
      } catch {
        // A git step that cannot apply here (no HEAD~2, a config key to unset that is not set...) is skipped.
        try {
          r.git('rebase', '--abort');
        } catch {
          // no rebase in progress
        }
        continue;
      }
      done.set(op, (done.get(op) ?? 0) + 1);
      const before = new Set(snapshot.commits.map((c) => c.sha));
      ({ goalsFile, snapshot } = await read());
      const after = new Set(snapshot.commits.map((c) => c.sha));
      const change = { added: snapshot.commits.filter((c) => !before.has(c.sha)), dropped: [...before].filter((s) => !after.has(s)) };
      const next = mode === 'cache' ? await cachedLoad(step) : updateIndex(index, goalsFile, snapshot, change);
      if (updateInfo(next)?.kind === 'incremental') incremental++;
      for (const list of next.links.values()) for (const l of list) if (l.source === 'author' || l.source === 'subject' || l.source === 'changes') routed.add(l.source);
      assert.deepStrictEqual(shape(next), shape(buildIndex(goalsFile, snapshot)), `seed ${seed}, step ${step} (${op}), ${allRefs ? 'all refs' : 'HEAD'}`);
      index = next;
    }
    // An older index of the line is never updated in place: it gives a cold build, and the same answer.
    return { incremental, ops: done, routed };
  } finally {
    r.cleanup();
    for (const c of cleanups.splice(0)) c();
  }
}

const cleanups: (() => void)[] = [];

describe('incremental index: equal to a cold build after every change', function () {
  this.timeout(300000);

  for (const [seed, allRefs] of [[1, true], [2, false], [3, true]] as const) {
    it(`random changes on a real repository (seed ${seed}, ${allRefs ? 'all refs' : 'HEAD only'})`, async () => {
      const { incremental, ops, routed } = await runSequence(seed, allRefs, 45);
      const applied = [...ops.values()].reduce((a, b) => a + b, 0);
      assert.deepStrictEqual([...routed].sort(), ['author', 'changes', 'subject'], 'every routing rule linked some commit');
      assert.ok(incremental >= applied - 3, `most steps were incremental (${incremental} of ${applied})`);
      assert.ok(ops.size >= 10, `many kinds of change were tried: ${[...ops.keys()].join(', ')}`);
    });
  }

  for (const [seed, allRefs] of [[4, true], [5, false]] as const) {
    it(`through the cache, from memory and from disk in turn (seed ${seed}, ${allRefs ? 'all refs' : 'HEAD only'})`, async () => {
      const { incremental, ops } = await runSequence(seed, allRefs, 40, 'cache');
      const applied = [...ops.values()].reduce((a, b) => a + b, 0);
      assert.ok(incremental >= applied - 3, `most loads updated the index (${incremental} of ${applied})`);
    });
  }

  it('a goals.yaml title edit re-links nothing; an older index gives a cold build with the same result', async () => {
    const r = TempRepo.create();
    try {
      r.commit('Initial commit');
      r.commit('SHOP-1 work\n\nGoal: checkout');
      const repo = await GitRepo.open(r.dir);
      const snapshot = await repo.readSnapshot({ allRefs: true, trailerKey: 'Goal' });
      const v1 = parseGoalsFile('version: 1\ngoals:\n  - id: checkout\n    title: One\n    keys: [SHOP-*]\n');
      const v2 = parseGoalsFile('version: 1\ngoals:\n  - id: checkout\n    title: Two\n    keys: [SHOP-*]\n');
      const first = buildIndex(v1, snapshot);
      const second = updateIndex(first, v2, snapshot, { added: [], dropped: [] });
      assert.deepStrictEqual(updateInfo(second), { kind: 'incremental', recomposed: 0 });
      assert.strictEqual(second.goals.get('checkout')?.title, 'Two');
      assert.strictEqual(second.links, first.links, 'the very same links');
      const again = updateIndex(first, v1, snapshot, { added: [], dropped: [] });
      assert.strictEqual(updateInfo(again)?.kind, 'cold');
      assert.deepStrictEqual(shape(again), shape(buildIndex(v1, snapshot)));
    } finally {
      r.cleanup();
    }
  });
});

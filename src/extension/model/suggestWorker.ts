// The suggestions worker: a worker thread that builds the suggestion model (core/suggest) from an index the host
// sends in slices, and answers for commits and drafts. The model's build (about a second at 200,000 commits) and
// the scoring of every untagged commit run here, never on the extension host's thread. An adapter only: every
// rule is core's. Bundled as dist/suggestWorker.js (esbuild.js); suggestWorkerClient.ts starts it.
import type { GoalIndex } from '../../core/index/goalIndex';
import { HIGH_CONFIDENCE, Suggester, type GoalSuggestion } from '../../core/suggest/suggest';
import type { CommitRecord, Link } from '../../core/types';
import { parentPort } from '../nodeAdapter';
import type { FromWorker, IndexMeta, ToWorker } from './suggestProtocol';

interface Build {
  meta: IndexMeta;
  commits: CommitRecord[];
  links: Map<string, readonly Link[]>;
  files: Map<string, readonly string[]>;
  untagged: string[];
  suggester?: Suggester;
  /** Asks that came before the model was built. */
  waiting: ToWorker[];
}

/** Untagged commits scored between two looks at the message queue: asks are answered in between. */
const BATCH = 250;

const builds = new Map<number, Build>();
const port = parentPort;

function post(m: FromWorker): void {
  port?.postMessage(m);
}

function indexOf(b: Build, untagged: readonly string[]): GoalIndex {
  const bySha = new Map<string, CommitRecord>();
  for (const c of b.commits) bySha.set(c.sha, c);
  return {
    ...b.meta,
    children: new Map(),
    commits: b.commits,
    bySha,
    links: b.links,
    untagged: untagged.flatMap((s) => bySha.get(s) ?? []),
    branches: [],
    branchConfig: new Map(),
    problems: [],
  };
}

const turn = () => new Promise<void>((r) => setImmediate(r));

async function build(id: number, b: Build, first: number): Promise<void> {
  const index = indexOf(b, b.untagged);
  const s = new Suggester(index, b.files);
  b.suggester = s;
  post({ type: 'built', id });
  for (const m of b.waiting.splice(0)) answer(m);
  const one: string[] = [];
  let entries: [string, GoalSuggestion[]][] = [];
  for (let k = 0; k < index.untagged.length; k++) {
    if (builds.get(id) !== b) return; // dropped: a newer index replaced it
    const sha = index.untagged[k].sha;
    const suggestions = s.suggest(sha).suggestions;
    if ((suggestions[0]?.confidence ?? 0) >= HIGH_CONFIDENCE) one.push(sha);
    if (k < first) entries.push([sha, suggestions]);
    if (k + 1 === Math.min(first, index.untagged.length)) {
      post({ type: 'suggestions', id, entries, done: true });
      entries = [];
    }
    if ((k + 1) % BATCH === 0) {
      if (entries.length) post({ type: 'suggestions', id, entries, done: false });
      entries = [];
      await turn();
    }
  }
  if (index.untagged.length === 0) post({ type: 'suggestions', id, entries: [], done: true });
  post({ type: 'oneStep', id, shas: one });
}

function answer(m: ToWorker): void {
  if (m.type !== 'ask' && m.type !== 'draft') return;
  const b = builds.get(m.id);
  const s = b?.suggester;
  if (!b) { post({ type: 'failed', id: m.id, q: m.q, message: 'no such build' }); return; }
  if (!s) {
    b.waiting.push(m);
    return;
  }
  const suggestions = m.type === 'ask' ? s.suggest(m.sha).suggestions : s.suggestDraft(m.draft);
  post({ type: 'answer', id: m.id, q: m.q, suggestions });
}

function receive(m: ToWorker): void {
  const b = builds.get(m.id);
  switch (m.type) {
    case 'begin':
      builds.set(m.id, { meta: m.meta, commits: [], links: new Map(), files: new Map(), untagged: [], waiting: [] });
      return;
    case 'commits':
      for (const c of m.commits) b?.commits.push(c);
      return;
    case 'links':
      for (const [sha, l] of m.links) b?.links.set(sha, l);
      return;
    case 'files':
      for (const [sha, f] of m.files) b?.files.set(sha, f);
      return;
    case 'untagged':
      for (const sha of m.shas) b?.untagged.push(sha);
      return;
    case 'build':
      if (!b) return;
      build(m.id, b, m.first).catch((err: unknown) => post({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) }));
      return;
    case 'drop':
      builds.delete(m.id);
      return;
    default:
      answer(m);
  }
}

port?.on('message', (m: ToWorker) => {
  try {
    receive(m);
  } catch (err) {
    post({ type: 'failed', id: m.id, q: 'q' in m ? m.q : undefined, message: err instanceof Error ? err.message : String(err) });
  }
});

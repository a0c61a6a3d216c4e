// Starts the suggestions worker (suggestWorker.ts) and talks to it: sends an index in slices, each copy short, with
// a turn of the event loop between them, and turns its answers into promises. Where no worker can start, the same
// answers are worked out on this thread, as before the worker existed. No vscode here: the benchmark uses it too.
import type { GoalIndex } from '../../core/index/goalIndex';
import { HIGH_CONFIDENCE, Suggester, type Draft, type GoalSuggestion } from '../../core/suggest/suggest';
import { path, Worker } from '../nodeAdapter';
import type { FromWorker, ToWorker } from './suggestProtocol';

/** The suggestions of one index, as they become known. */
export interface SuggestionsBuild {
  /** Suggestions of the newest untagged commits (up to `first`), filled in as they arrive. */
  readonly known: ReadonlyMap<string, readonly GoalSuggestion[]>;
  /** Resolves when the newest untagged commits' suggestions are all in `known`. */
  readonly firstReady: Promise<void>;
  /** Untagged commits whose first suggestion reaches HIGH_CONFIDENCE, once every untagged commit is scored. */
  readonly oneStep: Promise<ReadonlySet<string>>;
  ask(sha: string): Promise<GoalSuggestion[]>;
  draft(draft: Draft): Promise<GoalSuggestion[]>;
  dispose(): void;
}

/** Each slice copied to the worker should take about this long on the host's thread. */
const SLICE_MS = 8;

const turn = () => new Promise<void>((r) => setImmediate(r));

interface Pending {
  resolve(s: GoalSuggestion[]): void;
  reject(e: Error): void;
}

interface Live {
  known: Map<string, GoalSuggestion[]>;
  firstDone: () => void;
  oneStepDone: (s: ReadonlySet<string>) => void;
  failed: (e: Error) => void;
  asks: Map<number, Pending>;
}

export class SuggestWorker {
  private worker: InstanceType<typeof Worker> | undefined;
  private broken = false;
  private nextId = 1;
  private nextQ = 1;
  private readonly live = new Map<number, Live>();

  /** `file`: the worker's script (default: suggestWorker.js beside this bundle). */
  constructor(private readonly file = path.join(__dirname, 'suggestWorker.js')) {}

  /** Whether a worker thread is running (false: answers are worked out on this thread). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Starts building the suggestions of `index`; `first` newest untagged commits are answered up front. */
  start(index: GoalIndex, files: ReadonlyMap<string, readonly string[]>, first: number): SuggestionsBuild {
    const w = this.ensure();
    if (!w) return localBuild(index, files, first);
    const id = this.nextId++;
    let firstDone!: () => void;
    let oneStepDone!: (s: ReadonlySet<string>) => void;
    let failed!: (e: Error) => void;
    const firstReady = new Promise<void>((resolve, reject) => {
      firstDone = resolve;
      failed = reject;
    });
    const oneStep = new Promise<ReadonlySet<string>>((resolve, reject) => {
      oneStepDone = resolve;
      const f = failed;
      failed = (e) => {
        f(e);
        reject(e);
      };
    });
    firstReady.catch(() => undefined);
    oneStep.catch(() => undefined);
    const live: Live = { known: new Map(), firstDone, oneStepDone, failed, asks: new Map() };
    this.live.set(id, live);
    const send = (m: ToWorker) => this.worker?.postMessage(m);
    void (async () => {
      send({ type: 'begin', id, meta: { goalsFile: index.goalsFile, goals: index.goals, root: index.root, head: index.head, headRef: index.headRef, defaultBranch: index.defaultBranch, shallow: index.shallow, refs: index.refs } });
      await sliced(index.commits, (commits) => send({ type: 'commits', id, commits }), () => this.live.has(id));
      await sliced(index.links.entries(), (links) => send({ type: 'links', id, links }), () => this.live.has(id));
      await sliced(files.entries(), (f) => send({ type: 'files', id, files: f }), () => this.live.has(id));
      await sliced(index.untagged.map((c) => c.sha), (shas) => send({ type: 'untagged', id, shas }), () => this.live.has(id));
      send({ type: 'build', id, first });
    })().catch((err: unknown) => live.failed(err instanceof Error ? err : new Error(String(err))));
    const ask = (m: { type: 'ask'; sha: string } | { type: 'draft'; draft: Draft }) =>
      new Promise<GoalSuggestion[]>((resolve, reject) => {
        const q = this.nextQ++;
        live.asks.set(q, { resolve, reject });
        send({ ...m, id, q });
      });
    return {
      known: live.known,
      firstReady,
      oneStep,
      ask: (sha) => ask({ type: 'ask', sha }),
      draft: (draft) => ask({ type: 'draft', draft }),
      dispose: () => {
        if (!this.live.delete(id)) return;
        send({ type: 'drop', id });
        for (const p of live.asks.values()) p.reject(new Error('suggestions replaced by a newer index'));
      },
    };
  }

  dispose(): void {
    for (const l of this.live.values()) l.failed(new Error('suggestions worker stopped'));
    this.live.clear();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensure(): InstanceType<typeof Worker> | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const w = new Worker(this.file);
      w.unref(); // never what keeps a process (the command line, a test) running
      w.on('message', (m: FromWorker) => this.receive(m));
      w.on('error', (err) => this.stop(err));
      w.on('exit', () => this.stop(new Error('suggestions worker exited')));
      this.worker = w;
    } catch {
      this.broken = true;
    }
    return this.worker;
  }

  /** The worker failed or ended: what it was building fails, and this thread works out what is asked next. */
  private stop(err: Error): void {
    if (!this.worker) return;
    this.worker = undefined;
    this.broken = true;
    for (const l of this.live.values()) {
      l.failed(err);
      for (const p of l.asks.values()) p.reject(err);
    }
    this.live.clear();
  }

  private receive(m: FromWorker): void {
    const l = this.live.get(m.id);
    if (!l) return;
    switch (m.type) {
      case 'built':
        return;
      case 'suggestions':
        for (const [sha, s] of m.entries) l.known.set(sha, s);
        if (m.done) l.firstDone();
        return;
      case 'oneStep':
        l.oneStepDone(new Set(m.shas));
        return;
      case 'answer':
        l.asks.get(m.q)?.resolve(m.suggestions);
        l.asks.delete(m.q);
        return;
      case 'failed': {
        const err = new Error(`suggestions: ${m.message}`);
        if (m.q === undefined) { l.failed(err); return; }
        l.asks.get(m.q)?.reject(err);
        l.asks.delete(m.q);
      }
    }
  }
}

/**
 * Sends `items` in slices sized so that each copy takes about SLICE_MS, with a turn of the event loop after each;
 * stops early when `go` says the build was replaced.
 */
async function sliced<T>(items: Iterable<T>, send: (chunk: T[]) => void, go: () => boolean): Promise<void> {
  let size = 500;
  let chunk: T[] = [];
  const flush = async () => {
    const t0 = performance.now();
    send(chunk);
    chunk = [];
    const ms = performance.now() - t0;
    size = ms < SLICE_MS / 2 ? Math.min(size * 2, 50_000) : ms > SLICE_MS * 1.5 ? Math.max(50, size >> 1) : size;
    await turn();
  };
  for (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      await flush();
      if (!go()) return;
    }
  }
  if (chunk.length) await flush();
}

/** The same answers worked out on this thread (no worker could start). */
function localBuild(index: GoalIndex, files: ReadonlyMap<string, readonly string[]>, first: number): SuggestionsBuild {
  const s = new Suggester(index, files);
  const known = new Map<string, GoalSuggestion[]>();
  for (const c of index.untagged.slice(0, first)) known.set(c.sha, s.suggest(c.sha).suggestions);
  const oneStep = new Set(index.untagged.filter((c) => ((known.get(c.sha) ?? s.suggest(c.sha).suggestions)[0]?.confidence ?? 0) >= HIGH_CONFIDENCE).map((c) => c.sha));
  return {
    known,
    firstReady: Promise.resolve(),
    oneStep: Promise.resolve(oneStep),
    ask: (sha) => Promise.resolve(s.suggest(sha).suggestions),
    draft: (draft) => Promise.resolve(s.suggestDraft(draft)),
    dispose: () => undefined,
  };
}

// What the log pass does not keep about the default branch's first-parent chain: each commit's commit time (when
// it reached the default branch) and how many files it changed against its first parent (a delivery's batch
// size). One streamed `git log --first-parent` pass; after that only the commits above the tip read last, and,
// with a cache folder, kept on disk between runs. Git runs without a shell; the tip is a checked sha.
import { runSteps } from '../core/steps';
import { paced } from './paced';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { chainTipIn, DeliveryLog, type MainlineFact } from '../core/figures/deliveries';
import type { GoalIndex } from '../core/index/goalIndex';
import type { CommitRecord } from '../core/types';
import { spawnGitStream } from './exec';
import { hash, writeAtomically } from './indexCacheFile';
import type { GitRepo } from './repo';
import { loadIndex, type LoadedIndex, type LoadOptions } from './indexLoader';

/** The chain's facts as read up to `tip`. */
export interface MainlineFacts {
  readonly tip: string | null;
  readonly facts: ReadonlyMap<string, MainlineFact>;
  /** Chain commits read from git by the last call (0 when nothing moved). */
  readonly read: number;
}

const SHA = /^[0-9a-f]{40,64}$/;
const FORMAT = '--format=%x01%H %ct %P';

/** Push parser for `git log -z --name-only --format=%x01%H %ct %P`: a header token opens a commit, then its file names. */
export class MainlineParser {
  readonly facts = new Map<string, MainlineFact>();
  /** In the order git gave them (newest first), with their first parent. */
  readonly order: { sha: string; parent: string | null }[] = [];
  private current: { files: number | null } | null = null;
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let z = buf.indexOf(0, start); z !== -1; z = buf.indexOf(0, start)) {
      this.token(buf, start, z);
      start = z + 1;
    }
    this.rest = Buffer.from(buf.subarray(start));
  }

  end(): void {
    if (this.rest.length) this.token(this.rest, 0, this.rest.length);
    this.rest = Buffer.alloc(0);
  }

  private token(buf: Buffer, from: number, to: number): void {
    let s = from;
    while (s < to && buf[s] === 0x0a) s++;
    if (s === to) return;
    if (buf[s] === 0x01) {
      const [sha, ct, parent] = buf.toString('latin1', s + 1, to).trim().split(' ');
      const fact = { committedAt: Number(ct), files: 0 as number | null, parent: parent && SHA.test(parent) ? parent : null };
      if (SHA.test(sha) && Number.isFinite(fact.committedAt)) {
        this.facts.set(sha, fact);
        this.order.push({ sha, parent: parent && SHA.test(parent) ? parent : null });
        this.current = fact;
      } else this.current = null;
      return;
    }
    if (this.current && this.current.files !== null) this.current.files++;
  }
}

async function readChain(repo: GitRepo, tip: string, stop: string | null): Promise<MainlineParser> {
  const parser = new MainlineParser();
  const args = ['-c', 'log.showSignature=false', 'log', '--no-color', '--first-parent', '--diff-merges=first-parent', '--no-renames', '--name-only', '-z', FORMAT, '--end-of-options', tip];
  if (stop) args.push(`^${stop}`);
  args.push('--');
  await spawnGitStream(repo.root, repo.env, args, (b) => parser.push(b));
  parser.end();
  return parser;
}

/**
 * The facts of the first-parent chain from `tip`. With `previous`, only the commits above its tip are read, when
 * that tip is still on the chain; otherwise (a force push, a reset) the whole chain is read again.
 */
export async function readMainlineFacts(repo: GitRepo, tip: string | null, previous?: MainlineFacts | null): Promise<MainlineFacts> {
  if (tip === null || !SHA.test(tip)) return { tip: null, facts: new Map(), read: 0 };
  if (previous && previous.tip === tip) return { ...previous, read: 0 };
  if (previous?.tip && SHA.test(previous.tip)) {
    const got = await readChain(repo, tip, previous.tip);
    // Exact only when the new commits sit on the old tip: the last one read has it as its first parent.
    const last = got.order.at(-1);
    if (last && last.parent === previous.tip) {
      // A commit's facts never change, so the map is grown in place, not copied (a copy cost 50 ms at 200,000
      // commits): an older state holding it only sees facts of commits above its tip, which it never asks for.
      const facts = previous.facts as Map<string, MainlineFact>;
      for (const [sha, f] of got.facts) facts.set(sha, f);
      return { tip, facts, read: got.order.length };
    }
  }
  const got = await readChain(repo, tip, null);
  return { tip, facts: got.facts, read: got.order.length };
}

/** The default branch's tip (a sha), or null. */
export function defaultTipOf(index: GoalIndex): string | null {
  return index.refs.find((r) => r.name === index.defaultBranch)?.sha ?? null;
}

/** What a caller keeps between refreshes to work out only what changed. */
export interface FlowState {
  facts: MainlineFacts;
  log: DeliveryLog;
}

/**
 * loadIndex, and the deliveries of its default branch: the chain's facts (`git log --first-parent --name-only`,
 * as long a read as the history's) are read beside the history instead of after it.
 */
export async function loadIndexAndDeliveries(dir: string, options: LoadOptions = {}): Promise<LoadedIndex & { flow: FlowState }> {
  let early: Promise<MainlineFacts | null> | undefined;
  const onDefaultTip = (repo: GitRepo, tip: string | null): void => {
    early = readMainlineFacts(repo, tip).catch(() => null); // read again after the index if it failed here
  };
  const loaded = await loadIndex(dir, { ...options, onDefaultTip });
  const facts = early ? await early : null;
  const flow = await loadDeliveries(loaded.repo, loaded.index, facts ? { facts, log: DeliveryLog.empty() } : null);
  return { ...loaded, flow };
}

/** The deliveries of the index's default branch, updated from `previous` (the last call's result). */
export async function loadDeliveries(repo: GitRepo, index: GoalIndex, previous?: FlowState | null, options: { paced?: boolean } = {}): Promise<FlowState> {
  const facts = await readMainlineFacts(repo, defaultTipOf(index), previous?.facts);
  const tip = chainTipIn(facts.tip, facts.facts, (sha) => index.bySha.has(sha));
  // In pieces (paced.ts) only for a first read: an update changes the previous log's graph, which views read.
  const steps = (previous?.log ?? DeliveryLog.empty()).updateSteps(index.commits, tip, facts.facts);
  const log = options.paced && !previous?.log ? await paced(steps) : runSteps(steps);
  if (tip !== null && facts.tip !== null) await readBranchWork(repo, index, log, facts.tip);
  return { facts, log };
}

/**
 * Goal branches whose tips the index did not walk (it walks HEAD unless told to walk every ref): their commits the
 * default branch lacks, read in one small pass, so work in progress is seen whatever the scope.
 */
async function readBranchWork(repo: GitRepo, index: GoalIndex, log: DeliveryLog, tip: string): Promise<void> {
  const goalBranches = new Set(index.branches.map((b) => b.branch));
  const tips = [...new Set(index.refs.filter((r) => r.kind !== 'tag' && goalBranches.has(r.short) && SHA.test(r.sha) && !log.has(r.sha)).map((r) => r.sha))];
  if (tips.length === 0) return;
  const records: CommitRecord[] = [];
  let rest = '';
  const take = (line: string): void => {
    const [sha, at, parents, ...subject] = line.split('\x1f');
    if (SHA.test(sha)) records.push({ sha, parents: parents ? parents.split(' ') : [], author: '', email: '', time: Number(at), subject: subject.join('\x1f'), trailers: [], issueKeys: [] });
  };
  const args = ['-c', 'log.showSignature=false', 'log', '--no-color', '-z', '--format=%H%x1f%at%x1f%P%x1f%s', '--end-of-options', ...tips, `^${tip}`, '--'];
  await spawnGitStream(repo.root, repo.env, args, (b) => {
    const parts = (rest + b.toString('utf8')).split('\0');
    rest = parts.pop() ?? '';
    for (const line of parts) take(line);
  });
  if (rest) take(rest);
  log.addCommits(records);
}

/** Like {@link loadDeliveries}, keeping the chain's facts in `cacheDir` between runs of the command line. */
export async function loadDeliveriesCached(repo: GitRepo, index: GoalIndex, cacheDir: string): Promise<FlowState> {
  const file = path.join(cacheDir, `goal-lens-mainline-${hash(`${repo.root}\0${index.defaultBranch ?? ''}`).slice(0, 16)}.json`);
  const kept = await fsp
    .readFile(file, 'utf8')
    .then(parseFacts)
    .catch(() => null);
  const state = await loadDeliveries(repo, index, kept ? { facts: kept, log: DeliveryLog.empty() } : null);
  if (state.facts.read > 0 || !kept) {
    await fsp.mkdir(cacheDir, { recursive: true }).catch(() => undefined);
    await writeAtomically(file, serializeFacts(state.facts)).catch(() => undefined);
  }
  return state;
}

const FACTS_FORMAT = 2;

function serializeFacts(f: MainlineFacts): string {
  const rows: (string | number | null)[] = [];
  for (const [sha, x] of f.facts) rows.push(sha, x.committedAt, x.files, x.parent);
  return JSON.stringify({ v: FACTS_FORMAT, tip: f.tip, rows });
}

/** A kept file, or null when it is not one this program wrote (it is then read again from git). */
export function parseFacts(text: string): MainlineFacts | null {
  const d = JSON.parse(text) as { v?: unknown; tip?: unknown; rows?: unknown };
  if (d.v !== FACTS_FORMAT || typeof d.tip !== 'string' || !SHA.test(d.tip) || !Array.isArray(d.rows) || d.rows.length % 4 !== 0) return null;
  const facts = new Map<string, MainlineFact>();
  const rows = d.rows as unknown[];
  for (let k = 0; k < rows.length; k += 4) {
    const [sha, at, files, parent] = [rows[k], rows[k + 1], rows[k + 2], rows[k + 3]];
    if (typeof sha !== 'string' || typeof at !== 'number' || (files !== null && typeof files !== 'number') || (parent !== null && typeof parent !== 'string')) return null;
    facts.set(sha, { committedAt: at, files, parent });
  }
  return { tip: d.tip, facts, read: 0 };
}

// The dashboard's teams for "who is on board" (src/git/teams.ts), read in the background: the page is drawn at once
// and says "reading teams…" until they are ready (CODEOWNERS, and when the index lacks each commit's files one
// `git log --name-only` pass: seconds on a long history). Kept per repository for one index, scope and CODEOWNERS
// text: a refresh with a new index (HEAD moved, goals.yaml edited) or an edited CODEOWNERS reads them again.
import * as vscode from 'vscode';
import { memoTeamSource, type TeamSource } from '../../core/figures/onBoard';
import type { GoalIndex } from '../../core/index/goalIndex';
import type { OnBoardState } from '../../core/reports/dashboardData';
import { readCodeownersText, teamSource, type CodeownersText } from '../../git/teams';
import type { RepoState } from '../model/model';

export type TeamsNow = { teams: TeamSource } | { state: OnBoardState };

interface Entry {
  index: GoalIndex;
  allRefs: boolean;
  /** The CODEOWNERS path and text the source was built from ('' when there is none). */
  codeowners: string;
  result: TeamsNow;
}

const coKey = (co: CodeownersText | null): string => (co ? `${co.path}\0${co.text}` : '');

export class DashboardTeams implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** One check at a time per repository: a burst of refreshes does not start several reads. */
  private readonly checks = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** A repository's teams are ready (or failed): its page should be sent again. */
  readonly onDidChange = this.changed.event;
  private disposed = false;

  constructor(private readonly log?: (line: string) => void) {}

  /** The teams for the repository's current index if read, else why not; checks (in the background) that they are current. */
  now(repo: RepoState, allRefs: boolean): TeamsNow {
    const index = repo.index;
    if (!index) return { state: { reading: true } };
    this.schedule(repo, index, allRefs);
    const e = this.entries.get(repo.root);
    if (e && e.allRefs === allRefs && (e.index === index || sameHistory(e.index, index))) return e.result;
    return { state: { reading: true } };
  }

  /** The teams for the repository's current index, read if need be (the HTML export waits for them). */
  async wait(repo: RepoState, allRefs: boolean): Promise<TeamSource | undefined> {
    if (!repo.index) return undefined;
    const index = repo.index;
    this.schedule(repo, index, allRefs);
    await this.checks.get(repo.root);
    const e = this.entries.get(repo.root);
    return e && e.index === index && 'teams' in e.result ? e.result.teams : undefined;
  }

  private schedule(repo: RepoState, index: GoalIndex, allRefs: boolean): void {
    const root = repo.root;
    const before = this.checks.get(root) ?? Promise.resolve();
    const next = before.then(() => this.check(repo, index, allRefs));
    this.checks.set(root, next);
    void next.finally(() => this.checks.get(root) === next && this.checks.delete(root));
  }

  private async check(repo: RepoState, index: GoalIndex, allRefs: boolean): Promise<void> {
    if (this.disposed) return;
    const root = repo.root;
    let co: CodeownersText | null;
    try {
      co = await readCodeownersText(root);
    } catch (err) {
      this.settle(root, { index, allRefs, codeowners: '', result: { state: { error: message(err) } } });
      return;
    }
    const e = this.entries.get(root);
    if (e && e.index === index && e.allRefs === allRefs && e.codeowners === coKey(co)) return;
    const started = Date.now();
    let result: TeamsNow;
    try {
      result = { teams: memoTeamSource(await teamSource(repo.repo, index, { allRefs, codeowners: co })) };
      this.log?.(`${root}: teams from ${result.teams.from} read in ${Date.now() - started} ms`);
    } catch (err) {
      result = { state: { error: message(err) } };
      this.log?.(`${root}: teams not read: ${message(err)}`);
    }
    this.settle(root, { index, allRefs, codeowners: coKey(co), result });
  }

  private settle(root: string, entry: Entry): void {
    if (this.disposed) return;
    const had = this.entries.get(root);
    this.entries.set(root, entry);
    // A re-read that gives the same teams for the same index changes nothing on the page.
    if (had && had.index === entry.index && had.codeowners === entry.codeowners && had.allRefs === entry.allRefs) return;
    this.changed.fire(root);
  }

  dispose(): void {
    this.disposed = true;
    this.entries.clear();
    this.changed.dispose();
  }
}

/**
 * A new index of the same history (a refresh that found nothing new in git): the teams read for the last one stay
 * shown while they are read again, so the chart does not blink; a moved HEAD shows "reading teams…" instead.
 */
function sameHistory(a: GoalIndex, b: GoalIndex): boolean {
  return a.head === b.head && a.commits.length === b.commits.length;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

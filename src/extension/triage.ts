// Triage of untagged work in the editor: the suggestions of src/core/suggest for each untagged commit (the Goals
// view's rows and tooltips, the Tag and Add Goal Trailer pickers), accepting them (a note, as Tag Commit writes),
// and a command that walks the untagged commits of the view's window one at a time.
import { registerCommand } from './registerCommand';
import * as vscode from 'vscode';
import { ago } from '../core/dates';
import type { GoalIndex } from '../core/index/goalIndex';
import type { GoalSuggestion } from '../core/suggest/suggest';
import type { CommitRecord } from '../core/types';
import { requireTrust } from './trust';
import { pickGoal, pickRepository } from './goalPicker';
import { untaggedSuggestions } from './model/suggestions';
import { servesViaMerge } from './model/mergedHead';
import type { GoalLensModel, RepoState } from './model/model';
import { windowStart, type TimeWindow } from './settings';

/** Triage walks at most this many untagged commits, the most recent first, and says so when there are more. */
export const TRIAGE_WINDOW = 200;

/** "→ checkout-conversion 83%": a suggestion at the start of a row's description (so the sidebar never cuts it off). */
export function suggestionLabel(s: GoalSuggestion): string {
  return `→ ${s.goalId} ${Math.round(s.confidence * 100)}%`;
}

/** Appends the first suggestion of an untagged commit and its evidence to a tooltip (repository text escaped). */
export function appendSuggestion(md: vscode.MarkdownString, index: GoalIndex, s: GoalSuggestion | undefined): vscode.MarkdownString {
  if (!s) return md;
  md.appendMarkdown('\n\n$(lightbulb) **Suggested:** ');
  md.appendText(`${index.goals.get(s.goalId)?.title ?? s.goalId} (${s.goalId}), confidence ${Math.round(s.confidence * 100)}%`);
  for (const e of s.evidence) {
    md.appendMarkdown('\n- ');
    md.appendText(e.text);
  }
  return md;
}

/** The Accept link of an untagged line's hover or row: trusted for this one command only; no repository text in it. */
export function acceptLink(root: string, sha: string): string {
  const args = encodeURIComponent(JSON.stringify([{ root, sha }]));
  return `[$(check) Accept](command:goalLens.acceptSuggestion?${args} "Tag this commit with its suggested goal (a git note)")`;
}

/** A command argument: a sha or a suggestion row; arguments come from menus and keybindings, so each field is checked. */
type CommitLike = string | { commit?: CommitRecord; root?: string; sha?: string } | null;

function shaOf(arg: CommitLike): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  if (arg.commit && typeof arg.commit.sha === 'string') return arg.commit.sha;
  return typeof arg.sha === 'string' ? arg.sha : undefined;
}

/** The repository of a Goals tree row ("Untagged work": `slot.root`); not imported, the views import this file. */
function rowRoot(arg: unknown): string | undefined {
  const slot = arg && typeof arg === 'object' ? (arg as { slot?: { root?: unknown } }).slot : undefined;
  return typeof slot?.root === 'string' ? slot.root : undefined;
}

function rootOf(arg: CommitLike | undefined): string | undefined {
  return arg && typeof arg === 'object' && typeof arg.root === 'string' ? arg.root : undefined;
}

/**
 * Accepts the first suggestion of each commit: the same note Tag Commit writes (refs/notes/goals; the commits
 * themselves are never touched), then one refresh of the repository.
 */
export async function acceptSuggestions(
  model: Pick<GoalLensModel, 'refresh'>,
  state: RepoState,
  shas: readonly string[],
): Promise<{ done: Written[]; without: number; viaMerge: number }> {
  const trailer = state.index?.goalsFile.trailer ?? 'Goal';
  const done: Written[] = [];
  let without = 0;
  let viaMerge = 0;
  for (const sha of shas) {
    const first = (await untaggedSuggestions.forCommit(state, sha)).at(0);
    if (!first) {
      without++;
      continue;
    }
    // On an old merged branch, the default branch already counts this commit for the branch's goal via the merge.
    if (servesViaMerge(state.mergedHead, state.index, sha, first.goalId)) {
      viaMerge++;
      continue;
    }
    const { sha: full, added } = await state.repo.addNoteGoal(sha, first.goalId, trailer);
    done.push({ sha: full, goalId: first.goalId, added });
  }
  if (done.length) await model.refresh(state.root);
  return { done, without, viaMerge };
}

/** A goal written into a commit's note; `added` false when the note named it already (Undo leaves those). */
export interface Written {
  sha: string;
  goalId: string;
  added: boolean;
}

/** "checkout ×2, search": the goals written, most first. */
export function writtenGoals(done: readonly Written[]): string {
  const count = new Map<string, number>();
  for (const d of done) count.set(d.goalId, (count.get(d.goalId) ?? 0) + 1);
  return [...count.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([g, n]) => (n > 1 ? `${g} ×${n}` : g))
    .join(', ');
}

/** Undo of an accept or a triage: removes exactly the note lines it added (and nothing a note said before). */
export async function undoWritten(model: Pick<GoalLensModel, 'refresh'>, state: RepoState, done: readonly Written[]): Promise<number> {
  const trailer = state.index?.goalsFile.trailer ?? 'Goal';
  let removed = 0;
  for (const d of done) if (d.added && (await state.repo.removeNoteGoal(d.sha, d.goalId, trailer)).removed) removed++;
  if (removed) await model.refresh(state.root);
  return removed;
}

/** Says what was written, with an Undo button; resolves when the message is answered (or dismissed). */
async function reportWritten(model: Pick<GoalLensModel, 'refresh'>, state: RepoState, done: readonly Written[], text: string): Promise<void> {
  const undoable = done.filter((d) => d.added);
  const choice = await vscode.window.showInformationMessage(text, ...(undoable.length ? ['Undo'] : []));
  if (choice !== 'Undo') return;
  const removed = await undoWritten(model, state, undoable);
  void vscode.window.showInformationMessage(`Goal Lens: removed the ${removed === 1 ? 'goal' : `${removed} goals`} just written from the notes.`);
}

/** The commands: accept the first suggestion of one or several untagged commits, and triage one at a time. */
export function registerTriage(model: GoalLensModel, tree: { readonly filters: { timeWindow: TimeWindow; onlyMine: boolean } }): vscode.Disposable[] {
  const reg = registerCommand;

  const accept = async (arg?: CommitLike, selection?: readonly CommitLike[]): Promise<{ sha: string; goalId: string }[] | undefined> => {
    if (!requireTrust('Accepting a suggestion')) return undefined;
    const state = await pickRepository(model, rootOf(arg) ?? rootOf(selection?.[0]));
    if (!state?.index) return undefined;
    const picked = selection && selection.length > 0 ? selection : arg !== undefined ? [arg] : [];
    const shas = [...new Set(picked.map(shaOf).filter((s): s is string => !!s))];
    if (shas.length === 0) {
      void vscode.window.showInformationMessage('Goal Lens: select untagged commits in the Goals view to accept their suggestions.');
      return undefined;
    }
    const { done, without, viaMerge } = await acceptSuggestions(model, state, shas);
    const what = done.length === 1 ? `${done[0].sha.slice(0, 8)} now serves ${done[0].goalId}` : `${done.length} commits tagged: ${writtenGoals(done)}`;
    const merged = state.mergedHead;
    const already = viaMerge && merged ? `; ${viaMerge} already serve it via the merge of ${merged.branch} into ${merged.into}, no note written` : '';
    void reportWritten(model, state, done, `Goal Lens: ${what}${without ? `; ${without} had no suggestion` : ''}${already} (notes under refs/notes/goals).`);
    return done;
  };

  // From the palette: no argument; from the dashboard: a root; from an "Untagged work" row: that row (its repository).
  const triage = async (arg?: unknown): Promise<{ tagged: number; skipped: number } | undefined> => {
    if (!requireTrust('Triaging untagged work')) return undefined;
    const root = typeof arg === 'string' ? arg : rowRoot(arg);
    const state = await pickRepository(model, root);
    const index = state?.index;
    if (!state || !index) return undefined;
    const { timeWindow, onlyMine } = tree.filters;
    const since = windowStart(timeWindow, new Date());
    const email = onlyMine ? (state.userEmail ?? '\0nobody').toLowerCase() : undefined;
    const all = index.untagged.filter((c) => (since === undefined || c.time >= since) && (!email || c.email.toLowerCase() === email));
    // Thousands of untagged commits: start with the most recent ones, and say so.
    const commits = all.slice(0, TRIAGE_WINDOW);
    const windowNote = all.length > commits.length ? `, the most recent of ${all.length.toLocaleString('en-US')}` : '';
    if (windowNote) void vscode.window.showInformationMessage(`Goal Lens: triage starts with the ${commits.length} most recent of ${all.length.toLocaleString('en-US')} untagged commits.`);
    if (commits.length === 0) {
      void vscode.window.showInformationMessage('Goal Lens: no untagged commits in the Goals view\'s window.');
      return { tagged: 0, skipped: 0 };
    }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Goal Lens: reading which files each commit changed' }, () =>
      untaggedSuggestions.forCommit(state, commits[0].sha),
    );
    let skipped = 0;
    const written: Written[] = [];
    const trailer = index.goalsFile.trailer;
    const now = new Date();
    for (let k = 0; k < commits.length; k++) {
      const c = commits[k];
      const suggestions = await untaggedSuggestions.forCommit(state, c.sha);
      type Item = vscode.QuickPickItem & { goalId?: string; action?: 'other' | 'skip' };
      const items: Item[] = suggestions.map((s) => ({
        label: `$(lightbulb) ${index.goals.get(s.goalId)?.title ?? s.goalId}`,
        description: suggestionLabel(s),
        detail: s.evidence.map((e) => e.text).join('; '),
        goalId: s.goalId,
      }));
      if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
      // The commit's changes open beside the picker, so the choice is made on what it did.
      await Promise.resolve(vscode.commands.executeCommand('goalLens.openCommit', { root: state.root, sha: c.sha })).catch(() => undefined);
      items.push({ label: '$(list-selection) Another goal…', action: 'other' }, { label: '$(debug-step-over) Skip', action: 'skip' });
      const picked = await vscode.window.showQuickPick(items, {
        title: `Triage untagged work (${k + 1} of ${commits.length}${windowNote}): ${c.sha.slice(0, 8)} ${c.subject}`,
        placeHolder: `${c.author} · ${ago(c.time, now)}${suggestions.length ? '' : ' · no suggestion'} — pick its goal, or Skip; Escape stops`,
        ignoreFocusOut: true,
        matchOnDescription: true,
      });
      if (!picked) break;
      let goalId = picked.goalId;
      // The commit's own suggestions only: never the checked-out branch's goal for a commit of another branch.
      if (picked.action === 'other') goalId = (await pickGoal(state, { placeHolder: `Goal that ${c.sha.slice(0, 8)} serves`, target: { sha: c.sha } }))?.id;
      if (!goalId || picked.action === 'skip') {
        skipped++;
        continue;
      }
      const { sha, added } = await state.repo.addNoteGoal(c.sha, goalId, trailer);
      written.push({ sha, goalId, added });
    }
    const tagged = written.length;
    if (tagged) await model.refresh(state.root);
    void reportWritten(model, state, written, `Goal Lens: triage tagged ${tagged}${tagged ? ` (${writtenGoals(written)})` : ''} and skipped ${skipped} of ${commits.length} untagged commits.`);
    return { tagged, skipped };
  };

  return [
    untaggedSuggestions,
    reg('goalLens.acceptSuggestion', accept),
    reg('goalLens.triageUntagged', triage),
  ];
}

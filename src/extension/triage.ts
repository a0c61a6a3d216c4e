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

/** "checkout-conversion · 83%": a suggestion in a row's description. */
export function suggestionLabel(s: GoalSuggestion): string {
  return `${s.goalId} · ${Math.round(s.confidence * 100)}%`;
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
  md.appendMarkdown('\n\nAccept it with the check button of the row; select several rows to accept them together.');
  return md;
}

/** A command argument: a sha or a suggestion row; arguments come from menus and keybindings, so each field is checked. */
type CommitLike = string | { commit?: CommitRecord; root?: string } | null;

function shaOf(arg: CommitLike): string | undefined {
  return typeof arg === 'string' ? arg : arg && typeof arg === 'object' && arg.commit ? arg.commit.sha : undefined;
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
): Promise<{ done: { sha: string; goalId: string }[]; without: number; viaMerge: number }> {
  const trailer = state.index?.goalsFile.trailer ?? 'Goal';
  const done: { sha: string; goalId: string }[] = [];
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
    const { sha: full } = await state.repo.addNoteGoal(sha, first.goalId, trailer);
    done.push({ sha: full, goalId: first.goalId });
  }
  if (done.length) await model.refresh(state.root);
  return { done, without, viaMerge };
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
    const what = done.length === 1 ? `${done[0].sha.slice(0, 8)} now serves ${done[0].goalId}` : `${done.length} commits tagged with their suggested goals`;
    const merged = state.mergedHead;
    const already = viaMerge && merged ? `; ${viaMerge} already serve it via the merge of ${merged.branch} into ${merged.into}, no note written` : '';
    void vscode.window.showInformationMessage(`Goal Lens: ${what}${without ? `; ${without} had no suggestion` : ''}${already} (notes under refs/notes/goals).`);
    return done;
  };

  const triage = async (root?: string): Promise<{ tagged: number; skipped: number } | undefined> => {
    if (!requireTrust('Triaging untagged work')) return undefined;
    const state = await pickRepository(model, typeof root === 'string' ? root : undefined);
    const index = state?.index;
    if (!state || !index) return undefined;
    const { timeWindow, onlyMine } = tree.filters;
    const since = windowStart(timeWindow, new Date());
    const email = onlyMine ? (state.userEmail ?? '\0nobody').toLowerCase() : undefined;
    const commits = index.untagged.filter((c) => (since === undefined || c.time >= since) && (!email || c.email.toLowerCase() === email));
    if (commits.length === 0) {
      void vscode.window.showInformationMessage('Goal Lens: no untagged commits in the Goals view\'s window.');
      return { tagged: 0, skipped: 0 };
    }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Goal Lens: reading which files each commit changed' }, () =>
      untaggedSuggestions.forCommit(state, commits[0].sha),
    );
    let tagged = 0;
    let skipped = 0;
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
      items.push({ label: '$(list-selection) Another goal…', action: 'other' }, { label: '$(debug-step-over) Skip', action: 'skip' });
      const picked = await vscode.window.showQuickPick(items, {
        title: `Triage untagged work (${k + 1} of ${commits.length}): ${c.sha.slice(0, 8)} ${c.subject}`,
        placeHolder: `${c.author} · ${ago(c.time, now)}${suggestions.length ? '' : ' · no suggestion'} — pick its goal, or Skip; Escape stops`,
        ignoreFocusOut: true,
        matchOnDescription: true,
      });
      if (!picked) break;
      let goalId = picked.goalId;
      if (picked.action === 'other') goalId = (await pickGoal(state, `Goal that ${c.sha.slice(0, 8)} serves`))?.id;
      if (!goalId || picked.action === 'skip') {
        skipped++;
        continue;
      }
      await state.repo.addNoteGoal(c.sha, goalId, trailer);
      tagged++;
    }
    if (tagged) await model.refresh(state.root);
    void vscode.window.showInformationMessage(`Goal Lens: triage tagged ${tagged} and skipped ${skipped} of ${commits.length} untagged commits.`);
    return { tagged, skipped };
  };

  return [
    untaggedSuggestions,
    reg('goalLens.acceptSuggestion', accept),
    reg('goalLens.triageUntagged', triage),
  ];
}

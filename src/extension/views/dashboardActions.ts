// The dashboard's "N of M untagged can be tagged in one step" card as the way to take that step (issue 27 item 4):
// open triage, or accept every suggestion sure enough after a confirmation that lists them. The commits are the
// dashboard's: untagged, in its window, with a first suggestion at HIGH_CONFIDENCE or more (what the card counts).
import * as vscode from 'vscode';
import { HIGH_CONFIDENCE } from '../../core/suggest/suggest';
import type { GoalLensModel, RepoState } from '../model/model';
import { untaggedSuggestions } from '../model/suggestions';
import { acceptSuggestions, writtenGoals } from '../triage';
import { requireTrust } from '../trust';

/** Most commits named one by one in the confirmation; the rest are counted. */
const LISTED = 25;

export async function oneStepAction(model: GoalLensModel, state: RepoState, action: unknown, since: number | undefined): Promise<void> {
  if (action === 'triage') {
    await vscode.commands.executeCommand('goalLens.triageUntagged', state.root);
    return;
  }
  if (action !== 'accept' || !state.index) return;
  if (!requireTrust('Accepting suggestions')) return;
  const index = state.index;
  const untagged = index.untagged.filter((c) => since === undefined || c.time >= since);
  // The one-step set first (what the card counts), then each of those commits' suggestion for the list.
  const oneStep = await untaggedSuggestions.oneStepReady(state);
  const sure: { sha: string; line: string }[] = [];
  for (const c of untagged) {
    if (oneStep && !oneStep(c.sha)) continue;
    const first = (await untaggedSuggestions.forCommit(state, c.sha)).at(0);
    if (first && first.confidence >= HIGH_CONFIDENCE) sure.push({ sha: c.sha, line: `${c.sha.slice(0, 8)} ${c.subject.slice(0, 60)} → ${first.goalId} (${Math.round(first.confidence * 100)}%)` });
  }
  if (sure.length === 0) {
    void vscode.window.showInformationMessage('Goal Lens: no untagged commit of this window has a suggestion sure enough to accept in one step.');
    return;
  }
  const listed = sure.slice(0, LISTED).map((s) => s.line);
  if (sure.length > LISTED) listed.push(`and ${sure.length - LISTED} more`);
  const accept = `Accept ${sure.length}`;
  const choice = await vscode.window.showWarningMessage(
    `Tag ${sure.length} untagged commit${sure.length === 1 ? '' : 's'} with their suggested goal?`,
    { modal: true, detail: `Each gets a git note (refs/notes/goals); the commits are not changed.\n\n${listed.join('\n')}` },
    accept,
  );
  if (choice !== accept) return;
  const { done, without, viaMerge } = await acceptSuggestions(model, state, sure.map((s) => s.sha));
  void vscode.window.showInformationMessage(
    `Goal Lens: ${done.length} commit${done.length === 1 ? '' : 's'} tagged: ${writtenGoals(done)}${without ? `; ${without} had no suggestion any more` : ''}${viaMerge ? `; ${viaMerge} already served it via a merge` : ''}.`,
  );
}

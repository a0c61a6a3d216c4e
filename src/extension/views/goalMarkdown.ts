// Markdown for goal and commit tooltips and hovers. Every value that comes from the repository goes through
// appendText (escaped); the markdown is never trusted, so it can hold no command links.
import * as vscode from 'vscode';
import { ago } from '../../core/dates';
import { plural } from '../../core/reports/formats';
import { measureOf } from '../../core/reports/measure';
import type { GoalIndex } from '../../core/index/goalIndex';
import { isoDate } from '../../core/dates';
import { commitmentFigures, isPastDue, sayDoOf, stalenessText, type GoalFigures } from '../../core/figures/figures';
import { flowSummary, type GoalFlow } from '../../core/figures/flow';
import type { CommitRecord, Goal, Link } from '../../core/types';

export function untrustedMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true); // theme icons only
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}


/**
 * Appends the goal's card: title, id, status, outcome, owner, advisor, due date, say/do, activity. With the goal's
 * figures (the view's window) it shows their activity; without, say/do and past due still come from the core rules.
 */
export function appendGoal(md: vscode.MarkdownString, goal: Goal, now: Date, figures?: GoalFigures, flow?: GoalFlow): vscode.MarkdownString {
  const today = isoDate(now);
  const pastDue = figures ? figures.pastDue : isPastDue(goal, today);
  md.appendMarkdown('$(target) **');
  md.appendText(goal.title);
  md.appendMarkdown('** · ');
  md.appendText(goal.id);
  md.appendMarkdown('\n\n');
  md.appendText(`Status: ${goal.status}${pastDue ? ' · past due' : ''}${figures?.stale ? ` · stale: ${stalenessText(figures, now)}` : ''}`);
  md.appendMarkdown('\n\n');
  if (goal.outcome) {
    const o = goal.outcome;
    const latest = o.measurements.length ? o.measurements[o.measurements.length - 1] : undefined;
    const num = (n: number | undefined): string => (n === undefined ? '?' : measureOf(o, n));
    const steps = [`baseline ${num(o.baseline)}`];
    if (latest) steps.push(`${num(latest.value)} on ${latest.date}`);
    steps.push(`target ${num(o.target)}`);
    md.appendMarkdown('**Outcome:** ');
    md.appendText(`${o.metric}: ${steps.join(' → ')}`);
    md.appendMarkdown('\n\n');
  }
  const people: string[] = [];
  if (goal.owner) people.push(`Owner: ${goal.owner}`);
  if (goal.advisor) people.push(`IT advisor: ${goal.advisor}`);
  if (goal.due) people.push(`Due: ${goal.due}`);
  if (people.length) {
    md.appendText(people.join(' · '));
    md.appendMarkdown('\n\n');
  }
  const sd = figures ? figures.sayDo : sayDoOf(commitmentFigures(goal, today).map((c) => c.state));
  if (goal.commitments.length) {
    md.appendText(
      sd.due
        ? `Say/do: ${sd.keptOnTime} of ${sd.due} commitments kept on time (${Math.round((sd.ratio ?? 0) * 100)}%)${sd.late ? `, ${sd.late} late` : ''}${sd.missed ? `, ${sd.missed} missed` : ''}`
        : `Say/do: ${goal.commitments.length} commitment${goal.commitments.length === 1 ? '' : 's'}, none due yet`,
    );
    md.appendMarkdown('\n\n');
  }
  if (figures) {
    md.appendText(figures.totalCommits && figures.lastAt !== null ? `${plural(figures.totalCommits, 'commit')}, last ${ago(figures.lastAt, now)}` : 'No commits in this view');
    md.appendMarkdown('\n\n');
  }
  if (flow) {
    md.appendMarkdown('$(git-merge) ');
    md.appendText(flowSummary(flow, now));
    md.appendMarkdown('\n\n');
  }
  return md;
}

/** Appends a commit's line and the reasons it serves each goal. */
export function appendCommit(md: vscode.MarkdownString, index: GoalIndex, c: CommitRecord, now: Date): vscode.MarkdownString {
  // A sha is hex (checked), so it can sit in a code span unescaped.
  md.appendMarkdown(/^[0-9a-f]+$/.test(c.sha) ? `$(git-commit) \`${c.sha.slice(0, 8)}\` ` : '$(git-commit) ');
  md.appendText(c.subject);
  md.appendMarkdown('\n\n');
  md.appendText(`${c.author} · ${ago(c.time, now)}`);
  md.appendMarkdown('\n\n');
  appendLinks(md, index, index.links.get(c.sha));
  return md;
}

export function appendLinks(md: vscode.MarkdownString, index: GoalIndex, links: readonly Link[] | undefined): void {
  if (!links || links.length === 0) {
    md.appendText('Untagged: this commit serves no goal.');
    md.appendMarkdown('\n\n');
    return;
  }
  for (const l of links) {
    md.appendMarkdown('- ');
    md.appendText(`${index.goals.get(l.goalId)?.title ?? l.goalId} (${l.goalId}) — ${l.detail}`);
    md.appendMarkdown('\n');
  }
  md.appendMarkdown('\n');
}

// Explain Commit's answer as a read-only markdown document: it can be read at length, searched and copied,
// and it stays open beside the code. Scheme goal-lens-explain; the text is kept per commit while the window lives.
import * as vscode from 'vscode';
import { ago } from '../core/dates';
import type { GoalIndex } from '../core/index/goalIndex';
import type { Link } from '../core/types';
import type { CommitSummary } from '../git/commitChanges';
import type { MergeInfo } from './mergeInfo';

export const EXPLAIN_SCHEME = 'goal-lens-explain';

export class ExplainDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores the text for a commit and returns the document's URI (the same URI again for the same commit). */
  set(sha: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${sha.slice(0, 8)} explained.md`, query: sha });
    const had = this.texts.has(uri.toString());
    this.texts.set(uri.toString(), text);
    if (had) this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'Goal Lens: run Explain Commit again to see this commit explained.';
  }
}

/**
 * Repository text in the markdown, which people read as source in an editor and may preview. Plain text stays as
 * it is; text with a character markdown could read as markup (emphasis, links, HTML, entities, math) goes in a code
 * span, literal in both views, with no backslashes to read past. Never at a line's start, where `#` or `-` is markup.
 */
function literal(s: string): string {
  const one = s.replace(/\r?\n|\r/g, ' ');
  if (!/[\\`*_{}[\]<>|~&$]/.test(one)) return one;
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || one.startsWith(' ') || one.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

/** A goal id, always as code (ids are plain, but an unknown one comes from a commit message). */
function idSpan(id: string): string {
  const l = literal(id);
  return l.startsWith('`') ? l : `\`${l}\``;
}

const SOURCE_WORDS: Record<Link['source'], string> = {
  trailer: 'a trailer in the commit message',
  note: 'a git note (refs/notes/goals)',
  key: "an issue key matching the goal's keys",
  branch: 'the branch it was made on',
  merge: 'the merge that brought it in',
  author: "its author, matching the goal's authors globs",
  subject: "its subject, matching the goal's subjects globs",
  changes: "its changed files, all under the goal's changes globs",
};

/** The explanation of one commit: what it serves and why, strongest link first, and what to do next. */
export function explainMarkdown(
  index: GoalIndex,
  c: CommitSummary,
  links: readonly Link[],
  now: Date,
  suggestions: readonly { goal: { id: string; title: string }; why: string }[] = [],
  merge?: MergeInfo,
): string {
  const out: string[] = [];
  out.push(`# ${c.sha.slice(0, 8)} ${literal(c.subject)}`, '');
  out.push(`Commit \`${c.sha}\` by ${literal(c.author)}, ${ago(c.time, now)}`, '');
  if (!index.bySha.has(c.sha)) {
    out.push('## Not in the indexed history', '');
    out.push('This commit is not reachable from what Goal Lens counts (the checked-out HEAD, or every ref with the `goalLens.scope` setting `allRefs`), so it counts for no goal.', '');
  } else if (merge) {
    out.push(...mergeSection(index, merge, links));
  } else if (links.length === 0) {
    out.push('## Untagged', '');
    out.push('No trailer, note, issue key, branch or merge links this commit to a goal.', '');
    if (suggestions.length) {
      out.push('### Suggested', '');
      for (const sg of suggestions) out.push(`- **${literal(sg.goal.title)}** (${idSpan(sg.goal.id)}): ${literal(sg.why)}`);
      out.push('');
    }
    out.push('Give it one with **Goal Lens: Tag Commit with Goal** (a git note; history is not rewritten).', '');
  } else {
    out.push('## Serves', '');
    for (const l of links) {
      const goal = index.goals.get(l.goalId);
      out.push(`- **${literal(goal?.title ?? l.goalId)}** (${idSpan(l.goalId)}${goal ? `, ${goal.status}` : ', not in goals.yaml'}): ${literal(l.detail)}, through ${SOURCE_WORDS[l.source]}`);
    }
    out.push('', 'The strongest link comes first: a trailer, then a note, an issue key, the branch, the merge.', '');
  }
  out.push('## Next', '');
  out.push('- Tag it: **Goal Lens: Tag Commit with Goal** (a git note; history is not rewritten)');
  out.push('- Its changes: **Goal Lens: Open Commit Changes**');
  out.push('- A goal in goals.yaml: **Goal Lens: Reveal Goal in goals.yaml**', '');
  return out.join('\n');
}

/** Most brought commits listed under a merge (the count is complete). */
const MAX_BROUGHT = 20;

/** A merge: not counted itself; what it brought, and the goal it gave them. */
function mergeSection(index: GoalIndex, merge: MergeInfo, links: readonly Link[]): string[] {
  const out = ['## Merge (not counted)', ''];
  out.push(`Merges count for no goal themselves; the commits a merge brings do. This merge brought ${merge.brought.length} commit${merge.brought.length === 1 ? '' : 's'}.`, '');
  if (merge.viaMerge.size) {
    out.push('Through this merge they serve:', '');
    for (const [id, n] of merge.viaMerge) {
      const goal = index.goals.get(id);
      out.push(`- **${literal(goal?.title ?? id)}** (${idSpan(id)}): ${n} commit${n === 1 ? '' : 's'}`);
    }
    out.push('');
  } else if (merge.brought.length) {
    out.push('It gives them no goal: neither its message, a note on it nor its branch name names one. Tagging the merge gives every commit it brought that goal.', '');
  }
  if (links.length) {
    out.push('The merge itself names:', '');
    for (const l of links) out.push(`- ${idSpan(l.goalId)}: ${literal(l.detail)}, through ${SOURCE_WORDS[l.source]}`);
    out.push('');
  }
  if (merge.brought.length) {
    out.push('### Brought', '');
    for (const b of merge.brought.slice(0, MAX_BROUGHT)) {
      out.push(`- \`${b.sha.slice(0, 8)}\` ${literal(b.subject)}: ${b.goals.length ? b.goals.map(idSpan).join(', ') : 'untagged'}`);
    }
    if (merge.brought.length > MAX_BROUGHT) out.push(`- and ${merge.brought.length - MAX_BROUGHT} more`);
    out.push('');
  }
  return out;
}

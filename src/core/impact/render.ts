// Renderings of `goal-lens impact <path>`: plain text (the default) and Markdown. JSON is the FullImpact itself.
import { ago } from '../dates';
import { mdCell, percent } from '../reports/formats';
import { ownerSummary, type FullImpact } from './impact';

const s = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** How many dependents are listed one by one before the rest is summed up by folder. */
export const LISTED_DEPENDENTS = 50;

/** "3 direct, 41 more through 2 hops" (or "none"). */
export function dependentsSummary(r: FullImpact): string {
  const direct = r.dependents.filter((d) => d.distance === 1).length;
  const further = r.dependents.length - direct;
  const hops = r.dependents.length ? r.dependents[r.dependents.length - 1].distance : 0;
  if (!r.dependents.length) return 'none';
  return further ? `${direct} direct, ${further} more through up to ${s(hops, 'hop')}` : `${direct} direct`;
}

/** "a/B.java <- a/C.java <- x/D.java": the chain from the target to a dependent. */
export function viaChain(via: readonly string[], path: string): string {
  return [...via, path].join(' <- ');
}

/** Plain-text rendering of `goal-lens impact <path>`. */
export function impactToText(r: FullImpact, title: (goalId: string) => string, now: Date): string {
  const out: string[] = [];
  out.push(`${r.path || '.'}: ${s(r.commits, 'commit')}, ${r.untagged} untagged (${percent(r.commits ? r.untagged / r.commits : 0)})`);
  if (r.declared.length) {
    out.push('declared in goals.yaml:');
    for (const d of r.declared) out.push(`  ${d.goalId}: ${title(d.goalId)} (paths ${d.glob})`);
  }
  if (r.history.length) {
    out.push('from history:');
    for (const h of r.history) {
      out.push(`  ${h.goalId}: ${title(h.goalId)}: ${s(h.commits, 'commit')} (${percent(h.share)}), ${s(h.authors, 'author')}, last ${ago(h.lastCommitAt, now)}`);
    }
  }
  if (r.indirect.length) {
    out.push(`through dependents (${dependentsSummary(r)}), nearest first:`);
    for (const d of r.indirect) {
      const via = d.via.slice(0, 5).join(', ') + (d.via.length > 5 ? ` and ${d.via.length - 5} more` : '');
      out.push(`  ${d.goalId}: ${title(d.goalId)}: distance ${d.distance}, ${s(d.commits, 'commit')}, ${s(d.authors, 'author')}, last ${ago(d.lastCommitAt, now)}, via ${via}`);
    }
  } else if (r.dependents.length) {
    out.push(`depended on by ${s(r.dependents.length, 'file')} (${dependentsSummary(r)}), none changed by tagged work`);
  }
  if (!r.declared.length && !r.history.length && !r.indirect.length) out.push('serves no goal yet');
  if (r.dependents.length) {
    out.push(`dependents (${dependentsSummary(r)}):`);
    for (const d of r.dependents.slice(0, LISTED_DEPENDENTS)) {
      out.push(`  ${d.distance}  ${d.path}${d.distance > 1 ? `  via ${d.via.slice(1).join(' <- ')}` : ''}`);
    }
    if (r.dependents.length > LISTED_DEPENDENTS) out.push(`  ... and ${r.dependents.length - LISTED_DEPENDENTS} more (--format json lists all)`);
    out.push('by folder:');
    for (const f of r.dependentFolders.slice(0, 20)) out.push(`  ${f.path}/: ${s(f.files, 'file')}, nearest ${f.distance}`);
    if (r.dependentFolders.length > 20) out.push(`  ... and ${r.dependentFolders.length - 20} more folders`);
  }
  if (r.codeownersPath) {
    out.push(`owners (${r.codeownersPath}): ${r.owners.length ? r.owners.join(', ') : 'none'}`);
    for (const o of r.ownerRollup) out.push(`  ${ownerSummary(o)} (${s(o.commits, 'commit')})`);
  }
  return out.join('\n') + '\n';
}

const code = (t: string): string => `\`${t.replace(/`/g, "'")}\``;

/** Markdown rendering of `goal-lens impact <path> --format md`: text from the repository is escaped. */
export function impactToMarkdown(r: FullImpact, title: (goalId: string) => string, now: Date): string {
  const lines: string[] = [`# Impact of ${code(r.path || '.')}`, ''];
  lines.push(`${r.isFolder ? 'Folder' : 'File'}: ${s(r.commits, 'commit')}, ${r.untagged} untagged (${percent(r.commits ? r.untagged / r.commits : 0)}). Dependents: ${dependentsSummary(r)}.`);
  lines.push('', '## Goals', '');
  if (!r.declared.length && !r.history.length && !r.indirect.length) lines.push('Serves no goal yet.');
  else {
    lines.push('| Goal | How | Distance | Commits | Last | Via |', '| --- | --- | ---: | ---: | --- | --- |');
    for (const d of r.declared) lines.push(`| ${mdCell(title(d.goalId))} (${code(d.goalId)}) | declared: paths ${code(d.glob)} | 0 | | | |`);
    for (const h of r.history) lines.push(`| ${mdCell(title(h.goalId))} (${code(h.goalId)}) | history (${percent(h.share)}) | 0 | ${h.commits} | ${ago(h.lastCommitAt, now)} | |`);
    for (const d of r.indirect) {
      const via = d.via.slice(0, 3).map(code).join(', ') + (d.via.length > 3 ? ` and ${d.via.length - 3} more` : '');
      lines.push(`| ${mdCell(title(d.goalId))} (${code(d.goalId)}) | through dependents | ${d.distance} | ${d.commits} | ${ago(d.lastCommitAt, now)} | ${via} |`);
    }
  }
  if (r.dependents.length) {
    lines.push('', '## Dependents', '', '| Distance | File | Via |', '| ---: | --- | --- |');
    for (const d of r.dependents.slice(0, LISTED_DEPENDENTS)) lines.push(`| ${d.distance} | ${code(d.path)} | ${d.via.slice(1).map(code).join(' ← ')} |`);
    if (r.dependents.length > LISTED_DEPENDENTS) lines.push('', `And ${r.dependents.length - LISTED_DEPENDENTS} more (\`--format json\` lists all).`);
    lines.push('', '### By folder', '', '| Folder | Files | Nearest |', '| --- | ---: | ---: |');
    for (const f of r.dependentFolders) lines.push(`| ${code(f.path)} | ${f.files} | ${f.distance} |`);
  }
  if (r.codeownersPath) {
    lines.push('', `## Owners (${code(r.codeownersPath)})`, '', r.owners.length ? r.owners.map(mdCell).join(', ') : 'none');
    for (const o of r.ownerRollup) lines.push(`- ${mdCell(ownerSummary(o))} (${s(o.commits, 'commit')})`);
  }
  return lines.join('\n') + '\n';
}

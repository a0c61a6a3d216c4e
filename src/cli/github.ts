// GitHub Actions output for `check --format github`: workflow-command annotations on stdout and a Markdown job
// summary. Escaping follows GitHub's runner: data escapes % CR LF; properties also escape : and ,.
import { mdCell } from '../core/reports/formats';
import type { Problem, Severity } from '../core/types';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * One `::error file=...,line=...,col=...::message` line. `file` is the problem's file as the workflow sees it
 * (relative to GITHUB_WORKSPACE), or null for problems that are not in a file (a commit of the range).
 */
export function annotation(p: Problem, file: string | null): string {
  const props = file === null
    ? [`title=${escapeProperty(p.file)}`]
    : [`file=${escapeProperty(file)}`, `line=${p.line}`, `col=${p.column}`, ...(p.endLine ? [`endLine=${p.endLine}`] : []), ...(p.endColumn && p.endLine === p.line ? [`endColumn=${p.endColumn}`] : [])];
  return `::${COMMAND[p.severity]} ${props.join(',')}::${escapeData(p.message)}`;
}

export interface CheckSummary {
  ok: boolean;
  goals: number;
  /** Commits checked, when a range was given. */
  commits?: number;
  range?: string;
  problems: readonly Problem[];
}

/** The Markdown appended to $GITHUB_STEP_SUMMARY. */
export function checkSummaryMarkdown(s: CheckSummary): string {
  const errors = s.problems.filter((p) => p.severity === 'error').length;
  const warnings = s.problems.filter((p) => p.severity === 'warning').length;
  const scope = s.commits === undefined ? '' : `, ${s.commits} commit${s.commits === 1 ? '' : 's'} checked${s.range ? ` (\`${s.range.replace(/`/g, '')}\`)` : ''}`;
  const lines = [
    `### Goal Lens: ${s.ok ? 'ok' : 'problems found'}`,
    '',
    `${s.goals} goal${s.goals === 1 ? '' : 's'}${scope}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  ];
  if (s.problems.length) {
    lines.push('', '| | where | problem |', '| --- | --- | --- |');
    for (const p of s.problems) {
      const where = p.file.startsWith('commit ') ? p.file : `${p.file}:${p.line}:${p.column}`;
      lines.push(`| ${p.severity} | ${mdCell(where)} | ${mdCell(p.message)} |`);
    }
  }
  return lines.join('\n') + '\n';
}

// The Goals view's message about goals files that cannot be used: said once per file, here and nowhere else in
// the view (the repository row and its rows stay plain), because the message is the one place that wraps: file,
// line, error and what the view shows meanwhile are read whole at the default side bar width.
import type { RepoState } from '../../model/model';
import { brokenBy } from '../../model/model';
import { path } from '../../nodeAdapter';

/**
 * One sentence per goals file: broken on disk (the model's last read), else with unsaved errors in its open buffer
 * (`unsaved`: path -> "line N: message", dirty buffers only). With several repositories each names its repository.
 */
export function goalsViewMessage(repos: readonly RepoState[], unsaved: ReadonlyMap<string, string>): string | undefined {
  const said: string[] = [];
  const several = repos.length > 1;
  for (const repo of repos) {
    const of = several ? `${path.basename(repo.root)}: ` : '';
    const broken = repo.goalsFile && brokenBy(repo.goalsFile);
    if (broken) {
      const meanwhile = repo.index ? 'This view shows the last good version of the file until it is fixed.' : 'Its goals show once it is fixed.';
      said.push(`${of}${broken.file} line ${broken.line}: ${sentence(broken.message)} ${meanwhile}`);
      continue;
    }
    const error = unsaved.get(repo.goalsPath);
    if (error) said.push(`${of}${path.basename(repo.goalsPath)} has unsaved errors (${error}). This view shows the saved version of the file.`);
  }
  // An open goals file no repository reads as its own (a shared one): its unsaved errors are said too.
  for (const [file, error] of unsaved) {
    if (!repos.some((r) => r.goalsPath === file)) said.push(`${path.basename(file)} has unsaved errors (${error}). This view shows the saved version of the file.`);
  }
  return said.length ? said.join('\n') : undefined;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

// Which git repositories the workspace folders hold, and which of them have a goals file. No vscode here: the unit
// tests run it on plain Node with real repositories (test/unit/discovery.test.ts).
import { GitMissingError, NotARepositoryError } from '../../git/errors';
import { GitRepo } from '../../git/repo';
import { fileExists, path } from '../nodeAdapter';

export interface FoundRepository {
  readonly repo: GitRepo;
  /** Absolute path of its goals file (from the goalLens.goalsFile setting of the repository). */
  readonly goalsPath: string;
}

export type Discovery =
  | { readonly kind: 'gitMissing'; readonly error: GitMissingError }
  | {
      readonly kind: 'found';
      readonly withGoals: readonly FoundRepository[];
      readonly withoutGoals: readonly FoundRepository[];
      /** Folders that are repositories Goal Lens cannot read (bare, refused by safe.directory), with the error. */
      readonly folderErrors: readonly { folder: string; error: unknown }[];
    };

export interface DiscoveryOptions {
  readonly gitEnv?: NodeJS.ProcessEnv;
  /** The goals file setting of the repository at `root` (relative to it, or absolute). */
  readonly goalsFileOf: (root: string) => string;
}

/** Opens the repository of each folder (once per repository, however many folders it holds). */
export async function discoverRepositories(folders: readonly string[], options: DiscoveryOptions): Promise<Discovery> {
  const repos = new Map<string, GitRepo>();
  const folderErrors: { folder: string; error: unknown }[] = [];
  for (const folder of folders) {
    try {
      const repo = await GitRepo.open(folder, { env: options.gitEnv });
      if (!repos.has(repo.root)) repos.set(repo.root, repo);
    } catch (error) {
      if (error instanceof GitMissingError) return { kind: 'gitMissing', error };
      if (!(error instanceof NotARepositoryError)) folderErrors.push({ folder, error });
    }
  }
  const withGoals: FoundRepository[] = [];
  const withoutGoals: FoundRepository[] = [];
  for (const [root, repo] of repos) {
    const goalsPath = path.resolve(root, options.goalsFileOf(root));
    ((await fileExists(goalsPath)) ? withGoals : withoutGoals).push({ repo, goalsPath });
  }
  return { kind: 'found', withGoals, withoutGoals, folderErrors };
}

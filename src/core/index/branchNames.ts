// Branch names as the index compares them: without the remote, and the default branch by its short name.

export function withoutRemote(short: string): string {
  const slash = short.indexOf('/');
  return slash >= 0 ? short.slice(slash + 1) : short;
}

/** Short name of a default branch ('main' for refs/heads/main or refs/remotes/origin/main), as branches are compared. */
export function defaultBranchShortName(defaultBranch: string | null): string | null {
  return defaultBranch ? defaultBranch.replace(/^refs\/heads\//, '').replace(/^refs\/remotes\/[^/]+\//, '') : null;
}

export function isDefaultName(name: string, defaultBranch: string | null): boolean {
  return defaultBranch !== null && name === defaultBranchShortName(defaultBranch);
}

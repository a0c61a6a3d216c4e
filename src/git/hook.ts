// The prepare-commit-msg hook that adds the branch's goal trailer. A hook already there is kept and called first.
import * as fs from 'fs';
import * as path from 'path';
import { isTrailerKey } from '../core/links/linkRules';
import { GitError, UnsafeArgumentError } from './errors';
import type { GitRepo } from './repo';

export const HOOK_NAME = 'prepare-commit-msg';
export const ORIGINAL_SUFFIX = '.goal-lens-orig';
const MARKER = '# goal-lens-hook v1';

/** The POSIX sh script. `trailerKey` is validated (`isTrailerKey`: letters, digits, `-`) so it is safe inside single quotes. */
export function hookScript(trailerKey: string): string {
  if (!isTrailerKey(trailerKey)) throw new UnsafeArgumentError('trailer key', trailerKey);
  return `#!/bin/sh
${MARKER}
# Installed by \`goal-lens hook install\`; \`goal-lens hook uninstall\` restores the hook that was here before.
# Adds "${trailerKey}: <goal>" to the commit message, from $GOAL_LENS_GOAL or \`git config branch.<branch>.goal\`.

orig="$(dirname "$0")/${HOOK_NAME}${ORIGINAL_SUFFIX}"
if [ -x "$orig" ]; then
  "$orig" "$@" || exit $?
fi

msg_file="$1"
case "$2" in merge|squash) exit 0 ;; esac
if [ -z "$msg_file" ] || [ ! -f "$msg_file" ]; then exit 0; fi

key='${trailerKey}'
if git interpret-trailers --parse "$msg_file" 2>/dev/null | grep -i -q "^$key:"; then exit 0; fi

goal="\${GOAL_LENS_GOAL:-}"
if [ -z "$goal" ]; then
  branch=$(git symbolic-ref --quiet --short HEAD 2>/dev/null) || exit 0
  goal=$(git config --get "branch.$branch.goal" 2>/dev/null) || exit 0
fi
case "$goal" in
  ''|*[!A-Za-z0-9._,\\ -]*) exit 0 ;;
esac

git interpret-trailers --in-place --if-exists doNothing --trailer "$key: $goal" "$msg_file" || :
exit 0
`;
}

function isOurs(file: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').includes(MARKER);
  } catch {
    return false;
  }
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs the hook in the repository's hooks folder (core.hooksPath respected). A hook already there is
 * renamed to `prepare-commit-msg.goal-lens-orig` and called first with the same arguments. Idempotent.
 */
export async function installHook(repo: GitRepo, options: { trailerKey: string }): Promise<{ path: string; keptExisting: boolean }> {
  const script = hookScript(options.trailerKey);
  const dir = await repo.hooksDir();
  const target = path.join(dir, HOOK_NAME);
  const original = target + ORIGINAL_SUFFIX;
  fs.mkdirSync(dir, { recursive: true });
  if (exists(target) && !isOurs(target)) {
    if (exists(original)) {
      throw new GitError(`${target} is not Goal Lens's hook and ${original} already exists; move one of them away first`);
    }
    fs.renameSync(target, original); // keeps bytes, mode, and symlinks as they are
  }
  const tmp = `${target}.goal-lens-tmp-${process.pid}`;
  fs.writeFileSync(tmp, script, { mode: 0o755 });
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, target);
  return { path: target, keptExisting: exists(original) };
}

/** True when Goal Lens's hook is the repository's prepare-commit-msg hook. */
export async function isHookInstalled(repo: GitRepo): Promise<boolean> {
  return isOurs(path.join(await repo.hooksDir(), HOOK_NAME));
}

/** Removes Goal Lens's hook and puts back the hook that was there before. A hook that is not ours is left alone. */
export async function uninstallHook(repo: GitRepo): Promise<{ path: string; removed: boolean; restored: boolean }> {
  const dir = await repo.hooksDir();
  const target = path.join(dir, HOOK_NAME);
  const original = target + ORIGINAL_SUFFIX;
  if (!isOurs(target)) return { path: target, removed: false, restored: false };
  fs.unlinkSync(target);
  if (exists(original)) {
    fs.renameSync(original, target);
    return { path: target, removed: true, restored: true };
  }
  return { path: target, removed: true, restored: false };
}

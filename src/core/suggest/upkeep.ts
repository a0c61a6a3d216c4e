// Upkeep told apart by its content: dependency bumps, build and CI changes, releases. Such a commit serves no
// outcome goal, so it goes to the repository's upkeep goal when it has one, and otherwise gets no suggestion.
// Pure; patterns are fixed here (never from repository content).
import type { CommitRecord, Goal } from '../types';

/** Subjects of upkeep: "Bump x from 1 to 2", "chore(deps): ...", "[maven-release-plugin] ...", "Release 1.2.3". */
const SUBJECTS: readonly RegExp[] = [
  /^(bump|upgrade|update)\s.*\b(from|to)\s+v?\d/i,
  /^bump\s+\S+/i,
  /^(chore|build|ci|deps?)(\([^)]*\))?!?:/i,
  /^\[maven-release-plugin\]/i,
  /^(prepare|preparing)\b.*\brelease\b/i,
  /^(release|version|v)\s*v?\d+(\.\d+)+(-\w+)?\s*$/i,
  /^update (the )?(pom|scm|dependencies|copyright|changelog|release notes|site)\b/i,
  /^(next|new) (development )?(iteration|version|snapshot)\b/i,
];

/** Authors that are bots: their work is upkeep whatever it says. */
const BOT = /(\[bot\]|^dependabot|^renovate|^github-actions|^greenkeeper|^snyk-bot)/i;

/** Files of build, CI, dependencies and release notes: a commit touching only these is upkeep. */
const UPKEEP_FILE: readonly RegExp[] = [
  /^\.github\//, /^\.circleci\//, /^\.gitlab-ci\.yml$/, /^\.travis\.yml$/, /^azure-pipelines\.ya?ml$/, /^appveyor\.ya?ml$/, /^\.cirrus\.yml$/,
  /(^|\/)pom\.xml$/, /(^|\/)build\.gradle(\.kts)?$/, /(^|\/)gradle\.properties$/, /^\.mvn\//, /(^|\/)package(-lock)?\.json$/,
  /(^|\/)(yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|go\.sum|poetry\.lock|Gemfile\.lock|composer\.lock)$/, /(^|\/)requirements[^/]*\.txt$/,
  /(^|\/)(CHANGELOG|CHANGES|RELEASE-NOTES|NEWS)[^/]*$/i, /(^|\/)changes\.xml$/, /(^|\/)RelNotes\//, /^GIT-VERSION-GEN$/,
  /(^|\/)\.gitignore$/, /(^|\/)\.gitattributes$/,
];

/** Why a commit is upkeep ("a dependency bump"), or null when it is not. */
export function upkeepReason(c: Pick<CommitRecord, 'subject' | 'author' | 'email'>, files: readonly string[]): string | null {
  if (BOT.test(c.author) || BOT.test(c.email)) return `made by ${c.author || c.email}, a bot`;
  const subject = c.subject.trim();
  if (SUBJECTS.some((re) => re.test(subject))) return /^(bump|upgrade|update)\b|deps?/i.test(subject) ? 'a dependency or build update' : 'a release or build commit';
  if (files.length > 0 && files.every((f) => UPKEEP_FILE.some((re) => re.test(f)))) return 'changes only build, CI or release files';
  return null;
}

/** A goal for upkeep: `kind: upkeep` in goals.yaml. */
export function isUpkeepGoal(g: Goal): boolean {
  return g.kind === 'upkeep';
}

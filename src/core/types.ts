// Shared vocabulary of Goal Lens. Pure data: no behaviour, no I/O.

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in goals.yaml or in the history. Positions are 1-based. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: Severity;
  /** Stable machine-readable kind, e.g. 'syntax', 'duplicate-id', 'unknown-goal'. */
  code: string;
}

export const GOAL_STATUSES = ['proposed', 'active', 'paused', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const GOAL_KINDS = ['outcome', 'upkeep'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

export interface Measurement {
  date: string; // YYYY-MM-DD
  value: number;
}

export interface Outcome {
  metric: string;
  unit?: string;
  baseline?: number;
  target?: number;
  measurements: Measurement[];
}

export interface Commitment {
  what: string;
  due?: string; // YYYY-MM-DD
  done?: string; // YYYY-MM-DD
  line: number;
}

export interface GoalLinkRef {
  title: string;
  url: string;
}

export interface Goal {
  id: string;
  title: string;
  parent?: string;
  status: GoalStatus;
  owner?: string;
  advisor?: string;
  due?: string; // YYYY-MM-DD
  outcome?: Outcome;
  keys: string[];
  branches: string[];
  paths: string[];
  commitments: Commitment[];
  links: GoalLinkRef[];
  /** `outcome` (the default) or `upkeep` (keep the lights on: dependencies, build, CI, docs). */
  kind?: GoalKind;
  /** Routing rules: text globs on the author's name or email (`dependabot[bot]`, `*@release-bot.example.com`). */
  authors?: string[];
  /** Routing rules: text globs on the subject line (`Bump *`). */
  subjects?: string[];
  /** Routing rules: path globs; a commit whose changed files all fall under them serves the goal (`.github/**`). */
  changes?: string[];
  /** Position of the goal's entry (its `id` key, or the item start) in goals.yaml, 1-based. */
  line: number;
  column: number;
  /** Set on goals taken from a shared goals file (`extends`): that file's name, which `line` refers to. */
  file?: string;
}

/** Where `extends:` takes shared goals from: a file path relative to goals.yaml, or a file in a git repository. */
export type GoalsSource =
  | { kind: 'path'; path: string; line: number; column: number }
  | { kind: 'git'; repo: string; ref: string; path: string; line: number; column: number };

/** A team of goals.yaml `teams:`: its name and the globs on author names or emails that belong to it. */
export interface TeamRule {
  name: string;
  authors: string[];
  line: number;
}

/** Parsed goals.yaml. A file with problems still yields every goal that could be read. */
export interface GoalsFile {
  file: string;
  version: number;
  /** Commit trailer key, default "Goal". */
  trailer: string;
  goals: Goal[];
  problems: Problem[];
  /** The `extends:` source, when the file takes shared goals from another one. */
  extends?: GoalsSource;
  /** `teams:`: who is in which team, for "who is on board" (the linked share per team). */
  teams?: TeamRule[];
  /**
   * With `extends`: parents not found among the file's own goals (dropped from the goals, unreported), to be
   * resolved against the shared goals by mergeSharedGoals.
   */
  unresolvedParents?: { goalId: string; parent: string; problem: Problem }[];
  /** After a merge with the shared goals: where they came from and how old the copy is. */
  shared?: SharedGoalsInfo;
}

export interface SharedGoalsInfo {
  source: GoalsSource;
  /** Name of the shared file in problems and on shared goals. */
  file: string;
  /** Shared goals taken (0 when the file could not be read). */
  goals: number;
  /** When the copy read was fetched (ISO time; git sources only), null when unknown. */
  fetchedAt: string | null;
  /** One line saying why the shared goals are missing, when they are. */
  error?: string;
  /**
   * Every shared file read, nearest first (a shared file may itself extend another): the name its goals and
   * problems carry, and where it is, so an editor can open a shared goal at its line.
   */
  files?: SharedFileInfo[];
}

/** A shared goals file: its name in problems and on goals, and where it was read (a file on disk, or a path of the fetched copy). */
export interface SharedFileInfo {
  name: string;
  location: { kind: 'path'; path: string } | { kind: 'git'; path: string };
}

/** What one pass of `git log` keeps for a commit; never the whole body. */
export interface CommitRecord {
  sha: string;
  parents: string[];
  author: string;
  email: string;
  /** Author time, unix seconds. */
  time: number;
  /** The author's time zone offset at that time, minutes east of UTC (absent: UTC). Person-days are days in it. */
  tz?: number;
  subject: string;
  /** Values of the goal trailer as git parsed them (one entry per trailer line, not yet split on commas). */
  trailers: string[];
  /** Issue-tracker-like tokens (e.g. PAY-1203) found anywhere in the message. */
  issueKeys: string[];
  /**
   * Files the commit changed against its first parent, read only when a goal links by changed files (`changes:`);
   * absent otherwise, and on merges.
   */
  files?: string[];
}

/** How a commit came to serve a goal; the last three are goals.yaml's routing rules (`authors`, `subjects`, `changes`). */
export type LinkSource = 'trailer' | 'note' | 'key' | 'branch' | 'merge' | 'author' | 'subject' | 'changes';
export const LINK_SOURCES: readonly LinkSource[] = ['trailer', 'note', 'key', 'branch', 'merge', 'author', 'subject', 'changes'];
/** The sources a commit's own record decides (kept per commit in the index, beside its trailer and keys). */
export const OWN_SOURCES: readonly LinkSource[] = ['trailer', 'key', 'author', 'subject', 'changes'];

/** Why a commit serves a goal. `detail` is shown to the user: "via branch feat/checkout-retry". */
export interface Link {
  goalId: string;
  source: LinkSource;
  detail: string;
}

export type RefKind = 'branch' | 'remote' | 'tag';

export interface RefInfo {
  /** Full ref name, e.g. refs/heads/feat/x, refs/remotes/origin/main, refs/tags/v1. */
  name: string;
  /** Short name as users see it: feat/x, origin/main, v1. */
  short: string;
  /** Commit the ref points at (tags peeled). */
  sha: string;
  kind: RefKind;
}

/** Everything the core needs from a repository, read by src/git. */
export interface RepoSnapshot {
  root: string;
  /** HEAD commit, or null in a repository with no commits. */
  head: string | null;
  /** Full name of the checked-out branch (refs/heads/x), or null when HEAD is detached. */
  headRef: string | null;
  /** Full ref name of the default branch (refs/heads/main, refs/remotes/origin/main), or null. */
  defaultBranch: string | null;
  /**
   * When the default branch's tip may be outside `commits` (only HEAD walked): the merge bases of HEAD and that tip
   * (`git merge-base --all`), whose ancestors are the walked commits the default branch reaches.
   */
  defaultBases?: string[];
  refs: RefInfo[];
  /** Non-merge and merge commits, newest first (git log order). */
  commits: CommitRecord[];
  /** Commit sha -> text of its note under refs/notes/goals. */
  notes: Map<string, string>;
  /** Branch short name -> value of `git config branch.<name>.goal` (may hold several ids, comma separated). */
  branchConfig: Map<string, string>;
  shallow: boolean;
}

export type BranchLinkSource = 'config' | 'glob' | 'name';

export interface BranchLink {
  /** Short branch name (feat/x or origin/feat/x). */
  branch: string;
  goalId: string;
  source: BranchLinkSource;
  /** Shown to the user: "git config branch.feat/x.goal", "glob feat/checkout-*", "goal id in branch name". */
  detail: string;
  /** Commits on the branch that are not on the default branch; null when the branch tip is outside the indexed history. */
  commitsAhead: number | null;
}

export interface SayDo {
  /** Commitments whose due date has passed (or that are done). */
  due: number;
  keptOnTime: number;
  late: number;
  missed: number;
  /** keptOnTime / due, or null when nothing is due yet. */
  ratio: number | null;
}

// The messages between the extension host and the suggestions worker (suggestWorker.ts). Plain data only: each
// message is copied by structured clone, and a history is sent in slices so that no one copy holds the host's
// thread for long.
import type { Draft, GoalSuggestion } from '../../core/suggest/suggest';
import type { CommitRecord, Goal, GoalsFile, Link, RefInfo } from '../../core/types';

/** What the suggestion model reads of an index besides its commits, links and files. */
export interface IndexMeta {
  goalsFile: GoalsFile;
  goals: ReadonlyMap<string, Goal>;
  root: string;
  head: string | null;
  headRef: string | null;
  defaultBranch: string | null;
  shallow: boolean;
  refs: readonly RefInfo[];
}

/** From the host. `id` names one build (one index); a newer build of the same key replaces it. */
export type ToWorker =
  | { type: 'begin'; id: number; meta: IndexMeta }
  | { type: 'commits'; id: number; commits: CommitRecord[] }
  | { type: 'links'; id: number; links: [string, readonly Link[]][] }
  | { type: 'files'; id: number; files: [string, readonly string[]][] }
  | { type: 'untagged'; id: number; shas: string[] }
  /** All sent: build the model, then answer `first` untagged commits (newest first), then the one-step set. */
  | { type: 'build'; id: number; first: number }
  | { type: 'ask'; id: number; q: number; sha: string }
  | { type: 'draft'; id: number; q: number; draft: Draft }
  | { type: 'drop'; id: number };

export type FromWorker =
  | { type: 'built'; id: number }
  /** Suggestions of the newest untagged commits; `done` on the last batch. */
  | { type: 'suggestions'; id: number; entries: [string, GoalSuggestion[]][]; done: boolean }
  /** Untagged commits whose first suggestion reaches HIGH_CONFIDENCE, once all are worked out. */
  | { type: 'oneStep'; id: number; shas: string[] }
  | { type: 'answer'; id: number; q: number; suggestions: GoalSuggestion[] }
  | { type: 'failed'; id: number; q?: number; message: string };

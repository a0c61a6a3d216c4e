// "What's not working", grouped by goal, most urgent first (issue 27 item 19): on a real history a flat list of
// three flags per goal is a wall. One group per goal (repository-wide flags in their own group), its flags most
// urgent first, the groups ordered by their most urgent flag, then by how many they have.
import type { FlowFlag } from './flowFlags';

export type FlagKind = 'stale' | 'past-due' | 'commitment-overdue' | 'no-owner' | 'no-advisor' | 'untagged' | FlowFlag['kind'];

export interface Flag {
  kind: FlagKind;
  /** The goal concerned, or null for repository-wide flags (untagged share). */
  goalId: string | null;
  title: string;
  /** Why, in words a lead reads: "active, but no commits for 45 days (last on 2026-08-01)". */
  reason: string;
}

/** Lower is more urgent: broken promises and dates first, then stuck work, then missing people. */
export const FLAG_URGENCY: Readonly<Record<FlagKind, number>> = {
  'past-due': 0,
  'commitment-overdue': 1,
  'aging-branch': 2,
  'no-delivery': 3,
  'lead-time-rising': 4,
  stale: 5,
  untagged: 6,
  'no-owner': 7,
  'no-advisor': 8,
};

export interface FlagGroup {
  /** The goal, or null for repository-wide flags. */
  goalId: string | null;
  title: string;
  /** The urgency of its most urgent flag (FLAG_URGENCY). */
  urgency: number;
  flags: Flag[];
}

export function groupFlags(flags: readonly Flag[]): FlagGroup[] {
  const groups = new Map<string, FlagGroup>();
  flags.forEach((f) => {
    const key = f.goalId ?? '\0';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { goalId: f.goalId, title: f.title, urgency: Infinity, flags: [] }));
    g.flags.push(f);
    g.urgency = Math.min(g.urgency, FLAG_URGENCY[f.kind]);
  });
  const list = [...groups.values()];
  // Sorts are stable: equal flags and groups keep the order they were raised in (goals.yaml order).
  for (const g of list) g.flags.sort((a, b) => FLAG_URGENCY[a.kind] - FLAG_URGENCY[b.kind]);
  return list.sort((a, b) => a.urgency - b.urgency || b.flags.length - a.flags.length);
}

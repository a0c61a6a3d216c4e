// What each goals.yaml field and status does, for completions and hovers: the schema's descriptions are the one
// home of the field texts, so the editor and JSON-schema tools say the same thing.
import schema from './goals.schema.json';
import type { GoalStatus } from '../types';
import type { GOALS_FILE_FIELDS } from './goalFields';

type Level = keyof typeof GOALS_FILE_FIELDS;
type Props = Record<string, { description?: string } | undefined>;

const PROPERTIES: Record<Level, Props> = {
  top: schema.properties,
  extends: schema.definitions.extends.properties,
  goal: schema.definitions.goal.properties,
  outcome: schema.definitions.outcome.properties,
  measurement: schema.definitions.measurement.properties,
  commitment: schema.definitions.commitment.properties,
  link: schema.definitions.link.properties,
};

/** What `field` does at `level` of goals.yaml, as the schema says; undefined for a field it does not know. */
export function fieldDoc(level: Level, field: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(PROPERTIES[level], field) ? PROPERTIES[level][field]?.description : undefined;
}

const STATUS_DOCS: Record<GoalStatus, string> = {
  proposed: 'Not started yet: shown and open, its work counts; it is never flagged stale.',
  active: 'Being worked towards (the default): flagged stale after the stale-after days without work.',
  paused: 'On hold: shown and open, its work counts; it is never flagged stale.',
  achieved: 'Done: hidden unless closed goals are shown, never suggested for new work; its past work still counts.',
  dropped: 'Given up: hidden unless closed goals are shown, never suggested for new work; its past work still counts.',
};

/** What a goal status means in Goal Lens's views and suggestions. */
export function statusDoc(status: GoalStatus): string {
  return STATUS_DOCS[status];
}

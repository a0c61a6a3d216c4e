// goals.yaml help says what each field and status does: a field added without a description fails here.
import * as assert from 'assert';
import { fieldDoc, statusDoc } from '../../src/core/goals/fieldDocs';
import { GOALS_FILE_FIELDS } from '../../src/core/goals/goalFields';
import { GOAL_STATUSES } from '../../src/core/types';

describe('goals.yaml help: field and status documentation', () => {
  it('every field at every level has a description of what it does, not just its level', () => {
    for (const [level, fields] of Object.entries(GOALS_FILE_FIELDS) as [keyof typeof GOALS_FILE_FIELDS, readonly string[]][]) {
      for (const field of fields) {
        const doc = fieldDoc(level, field);
        assert.ok(doc && doc.length > 20 && !/^\w+ field$/.test(doc), `${level}.${field}: ${String(doc)}`);
      }
    }
    assert.match(fieldDoc('goal', 'changes') ?? '', /all fall under/);
    assert.strictEqual(fieldDoc('goal', 'titel'), undefined);
    assert.strictEqual(fieldDoc('goal', 'constructor'), undefined);
  });

  it('every status says what it does; closed ones say they are never suggested', () => {
    for (const s of GOAL_STATUSES) assert.ok(statusDoc(s).length > 20, s);
    assert.match(statusDoc('achieved'), /never suggested/);
    assert.match(statusDoc('active'), /stale/);
  });
});

import * as assert from 'assert';
import { addTrailer } from '../../src/extension/views/figures';

describe('extension: trailer insertion', () => {
  it('adds a trailer paragraph after the subject', () => {
    assert.strictEqual(addTrailer('Fix retries', 'Goal', 'checkout'), 'Fix retries\n\nGoal: checkout');
  });

  it('joins an existing trailer block instead of starting a new paragraph', () => {
    assert.strictEqual(addTrailer('Fix retries\n\nBody.\n\nSigned-off-by: A <a@x>\n', 'Goal', 'checkout'), 'Fix retries\n\nBody.\n\nSigned-off-by: A <a@x>\nGoal: checkout');
  });

  it('does not take a "Fix: x" subject for a trailer block', () => {
    assert.strictEqual(addTrailer('Fix: retries', 'Goal', 'checkout'), 'Fix: retries\n\nGoal: checkout');
  });

  it('leaves the message alone when the goal is already named (any case of the key, comma lists)', () => {
    const msg = 'Fix\n\ngoal: search, checkout';
    assert.strictEqual(addTrailer(msg, 'Goal', 'checkout'), msg);
  });

  it('keeps an empty first line for the subject of an empty message', () => {
    assert.strictEqual(addTrailer('', 'Goal', 'checkout'), '\n\nGoal: checkout');
  });
});

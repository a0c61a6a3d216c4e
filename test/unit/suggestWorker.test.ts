// The suggestions worker (src/extension/model/suggestWorker.ts) answers exactly what the suggestion model answers
// on this thread, on the demo repository: the newest untagged commits up front, an older one asked alone, a draft,
// and the one-step set over every untagged commit. Where no worker can start, the same answers come from this thread.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HIGH_CONFIDENCE, Suggester } from '../../src/core/suggest/suggest';
import { readCommitFiles } from '../../src/git/commitFiles';
import { createDemoRepo } from '../../src/git/demoRepo';
import { loadIndex } from '../../src/git/indexLoader';
import { SuggestWorker } from '../../src/extension/model/suggestWorkerClient';

describe('the suggestions worker', function () {
  this.timeout(60_000);
  let dir: string;
  let loaded: Awaited<ReturnType<typeof loadIndex>>;
  let files: Map<string, string[]>;
  let here: Suggester;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-suggest-worker-'));
    createDemoRepo({ dir: path.join(dir, 'demo') });
    loaded = await loadIndex(path.join(dir, 'demo'));
    files = await readCommitFiles(loaded.repo);
    here = new Suggester(loaded.index, files);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const check = async (worker: SuggestWorker, threaded: boolean) => {
    const { index } = loaded;
    const first = 5;
    assert.ok(index.untagged.length > first + 1, 'the demo has older untagged commits to ask about');
    const b = worker.start(index, files, first);
    assert.strictEqual(worker.running, threaded);
    await b.firstReady;
    assert.deepStrictEqual([...b.known.keys()], index.untagged.slice(0, first).map((c) => c.sha), 'the newest untagged commits, up front');
    for (const [sha, list] of b.known) assert.deepStrictEqual(list, here.suggest(sha).suggestions, sha);
    const older = index.untagged[index.untagged.length - 1].sha;
    assert.ok(!b.known.has(older));
    assert.deepStrictEqual(await b.ask(older), here.suggest(older).suggestions);
    const draft = { files: ['src/checkout/cart.ts'], subject: 'Cart totals', time: Math.floor(Date.parse('2026-11-01T12:00:00Z') / 1000), head: index.head };
    assert.deepStrictEqual(await b.draft(draft), here.suggestDraft(draft));
    const oneStep = [...(await b.oneStep)].sort();
    const expected = index.untagged.filter((c) => (here.suggest(c.sha).suggestions[0]?.confidence ?? 0) >= HIGH_CONFIDENCE).map((c) => c.sha).sort();
    assert.ok(expected.length > 0, 'the demo has commits that can be tagged in one step');
    assert.deepStrictEqual(oneStep, expected);
    b.dispose();
  };

  it('answers as the model does on this thread, from a thread of its own', async () => {
    const worker = new SuggestWorker();
    try {
      await check(worker, true);
    } finally {
      worker.dispose();
    }
  });

  it('where the worker cannot start, that build fails and the next is answered on this thread, the same', async () => {
    const worker = new SuggestWorker(path.join(dir, 'no-such-worker.js'));
    try {
      await assert.rejects(worker.start(loaded.index, files, 5).firstReady);
      await check(worker, false);
    } finally {
      worker.dispose();
    }
  });
});

// Git missing from PATH: the Goal Lens model says so once, in one clear notification, and does not fail.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoalLensModel } from '../../../src/extension/model/model';
import { captureMessages } from './helpers';

suite('Goal Lens without git', () => {
  test('a model whose git is missing reports it once, with the state gitMissing', async () => {
    const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-nogit-'));
    const { shown, restore } = captureMessages('showErrorMessage');
    const model = new GoalLensModel({ gitEnv: { PATH: emptyBin }, cacheDir: path.join(emptyBin, 'cache') });
    try {
      await model.refresh();
      await model.refresh();
      await model.refresh();
      assert.strictEqual(model.state, 'gitMissing');
      assert.deepStrictEqual(model.repositories, []);
      assert.strictEqual(shown.length, 1, `notifications: ${JSON.stringify(shown)}`);
      assert.match(shown[0], /^Goal Lens: git was not found on PATH/);
    } finally {
      restore();
      model.dispose();
      fs.rmSync(emptyBin, { recursive: true, force: true });
    }
  });
});

// Every command's own help (issue 27 item 11): `goal-lens <command> --help` and `-h` print its usage, options and
// an example, and exit 0, wherever they are run (no repository needed).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMMANDS } from '../../src/cli/main';
import { USAGE } from '../../src/cli/usage';
import { cli } from '../helpers';

describe('goal-lens <command> --help', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-help-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every command has its usage, options and an example, for --help and -h alike, exit 0', () => {
    assert.ok(COMMANDS.length >= 14, COMMANDS.join(', '));
    assert.deepStrictEqual(Object.keys(USAGE).sort(), [...COMMANDS].sort(), 'one help text per command');
    for (const name of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const r = cli(dir, [name, flag]);
        assert.strictEqual(r.code, 0, `${name} ${flag}: ${r.stderr}`);
        assert.strictEqual(r.stderr, '', `${name} ${flag}`);
        assert.ok(r.stdout.startsWith(`usage: goal-lens ${name}`), `${name} ${flag}: ${r.stdout.slice(0, 80)}`);
        assert.match(r.stdout, /\noptions:\n {2}\S/, name);
        assert.match(r.stdout, new RegExp(`\\nexample: goal-lens ${name}`), name);
      }
    }
  });

  it('--help wins over other arguments and missing ones, but not after --', () => {
    const impact = cli(dir, ['impact', '--format', 'nope', '--help']);
    assert.strictEqual(impact.code, 0, impact.stderr);
    assert.match(impact.stdout, /^usage: goal-lens impact <path>/);
    assert.match(impact.stdout, /--format {15}text \(default\), md or json/);
    const prs = cli(dir, ['pr-summary', '-h']);
    assert.match(prs.stdout, /--range BASE\.\.HEAD {5}the change \(required\)/);
    assert.strictEqual(cli(dir, ['help', 'rollup']).stdout, USAGE.rollup);
    // After `--`, "--help" is a plain argument: tag takes it as a commit and fails as a usage error would.
    const tag = cli(dir, ['tag', '--', '--help']);
    assert.notStrictEqual(tag.code, 0);
    assert.doesNotMatch(tag.stdout, /usage:/);
  });

  it("the overview names every command and says where each one's help is", () => {
    const r = cli(dir, ['--help']);
    assert.strictEqual(r.code, 0);
    for (const name of COMMANDS) assert.match(r.stdout, new RegExp(`\\n {2}${name} `), name);
    assert.match(r.stdout, /goal-lens <command> --help/);
  });
});

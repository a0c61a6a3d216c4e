// `npm test` on a fresh machine: the one setup step (system packages, Chromium, VS Code) runs before any
// suite, so a first run does not fail where a second would pass.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const commands = (script: string): string[] => script.split(/&&|;/).map((c) => c.trim());

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    // Were the setup not first, `npm test` would go on to build and run every suite: stop it instead.
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm scripts: a first run that works', function () {
  this.timeout(90_000);

  it('runs the setup step before building and before any suite', () => {
    assert.strictEqual(commands(scripts.pretest)[0], 'node test/vscode/setup.js', scripts.pretest);
    assert.strictEqual(commands(scripts['test:browser'])[0], 'node test/vscode/setup.js --browser', scripts['test:browser']);
    // Every suite of `npm test` comes after `pretest`, which npm always runs first.
    for (const suite of ['npm run test:unit', 'out/test/browser', 'node test/vscode/run.js']) assert.ok(scripts.test.includes(suite), suite);
    assert.ok(!scripts.test.includes('setup.js'), 'the setup runs once, in pretest');
  });

  it('compiles the tests into an empty out/, so a renamed suite file leaves no stale copy that still runs', () => {
    // The VS Code runner loads every out/test/vscode/suite/*.test.js it finds.
    const [clean, tsc] = commands(scripts['compile-tests']);
    assert.match(clean, /rmSync\('out'/, scripts['compile-tests']);
    assert.strictEqual(tsc, 'tsc -p tsconfig.test.json');
  });

  it('npm start runs the demo from scripts/, not from the tests', () => {
    assert.strictEqual(scripts.start, 'node scripts/start.js');
    assert.ok(fs.existsSync(path.join(ROOT, 'scripts', 'start.js')));
  });

  it('every install script of a dependency is approved or denied in package.json, so npm 11 installs without a warning', async function () {
    const r = await run('npm', ['install-scripts', 'ls'], { npm_config_update_notifier: 'false' });
    if (/Unknown command|not a valid command/i.test(r.stdout + r.stderr)) this.skip(); // npm before 11 has no allowScripts
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^No packages with unreviewed install scripts\.$/m, r.stdout + r.stderr);
  });

  it('npm test with no Chromium stops first, with one line that says what is missing', async () => {
    const r = await run('npm', ['test'], { CHROMIUM_PATH: '/nonexistent/goal-lens/chromium', npm_config_update_notifier: 'false' });
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.trim().length > 0);
    assert.deepStrictEqual(lines, [
      "[test-setup] ERROR: CHROMIUM_PATH=/nonexistent/goal-lens/chromium does not exist: point it at a Chromium binary, or unset it to use Debian's chromium",
    ]);
    assert.ok(!/passing|failing|> goal-lens@[^ ]+ build/.test(r.stdout), `nothing built or run:\n${r.stdout}`);
  });
});

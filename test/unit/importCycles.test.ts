// The house has no import circles, and `npm run lint` keeps it so (issue 28): the project's own ESLint config,
// run on a scratch project with a two-file circle, must report it; the same files without the circle must pass.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function scratchProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-cycles-'));
  fs.copyFileSync(path.join(ROOT, 'eslint.config.mjs'), path.join(dir, 'eslint.config.mjs'));
  // The config's plugins resolve from the scratch folder; the project's own node_modules serve them.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022' }, include: ['src'] }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function cycleMessages(dir: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: dir });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').map((m) => `${path.relative(dir, r.filePath)}:${m.line}`));
}

describe('import cycles are a lint error', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a circle between two modules fails lint, at the import of each side', async () => {
    const dir = scratchProject({
      'src/core/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
      'src/core/b.ts': "import { a } from './a';\nexport function b(): number {\n  return a.length;\n}\n",
    });
    dirs.push(dir);
    assert.deepStrictEqual((await cycleMessages(dir)).sort(), ['src/core/a.ts:1', 'src/core/b.ts:1']);
  });

  it('a circle through a third module in another folder is caught too', async () => {
    const dir = scratchProject({
      'src/extension/commands.ts': "import { shared } from './model/service';\nexport const requireIt = (): string => shared();\n",
      'src/extension/model/service.ts': "import { view } from '../views/view';\nexport const shared = (): string => view();\n",
      'src/extension/views/view.ts': "import { requireIt } from '../commands';\nexport function view(): string {\n  return typeof requireIt;\n}\n",
    });
    dirs.push(dir);
    assert.strictEqual((await cycleMessages(dir)).length, 3);
  });

  it('the same modules without the circle pass', async () => {
    const dir = scratchProject({
      'src/core/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
      'src/core/b.ts': 'export function b(): number {\n  return 1;\n}\n',
    });
    dirs.push(dir);
    assert.deepStrictEqual(await cycleMessages(dir), []);
  });
});

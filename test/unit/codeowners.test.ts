import * as assert from 'assert';
import { matchesCodeownersPattern, ownersOf, parseCodeowners } from '../../src/core/impact/codeowners';

const owners = (text: string, file: string): string[] => ownersOf(parseCodeowners(text), file).owners;

describe('CODEOWNERS', () => {
  describe('GitHub syntax', () => {
    const TEXT = `# Global owners
*       @acme/everyone
*.js    @acme/js   # inline comment
/build/logs/ @acme/build
docs/*  docs@example.com
apps/   @octocat
/scripts/ @acme/scripts @acme/ops
src/payments/** @acme/payments
src/payments/legacy/
\\#notes.md @acme/hash
my\\ file.txt @acme/space
`;

    it('last matching rule wins', () => {
      assert.deepStrictEqual(owners(TEXT, 'README.md'), ['@acme/everyone']);
      assert.deepStrictEqual(owners(TEXT, 'src/app.js'), ['@acme/js']);
      assert.deepStrictEqual(owners(TEXT, 'src/payments/card.js'), ['@acme/payments']);
      // The later `*.js` rule would win for a .js file under payments if it came after; here payments comes last.
      assert.deepStrictEqual(owners('src/payments/** @acme/payments\n*.js @acme/js\n', 'src/payments/card.js'), ['@acme/js']);
    });

    it('a rule without owners leaves the path unowned', () => {
      assert.deepStrictEqual(owners(TEXT, 'src/payments/legacy/old.ts'), []);
    });

    it('anchoring, folders and direct children', () => {
      assert.deepStrictEqual(owners(TEXT, 'build/logs/today.log'), ['@acme/build']);
      assert.deepStrictEqual(owners(TEXT, 'x/build/logs/today.log'), ['@acme/everyone']); // anchored: only at the root
      assert.deepStrictEqual(owners(TEXT, 'docs/getting-started.md'), ['docs@example.com']);
      assert.deepStrictEqual(owners(TEXT, 'docs/build-app/troubleshooting.md'), ['@acme/everyone']); // docs/* is direct children only
      assert.deepStrictEqual(owners(TEXT, 'apps/web/main.ts'), ['@octocat']);
      assert.deepStrictEqual(owners(TEXT, 'x/apps/web/main.ts'), ['@octocat']); // unanchored folder: any depth
      assert.deepStrictEqual(owners(TEXT, 'scripts/deploy.sh'), ['@acme/scripts', '@acme/ops']);
    });

    it('comments and escapes', () => {
      assert.deepStrictEqual(owners(TEXT, '#notes.md'), ['@acme/hash']);
      assert.deepStrictEqual(owners(TEXT, 'my file.txt'), ['@acme/space']);
      const parsed = parseCodeowners(TEXT);
      assert.ok(parsed.sections[0].rules.every((r) => r.owners.every((o) => !o.includes('#') && o !== 'inline')));
      assert.deepStrictEqual(parsed.problems, []);
    });

    it('patterns like .gitignore', () => {
      assert.ok(matchesCodeownersPattern('*.ts', 'a/b/c.ts'));
      assert.ok(!matchesCodeownersPattern('/*.ts', 'a/c.ts'));
      assert.ok(matchesCodeownersPattern('/*.ts', 'c.ts'));
      assert.ok(matchesCodeownersPattern('lib', 'x/lib/y.ts'));
      assert.ok(matchesCodeownersPattern('a/**/b', 'a/x/y/b'));
      assert.ok(matchesCodeownersPattern('a/**/b', 'a/b/file'));
      assert.ok(!matchesCodeownersPattern('src/lib', 'other/src/lib/x'));
      assert.ok(matchesCodeownersPattern('{x}.ts', '{x}.ts')); // braces are literal
    });

    it('reports negation and odd owners as problems, not crashes', () => {
      const p = parseCodeowners('!*.md @a\n*.md nobody\n');
      assert.strictEqual(p.problems.length, 2);
      assert.strictEqual(p.problems[0].line, 1);
      assert.strictEqual(p.problems[1].line, 2);
    });
  });

  describe('GitLab sections', () => {
    const TEXT = `* @default-owner
[Docs] @acme/docs
*.md
/docs/api/ @acme/api-docs
^[Optional review][2] @acme/reviewers
src/**
[Backend]
src/server/ @acme/backend
[docs]
/README.md @acme/readme
`;

    it('parses headers: optional, approvals, default owners; names merge case-insensitively', () => {
      const p = parseCodeowners(TEXT);
      const names = p.sections.map((s) => s.name);
      assert.deepStrictEqual(names, ['', 'Docs', 'Optional review', 'Backend']);
      const opt = p.sections[2];
      assert.strictEqual(opt.optional, true);
      assert.strictEqual(opt.approvals, 2);
      assert.deepStrictEqual(opt.defaultOwners, ['@acme/reviewers']);
      assert.strictEqual(p.sections[1].rules.length, 3); // [docs] merged into [Docs]
    });

    it('owners are the union over sections of each section\'s last match; empty rules take default owners', () => {
      assert.deepStrictEqual(owners(TEXT, 'guide.md'), ['@default-owner', '@acme/docs']);
      assert.deepStrictEqual(owners(TEXT, 'docs/api/x.md'), ['@default-owner', '@acme/api-docs']);
      assert.deepStrictEqual(owners(TEXT, 'README.md'), ['@default-owner', '@acme/readme']);
      assert.deepStrictEqual(owners(TEXT, 'src/server/a.ts'), ['@default-owner', '@acme/reviewers', '@acme/backend']);
      assert.deepStrictEqual(owners(TEXT, 'main.go'), ['@default-owner']);
    });
  });
});

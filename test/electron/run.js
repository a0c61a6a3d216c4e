#!/usr/bin/env node
// Runs the extension-host suite (out/test/vscode/suite) with @vscode/test-electron, which
// downloads a desktop VS Code into .vscode-test/ first. Needs internet (update.code.visualstudio.com);
// on machines that reach only the npm registry use `npm run test:vscode` (code-server) instead.
// Needs a build first: `npm run build && npm run compile-tests`.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { makeWorkspace } = require('../vscode/fixture');

const ROOT = path.resolve(__dirname, '..', '..');
const SUITE = path.join(ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');

async function main() {
  if (!fs.existsSync(SUITE)) throw new Error(`${path.relative(ROOT, SUITE)} is missing: run \`npm run compile-tests\` first`);
  const { runTests } = require('@vscode/test-electron');
  const workspace = makeWorkspace();
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-electron-')), 'host-results.json');
  let code = 1;
  try {
    code = await runTests({
      version: process.env.VSCODE_TEST_VERSION || '1.100.3', // same VS Code as the code-server runner
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE,
      extensionTestsEnv: { GOAL_LENS_TEST_RESULTS: results },
      launchArgs: [workspace.dir, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      timeout: 60_000, // for the download; the suite has its own mocha timeouts
    });
  } catch (e) {
    const msg = String((e && e.message) || e);
    if (/getaddrinfo|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network|download|timeout/i.test(msg)) {
      console.error(
        `[test:electron] could not download VS Code (${msg.split('\n')[0]}).\n` +
          '[test:electron] @vscode/test-electron needs internet access to update.code.visualstudio.com.\n' +
          '[test:electron] Offline, run the same suite in code-server instead: npm run test:vscode',
      );
    } else {
      console.error(`[test:electron] ${e && e.stack ? e.stack : msg}`);
    }
    code = 1;
  } finally {
    workspace.cleanup();
    if (fs.existsSync(results)) {
      const s = JSON.parse(fs.readFileSync(results, 'utf8'));
      console.log(`extension host: ${s.passed} passed, ${s.failed} failed, ${s.pending} pending (VS Code ${s.vscodeVersion})`);
    }
    fs.rmSync(path.dirname(results), { recursive: true, force: true });
  }
  process.exit(code);
}

main();

// The composite action (action.yml) run as a GitHub runner runs it: the step's script in
// `bash --noprofile --norc -eo pipefail`, inputs passed as the step's `env`, GitHub's own variables set.
// Asynchronous, so a test can serve a fake GitHub API from the same process while the step runs.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT } from './cli';

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: { shell: string; env: Record<string, string>; run: string }[] };
}

export interface ActionEvent {
  /** GITHUB_EVENT_NAME: pull_request, push, workflow_run... */
  name: string;
  /** The event payload GitHub writes to GITHUB_EVENT_PATH. */
  payload: object;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the step appended to GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** Runs the action's step in `workspace` with these inputs and event; `env` adds GitHub variables (GITHUB_API_URL...). */
export async function runAction(workspace: string, inputs: Record<string, string>, event: ActionEvent, env: Record<string, string> = {}): Promise<ActionRun> {
  const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
  const [step] = action.runs.steps;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-runner-'));
  try {
    const eventPath = path.join(temp, 'event.json');
    fs.writeFileSync(eventPath, JSON.stringify(event.payload));
    const summary = path.join(temp, 'step_summary');
    fs.writeFileSync(summary, '');
    const script = path.join(temp, 'step.sh');
    fs.writeFileSync(script, step.run);
    const value = (expr: string): string =>
      expr.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? action.inputs[name]?.default ?? '');
    const stepEnv = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, value(v)]));
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      env: {
        PATH: process.env.PATH,
        HOME: workspace,
        GIT_CONFIG_NOSYSTEM: '1',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: ROOT,
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_NAME: event.name,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: temp,
        ...env,
        ...stepEnv,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    return { code, stdout, stderr, summary: fs.readFileSync(summary, 'utf8') };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

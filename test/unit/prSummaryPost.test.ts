// The action's `summary: comment` end to end: action.yml's step in bash, with GitHub's environment variables and
// event payloads, against a local HTTP server that plays the part of GitHub's REST API the summary uses (list
// comments with pagination, create, update, a pull request), with no network.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { PR_SUMMARY_MARKER } from '../../src/core/reports/prSummaryFormats';
import { nextLink, redact } from '../../src/cli/githubComment';
import { runAction, TempRepo, type ActionEvent, type ActionRun } from '../helpers';

const TOKEN = 'ghs_TestTokenThatMustNeverBePrinted0123456789';
const REPO = 'acme/shop';
const PR = 7;
const GOALS = 'version: 1\ngoals:\n  - id: checkout\n    title: Checkout\n    owner: Dana\n  - id: search\n    title: Search\n';

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
}

/** The part of GitHub's REST API the summary uses, in memory. Pages of 2 comments, so pagination is exercised. */
class FakeGitHub {
  readonly comments: Comment[] = [];
  readonly requests: { method: string; url: string; auth: string | undefined }[] = [];
  /** The token cannot write (a fork's token, or missing permissions): 403, and a message that quotes the token. */
  forbidWrites = false;
  prHead = '';
  private nextId = 100;
  private server = http.createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  seed(body: string, user: Comment['user']): void {
    this.comments.push({ id: this.nextId++, body, user });
  }

  count(method: string): number {
    return this.requests.filter((r) => r.method === method).length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? '', url: url.pathname + url.search, auth: req.headers.authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    const list = `/repos/${REPO}/issues/${PR}/comments`;
    if (req.method === 'GET' && url.pathname === list) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = this.comments.slice((page - 1) * 2, page * 2);
      const more = page * 2 < this.comments.length;
      return send(200, slice, more ? { link: `<${this.url}${list}?per_page=100&page=${page + 1}>; rel="next", <${this.url}${list}?page=9>; rel="last"` } : {});
    }
    if (req.method === 'GET' && url.pathname === `/repos/${REPO}/pulls/${PR}`) return send(200, { number: PR, head: { sha: this.prHead } });
    const writes = req.method === 'POST' || req.method === 'PATCH';
    if (writes && this.forbidWrites) return send(403, { message: `Resource not accessible by integration (token ${TOKEN})` });
    if (req.method === 'POST' && url.pathname === list) {
      const c: Comment = { id: this.nextId++, body: (JSON.parse(text) as { body: string }).body, user: { login: 'github-actions[bot]', type: 'Bot' } };
      this.comments.push(c);
      return send(201, c);
    }
    const edit = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && edit) {
      const c = this.comments.find((x) => x.id === Number(edit[1]));
      if (!c) return send(404, { message: 'Not Found' });
      c.body = (JSON.parse(text) as { body: string }).body;
      return send(200, c);
    }
    send(404, { message: 'Not Found' });
  }
}

function prEvent(base: string, head: string, headRepo = REPO): ActionEvent {
  return {
    name: 'pull_request',
    payload: {
      action: 'synchronize',
      number: PR,
      pull_request: { number: PR, base: { sha: base, ref: 'main', repo: { full_name: REPO } }, head: { sha: head, ref: 'feat/retry', repo: { full_name: headRepo } } },
      repository: { full_name: REPO },
    },
  };
}

function assertNoToken(run: ActionRun): void {
  for (const [what, text] of Object.entries({ stdout: run.stdout, stderr: run.stderr, summary: run.summary })) {
    assert.ok(!text.includes(TOKEN), `the token is in ${what}`);
    assert.ok(!text.includes(TOKEN.slice(4, 20)), `part of the token is in ${what}`);
  }
}

describe('pr-summary posted by the action: one comment, edited in place', function () {
  this.timeout(120000);
  const github = new FakeGitHub();
  const made: TempRepo[] = [];
  before(() => github.start());
  after(async () => {
    made.forEach((r) => r.cleanup());
    await github.stop();
  });
  const env = (): Record<string, string> => ({ GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO, GITHUB_SERVER_URL: 'https://github.com' });
  const project = (): { repo: TempRepo; base: string } => {
    const repo = TempRepo.create();
    made.push(repo);
    const base = repo.commit('Goals\n\nGoal: checkout', { files: { 'goals.yaml': GOALS } });
    repo.git('checkout', '-q', '-b', 'feat/retry');
    return { repo, base };
  };

  it('one comment after three pushes, edited twice; an unchanged summary is not rewritten; the token is never printed', async () => {
    github.comments.length = 0;
    github.requests.length = 0;
    github.seed('Looks good!', { login: 'ann', type: 'User' });
    github.seed(`${PR_SUMMARY_MARKER}\nA person pasted our marker: never edited`, { login: 'mallory', type: 'User' });
    github.seed('Coverage: 81%', { login: 'codecov[bot]', type: 'Bot' });
    github.seed('Please add a test', { login: 'lee', type: 'User' });
    const { repo, base } = project();
    const inputs = { summary: 'comment', token: TOKEN };
    const heads: string[] = [];
    for (const [k, message] of ['Retry payment\n\nGoal: checkout', 'Untagged tweak', 'Index search\n\nGoal: search'].entries()) {
      heads.push(repo.commit(message));
      const run = await runAction(repo.dir, inputs, prEvent(base, heads[k]), env());
      assert.strictEqual(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, k === 0 ? /pr-summary: comment \d+ created on #7/ : /pr-summary: comment \d+ edited/);
      assertNoToken(run);
      assert.ok(!run.summary.includes(PR_SUMMARY_MARKER), 'a comment was written: the job summary only has the check');
    }
    const ours = github.comments.filter((c) => c.user.type === 'Bot' && c.body.startsWith(PR_SUMMARY_MARKER));
    assert.strictEqual(ours.length, 1, 'one comment after three pushes');
    assert.strictEqual(github.count('POST'), 1);
    assert.strictEqual(github.count('PATCH'), 2, 'edited twice');
    assert.match(ours[0].body, /: 3 commits, 2 serving a goal, 1 untagged/, `the comment shows the last push:\n${ours[0].body}`);
    assert.strictEqual(github.comments.find((c) => c.user.login === 'mallory')?.body, `${PR_SUMMARY_MARKER}\nA person pasted our marker: never edited`);
    assert.ok(github.requests.some((r) => r.url.includes('page=3')), 'followed the Link header to the last page');
    assert.ok(github.requests.every((r) => r.auth === `Bearer ${TOKEN}`), 'the token is sent, to the API only');

    const before = github.requests.length;
    const again = await runAction(repo.dir, inputs, prEvent(base, heads[2]), env());
    assert.strictEqual(again.code, 0, again.stderr);
    assert.match(again.stdout, /pr-summary: comment \d+ unchanged, not rewritten/);
    assert.deepStrictEqual(github.requests.slice(before).map((r) => r.method), ['GET', 'GET', 'GET'], 'only read: no rewrite');
    assertNoToken(again);
  });

  it('a pull request from a fork, or a push, gets the job summary and no API call', async () => {
    github.requests.length = 0;
    const { repo, base } = project();
    const head = repo.commit('Retry payment\n\nGoal: checkout');
    const fork = await runAction(repo.dir, { summary: 'comment', token: TOKEN }, prEvent(base, head, 'someone/shop'), env());
    assert.strictEqual(fork.code, 0, fork.stderr);
    assert.match(fork.stdout, /pr-summary: a pull request from a fork: .*job summary/);
    assert.ok(fork.summary.includes(`${PR_SUMMARY_MARKER}\n### Goal Lens: the goals at stake`), fork.summary);
    assert.match(fork.summary, /\| Checkout \(`checkout`\), 1 commit here \| Dana \/ - \|/);
    const push = await runAction(repo.dir, { summary: 'comment', token: TOKEN }, { name: 'push', payload: { before: base, after: head, ref: 'refs/heads/feat/retry' } }, env());
    assert.strictEqual(push.code, 0, push.stderr);
    assert.match(push.stdout, /pr-summary: not a pull request \(push\)/);
    assert.ok(push.summary.includes(PR_SUMMARY_MARKER));
    const off = await runAction(repo.dir, { summary: 'off', token: TOKEN }, prEvent(base, head), env());
    assert.strictEqual(off.code, 0, off.stderr);
    assert.ok(!off.summary.includes(PR_SUMMARY_MARKER) && !off.stdout.includes('pr-summary'), 'off is off');
    assert.strictEqual(github.requests.length, 0, 'no call to GitHub');
    [fork, push, off].forEach(assertNoToken);
    const bad = await runAction(repo.dir, { summary: 'everywhere', token: TOKEN }, prEvent(base, head), env());
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stdout, /input summary must be comment, job-summary or off/);
  });

  it('a token that cannot write falls back to the job summary, says why without the token, and never fails the step', async () => {
    github.comments.length = 0;
    github.requests.length = 0;
    github.forbidWrites = true;
    try {
      const { repo, base } = project();
      const head = repo.commit('Retry payment\n\nGoal: checkout');
      const run = await runAction(repo.dir, { summary: 'comment', token: TOKEN }, prEvent(base, head), env());
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stderr, /no comment \(GitHub answered 403: Resource not accessible by integration \(token \*\*\*\)\); the summary is in the job summary/);
      assert.ok(run.summary.includes(PR_SUMMARY_MARKER), run.summary);
      assert.strictEqual(github.comments.length, 0);
      assertNoToken(run);
    } finally {
      github.forbidWrites = false;
    }
  });

  it('workflow_run: comments on the fork\'s pull request only when its head is the commit that run built', async () => {
    github.comments.length = 0;
    github.requests.length = 0;
    const { repo, base } = project();
    const head = repo.commit('Retry payment\n\nGoal: checkout');
    const event = (sha: string): ActionEvent => ({ name: 'workflow_run', payload: { action: 'completed', workflow_run: { head_sha: sha, event: 'pull_request', pull_requests: [] } } });
    github.prHead = head;
    const stale = await runAction(repo.dir, { summary: 'comment', token: TOKEN, 'pr-number': String(PR), range: `${base}..${head}` }, event(base), env());
    assert.strictEqual(stale.code, 0, stale.stderr);
    assert.match(stale.stdout, /pull request #7 is not at the commit this workflow_run built; no comment/);
    assert.strictEqual(github.count('POST'), 0);
    const ok = await runAction(repo.dir, { summary: 'comment', token: TOKEN, 'pr-number': String(PR), range: `${base}..${head}` }, event(head), env());
    assert.strictEqual(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /comment \d+ created on #7/);
    assert.strictEqual(github.comments.length, 1);
    const odd = await runAction(repo.dir, { summary: 'comment', token: TOKEN, 'pr-number': '7; rm -rf /', range: `${base}..${head}` }, event(head), env());
    assert.match(odd.stdout, /needs the pull request number in GOAL_LENS_PR/);
    [stale, ok, odd].forEach(assertNoToken);
  });

  it('reads Link headers and redacts a secret wherever it appears', () => {
    assert.strictEqual(nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'), 'https://api.github.com/x?page=2');
    assert.strictEqual(nextLink('<https://api.github.com/x?page=5>; rel="last"'), null);
    assert.strictEqual(nextLink(null), null);
    assert.strictEqual(redact(`a ${TOKEN} b ${TOKEN}`, TOKEN), 'a *** b ***');
  });
});

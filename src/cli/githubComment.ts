// Posts the pull-request summary from a GitHub Actions run: one comment per pull request, found again by its
// hidden marker and edited in place (never a second comment, never rewritten when unchanged), or the job summary
// where a comment cannot be written (a push, a pull request from a fork, a token without write access).
// The token comes from the environment (GITHUB_TOKEN) and never appears in output: every message is built from
// our own words, and anything quoted from GitHub passes through redact().
import { promises as fsp } from 'fs';
import * as path from 'path';
import { PR_SUMMARY_MARKER } from '../core/reports/prSummaryFormats';
import type { Io } from './commands';

export type PostMode = 'comment' | 'job-summary';

interface PullRequestEvent {
  pull_request?: { number?: number; head?: { sha?: string; repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } };
  workflow_run?: { head_sha?: string };
}

interface Comment {
  id: number;
  body?: string;
  user?: { login?: string; type?: string } | null;
}

/** A failed call to the API: status and GitHub's own message, never the token. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('***') : text;
}

/** Posts `markdown` as `mode` says; returns the exit code (0: posted, or fell back to the job summary). */
export async function postSummary(markdown: string, mode: PostMode, io: Io): Promise<number> {
  const token = io.env.GITHUB_TOKEN || undefined;
  const say = (line: string): void => io.out(`${redact(line, token)}\n`);
  if (mode === 'job-summary') return jobSummary(markdown, io, say, 'job summary written');

  const event = await readEvent(io);
  const eventName = io.env.GITHUB_EVENT_NAME ?? '';
  const target = pullRequestOf(eventName, event, io);
  if (typeof target === 'string') return jobSummary(markdown, io, say, target);
  if (!token) return jobSummary(markdown, io, say, 'no GITHUB_TOKEN in the environment, so no comment; the summary is in the job summary');
  const repo = io.env.GITHUB_REPOSITORY ?? '';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) return jobSummary(markdown, io, say, 'GITHUB_REPOSITORY is not owner/name; the summary is in the job summary');
  const api = new Api(io.env.GITHUB_API_URL || 'https://api.github.com', token);
  try {
    if (eventName === 'workflow_run') {
      // The number came from an artifact of the untrusted run: only post where the pull request's head is the commit that run built.
      const pr = await api.json<{ head?: { sha?: string } }>('GET', `/repos/${repo}/pulls/${target.number}`);
      if (!pr.head?.sha || pr.head.sha !== event?.workflow_run?.head_sha) {
        return await jobSummary(markdown, io, say, `pull request #${target.number} is not at the commit this workflow_run built; no comment`);
      }
    }
    const body = markdown;
    const mine = (await api.comments(`/repos/${repo}/issues/${target.number}/comments`)).find(isOurs);
    if (mine && mine.body === body) {
      say(`pr-summary: comment ${mine.id} unchanged, not rewritten`);
      return 0;
    }
    if (mine) {
      await api.json('PATCH', `/repos/${repo}/issues/comments/${mine.id}`, { body });
      say(`pr-summary: comment ${mine.id} edited`);
      return 0;
    }
    const made = await api.json<{ id?: number }>('POST', `/repos/${repo}/issues/${target.number}/comments`, { body });
    say(`pr-summary: comment ${made.id ?? '?'} created on #${target.number}`);
    return 0;
  } catch (err) {
    const why = err instanceof ApiError ? `GitHub answered ${err.status}: ${err.message}` : `GitHub could not be reached: ${err instanceof Error ? err.message : String(err)}`;
    io.err(`${redact(`goal-lens pr-summary: no comment (${why}); the summary is in the job summary`, token)}\n`);
    return jobSummary(markdown, io, say, 'summary written to the job summary instead');
  }
}

/** Our comment: it starts with the marker and a bot wrote it (a person who pastes the marker does not get edited). */
function isOurs(c: Comment): boolean {
  return typeof c.body === 'string' && c.body.startsWith(PR_SUMMARY_MARKER) && c.user?.type === 'Bot';
}

async function readEvent(io: Io): Promise<PullRequestEvent | null> {
  const file = io.env.GITHUB_EVENT_PATH;
  if (!file) return null;
  try {
    return JSON.parse(await fsp.readFile(path.resolve(io.cwd, file), 'utf8')) as PullRequestEvent;
  } catch {
    return null;
  }
}

/** The pull request to comment on, or why there is none (then the job summary is used). */
function pullRequestOf(eventName: string, event: PullRequestEvent | null, io: Io): { number: number } | string {
  if (eventName === 'workflow_run') {
    const n = (io.env.GOAL_LENS_PR ?? '').trim();
    if (!/^[1-9]\d{0,9}$/.test(n)) return 'a workflow_run needs the pull request number in GOAL_LENS_PR (the action input pr-number); the summary is in the job summary';
    return { number: Number(n) };
  }
  const pr = event?.pull_request;
  if (!pr || typeof pr.number !== 'number') return `not a pull request (${eventName || 'no event'}); the summary is in the job summary`;
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo?.full_name;
  if (!head || head !== base) {
    return 'a pull request from a fork: its token cannot write comments, so the summary is in the job summary (see docs/pull-request-summary.md for the workflow_run pattern)';
  }
  return { number: pr.number };
}

async function jobSummary(markdown: string, io: Io, say: (line: string) => void, why: string): Promise<number> {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    io.out(markdown);
    say(`pr-summary: ${why}; no GITHUB_STEP_SUMMARY, so it is printed above`);
    return 0;
  }
  await fsp.appendFile(path.resolve(io.cwd, file), markdown);
  say(`pr-summary: ${why}`);
  return 0;
}

/** The few calls of GitHub's REST API the summary needs, with the token only ever sent to the API's own origin. */
class Api {
  private readonly origin: string;
  private readonly base: string;

  constructor(base: string, private readonly token: string) {
    const url = new URL(base);
    this.origin = url.origin;
    this.base = url.href.replace(/\/+$/, '');
  }

  private async request(method: string, url: string, body?: unknown): Promise<Response> {
    if (new URL(url).origin !== this.origin) throw new ApiError(0, 'a link led away from the API; not followed');
    const res = await fetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'goal-lens',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let message = res.statusText;
      try {
        const said = (JSON.parse(text) as { message?: unknown }).message;
        if (typeof said === 'string') message = said;
      } catch {
        // not JSON: the status text says enough
      }
      throw new ApiError(res.status, redact(message.slice(0, 200), this.token));
    }
    return res;
  }

  async json<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await this.request(method, this.base + route, body);
    return (await res.json()) as T;
  }

  /** Every comment of an issue or pull request, following the `Link: rel="next"` pages. */
  async comments(route: string): Promise<Comment[]> {
    const out: Comment[] = [];
    let url: string | null = `${this.base}${route}?per_page=100`;
    for (let pages = 0; url && pages < 100; pages++) {
      const res = await this.request('GET', url);
      const page = (await res.json()) as Comment[];
      if (!Array.isArray(page)) throw new ApiError(res.status, 'comments are not a list');
      out.push(...page);
      url = nextLink(res.headers.get('link'));
    }
    return out;
  }
}

/** The `rel="next"` URL of a Link header, or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return null;
}

// The built-in demo: a small web shop in TypeScript with business goals, three teams, a shared payments library
// and upkeep (Dependabot, CI), about 300 commits over six months; its code compiles (demoCode.ts). Deterministic (seeded), written in one `git fast-import` pass.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { type CodeFile, featureOf, render, TSCONFIG } from './demoCode';
import { type Area, AREAS, LOYALTY } from './demoAreas';
import { DEPENDABOT, dependencies, UPKEEP_FILES, WAREHOUSE_FILES } from './demoUpkeep';

export const DEMO_GOALS = `# Business goals of the Acme shop. Goal Lens links every commit to these.
version: 1
trailer: Goal
goals:
  - id: growth
    title: Grow online revenue 20% in FY27
    owner: Maya Chen (CRO)
    advisor: Sam Ortiz
    due: 2027-06-30
    outcome:
      metric: Online revenue vs FY26
      unit: "%"
      baseline: 0
      target: 20
      measurements:
        - { date: 2026-08-01, value: 4 }
        - { date: 2026-10-01, value: 9 }

  - id: checkout-conversion
    title: Lift checkout conversion to 4%
    parent: growth
    owner: Dana Ruiz (VP Sales)
    advisor: Lee Park
    due: 2027-03-31
    outcome:
      metric: Checkout conversion rate
      unit: "%"
      baseline: 3.1
      target: 4.0
      measurements:
        - { date: 2026-07-01, value: 3.2 }
        - { date: 2026-09-01, value: 3.4 }
        - { date: 2026-11-01, value: 3.6 }
    keys: [SHOP-*]
    branches: [feat/checkout-*]
    paths: [src/checkout/**]
    commitments:
      - { what: One-click retry for failed cards, due: 2026-08-15, done: 2026-08-12 }
      - { what: Address autocomplete, due: 2026-09-30, done: 2026-10-06 }
      - { what: Saved cards for returning buyers, due: 2026-11-15 }
      - { what: Apple Pay, due: 2027-01-31 }
    links:
      - { title: Business case, url: "https://example.com/checkout-case" }

  - id: search-relevance
    title: Make search find the right product first time
    parent: growth
    owner: Priya Natarajan (Head of Merchandising)
    due: 2027-02-28
    outcome:
      metric: Search exit rate
      unit: "%"
      baseline: 38
      target: 25
      measurements:
        - { date: 2026-09-01, value: 34 }
    keys: [SRCH-*]
    paths: [src/search/**]
    commitments:
      - { what: Synonyms for the top 500 queries, due: 2026-09-15, done: 2026-09-10 }
      - { what: Typo tolerance, due: 2026-10-31, done: 2026-10-29 }

  - id: cost-to-serve
    title: Cut support cost per order by 15%
    owner: Tom Becker (COO)
    advisor: Lee Park
    due: 2026-12-31
    outcome:
      metric: Support cost per order
      unit: EUR
      baseline: 2.40
      target: 2.04
      measurements:
        - { date: 2026-10-01, value: 2.25 }
    keys: [OPS-*]
    paths: [src/support/**]
    commitments:
      - { what: Self-service order tracking, due: 2026-10-01, done: 2026-09-28 }
      - { what: Automatic refunds under 20 EUR, due: 2026-11-20 }

  - id: loyalty
    title: Launch a loyalty programme
    parent: growth
    owner: Maya Chen (CRO)
    advisor: Sam Ortiz
    status: active
    due: 2026-11-30

  - id: keep-running
    title: Keep the shop running (dependencies, build, CI)
    kind: upkeep
    owner: Farid Haddad (Platform lead)
    # Routing rules: nobody tags a bot's bumps or a CI change by hand.
    authors: ["dependabot[bot]"]
    changes: [.github/**, .eslintrc.json]
`;

const CODEOWNERS = `# Who owns what
/src/checkout/ @acme/web-team
/src/search/ @acme/web-team
/src/support/ @acme/ops-team
/src/shared/ @acme/platform
/.github/ @acme/platform
/goals.yaml @acme/leads
`;

const PEOPLE = [
  ['Ana Lima', 'ana@acme.example', 'web'],
  ['Ben Okafor', 'ben@acme.example', 'web'],
  ['Chloé Martin', 'chloe@acme.example', 'web'],
  ['Dev Patel', 'dev@acme.example', 'ops'],
  ['Eva Novak', 'eva@acme.example', 'ops'],
  ['Farid Haddad', 'farid@acme.example', 'platform'],
  ['Grace Kim', 'grace@acme.example', 'platform'],
] as const;

/** Small deterministic PRNG (mulberry32): the same seed gives the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoOptions {
  dir: string;
  commits?: number;
  /** Last commit day, YYYY-MM-DD; history spans the six months before it. */
  endDate?: string;
}

/** A history being written for `git fast-import`: files kept as they are now, commits by mark. */
class Stream {
  readonly out: string[] = [];
  readonly contents = new Map<string, string>();
  /** How far each feature has come: its subject's commit count so far, less one. */
  readonly versions = new Map<string, number>();
  commits = 0;

  constructor(private readonly files: readonly CodeFile[]) {}

  /** A commit on `branch` at `when` (seconds) writing `paths` as they are now; returns its mark. */
  commit(o: { branch: string; mark: number; message: string; author: readonly string[]; when: number; committed?: number; paths: readonly string[]; from?: number; merge?: number }): number {
    const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}`;
    const date = `${Math.floor(o.when)} +0000`;
    const committed = `${Math.floor(o.committed ?? o.when)} +0000`;
    this.out.push(`commit refs/heads/${o.branch}`, `mark :${o.mark}`, `author ${o.author[0]} <${o.author[1]}> ${date}`, `committer ${o.author[0]} <${o.author[1]}> ${committed}`, data(o.message));
    if (o.from) this.out.push(`from :${o.from}`);
    if (o.merge) this.out.push(`merge :${o.merge}`);
    for (const f of o.paths) this.out.push(`M 100644 inline ${f}`, data(this.contents.get(f) ?? ''));
    this.out.push('');
    this.commits++;
    return o.mark;
  }

  /** Moves the feature `subject` names one version on (adds it the first time); returns the file it changed. */
  advance(subject: string): string {
    const found = featureOf(this.files, subject);
    if (!found) throw new Error(`no demo code for '${subject}'`);
    const before = this.contents.get(found.file.path);
    let v = this.versions.get(subject) ?? -1;
    let text: string;
    do {
      this.versions.set(subject, ++v);
      text = render(found.file, this.versions);
    } while (text === before && v < 50);
    this.contents.set(found.file.path, text);
    return found.file.path;
  }

  /** Runs fast-import in `dir`; returns the commit of each mark. */
  import(dir: string): Map<number, string> {
    const marks = path.join(dir, '.git', 'demo-marks');
    this.out.push('done', '');
    const r = spawnSync('git', ['fast-import', '--quiet', '--done', `--export-marks=${marks}`], { cwd: dir, input: this.out.join('\n'), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
    const shas = new Map(fs.readFileSync(marks, 'utf8').split('\n').filter(Boolean).map((l): [number, string] => [Number(l.slice(1, l.indexOf(' '))), l.slice(l.indexOf(' ') + 1)]));
    fs.rmSync(marks);
    return shas;
  }
}

const SHOP_FILES: CodeFile[] = [...AREAS.flatMap((a) => a.files), ...UPKEEP_FILES];

/** Creates the demo repository in `dir` (which must not exist or be empty). Returns the number of commits. */
export function createDemoRepo(options: DemoOptions): number {
  const dir = path.resolve(options.dir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty; choose a new folder for the demo`);
  fs.mkdirSync(dir, { recursive: true });
  // The notes need an identity: a machine without user.name/user.email must still get its demo.
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Goal Lens demo', GIT_AUTHOR_EMAIL: 'demo@acme.example', GIT_COMMITTER_NAME: 'Goal Lens demo', GIT_COMMITTER_EMAIL: 'demo@acme.example' };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '--initial-branch=main');

  const random = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const total = options.commits ?? 300;
  const end = Date.parse(`${options.endDate ?? '2026-11-25'}T17:00:00Z`) / 1000;
  const start = end - 180 * 86400;
  // Merges take time too: a little under one step per commit keeps the last ones from piling up on the end date.
  const step = (end - start) / (total * 1.03);

  const s = new Stream(SHOP_FILES);
  const deps = dependencies();
  s.contents.set('goals.yaml', DEMO_GOALS);
  s.contents.set('.github/CODEOWNERS', CODEOWNERS);
  s.contents.set('README.md', '# Acme shop\n\nThe demo repository of Goal Lens: a small web shop in TypeScript (`npx tsc` checks it).\n');
  s.contents.set('package.json', deps.text());
  s.contents.set('tsconfig.json', TSCONFIG);
  // A file whose every feature is work in progress appears with its branch, not in the first commit.
  const held = new Set(AREAS.flatMap((a) => a.held ?? []));
  for (const f of SHOP_FILES) if (!f.features.every((x) => held.has(x.subject))) s.contents.set(f.path, render(f, s.versions));

  let mark = 0;
  let time = start;
  let issue = 100;
  let pr = 10;
  const notes: { mark: number; goal: string }[] = [];
  const commit = (branch: string, message: string, author: readonly string[], paths: readonly string[], from: number | null, merge?: number): number => {
    time += step * (0.5 + random());
    const when = Math.min(time, end);
    // A commit made straight on main lands after review, as a rebased pull request does: committed 2 to 73 hours
    // after it was written, so the Flow section's lead times are not all zero. Taken from the mark, not the random
    // sequence, so the history's shape stays the same.
    const committed = branch === 'main' && merge === undefined && mark > 0 ? Math.min(when + ((((mark + 1) * 7919) % 72) + 2) * 3600, end) : when;
    return s.commit({ branch, mark: ++mark, message, author, when, committed, paths, from: from ?? undefined, merge });
  };
  const person = (team: string): readonly string[] => pick(PEOPLE.filter((p) => p[2] === team));
  const subjectsOf = (area: Area): string[] => area.files.flatMap((f) => f.features.map((x) => x.subject)).filter((x) => !held.has(x));
  const upkeepSubjects = UPKEEP_FILES.flatMap((f) => f.features.map((x) => x.subject));

  // An aging branch for the Flow section: loyalty work started about 40 days before the end and left idle. Its
  // commits take marks of their own (from 1,000,001).
  let aging = false;
  const agingBranch = (from: number): void => {
    const t0 = Math.floor(time);
    let parent = from;
    LOYALTY.forEach(([subject, text], k) => {
      s.contents.set('src/loyalty/points.ts', text);
      parent = s.commit({ branch: 'feat/loyalty-points', mark: 1_000_001 + k, message: `${subject}\n\nGoal: loyalty`, author: PEOPLE[k % 2], when: t0 + (k === 0 ? 3600 : 4 * 86400), paths: ['src/loyalty/points.ts'], from: parent });
    });
    s.contents.delete('src/loyalty/points.ts');
  };
  let main = commit('main', 'Initial commit', PEOPLE[5], [...s.contents.keys()], null);
  let made = 1;
  while (made < total) {
    const draw = random();
    if (draw < 0.07) {
      // Dependabot's pull requests, squash-merged: upkeep by a bot, routed by keep-running's `authors:` rule.
      const bump = deps.bump((n) => Math.floor(random() * n));
      if (bump) {
        s.contents.set('package.json', deps.text());
        main = commit('main', `${bump} (#${pr++})\n\nBumps ${bump.slice('Bump '.length)}.`, DEPENDABOT, ['package.json'], main);
        made++;
        continue;
      }
    }
    if (draw < 0.12) {
      // CI and lint changes by the platform team: upkeep, routed by keep-running's `changes:` rule (the draw keeps
      // the rest of the history as it was).
      const subject = pick(upkeepSubjects);
      random();
      main = commit('main', subject, person('platform'), [s.advance(subject)], main);
      made++;
      continue;
    }
    const area = pick(AREAS);
    const r = random();
    if (area.goal && r < 0.12 && made + 4 < total) {
      // A feature branch, merged back as a pull request: its commits serve the goal through the branch name.
      const name = area.goal === 'checkout-conversion' ? `feat/checkout-${pick(['retry', 'cards', 'address', 'speed'])}-${pr}` : `feat/${area.goal}-${pr}`;
      let tip = main;
      const n = 2 + Math.floor(random() * 3);
      const changed = new Set<string>();
      for (let i = 0; i < n; i++) {
        const subject = pick(subjectsOf(area));
        const file = s.advance(subject);
        changed.add(file);
        tip = commit(name, `${subject} (part ${i + 1})`, person(area.team), [file], tip);
      }
      made += n;
      // The merge's tree is main's plus the branch's work: every file the branch changed, as it left them.
      main = commit('main', random() < 0.7 ? `Merge pull request #${pr} from acme/${name}` : `Merge branch '${name}'`, person(area.team), [...changed], main, tip);
      pr++;
      continue;
    }
    const subject = pick(subjectsOf(area));
    let message = subject;
    if (area.goal && r < 0.5) message += `\n\nGoal: ${area.goal}`;
    else if (area.key && r < 0.72) message = `${area.key}-${issue++}: ${message}`;
    else if (area.goal === null && r < 0.25) message += `\n\nGoal: ${pick(['checkout-conversion', 'cost-to-serve'])}`;
    main = commit('main', message, person(area.team), [s.advance(subject)], main);
    if (area.goal && r >= 0.72 && r < 0.8) notes.push({ mark: main, goal: area.goal });
    if (!aging && time >= end - 40 * 86400) {
      aging = true;
      agingBranch(main);
    }
    made++;
  }
  // Work in progress: an unmerged checkout branch and a fix whose goal is set in git config.
  const [checkoutArea, searchArea] = AREAS;
  const [store, pickCard] = checkoutArea.held ?? [];
  const wip = commit('feat/checkout-saved-cards', store, PEOPLE[0], [s.advance(store)], main);
  commit('feat/checkout-saved-cards', pickCard, PEOPLE[1], [s.advance(pickCard)], wip);
  const [noResults] = searchArea.held ?? [];
  commit('fix/empty-results', noResults, PEOPLE[2], [s.advance(noResults)], main);
  s.out.push('reset refs/tags/v1.0', `from :${Math.floor(mark / 2)}`, '');

  const shas = s.import(dir);
  git('checkout', '-q', '-f', 'main');
  // Merged pull-request branches are deleted, as hosting services do; the last two stay for the tree to show.
  const merged = git('for-each-ref', '--merged=main', '--format=%(refname)', 'refs/heads/feat/').split('\n').filter(Boolean);
  const drop = merged.slice(0, Math.max(0, merged.length - 2)).map((ref) => `delete ${ref}\n`).join('');
  if (drop) execFileSync('git', ['update-ref', '--stdin'], { cwd: dir, input: drop });
  git('config', 'branch.fix/empty-results.goal', 'search-relevance');
  for (const n of notes) {
    const sha = shas.get(n.mark);
    if (sha) git('notes', '--ref=goals', 'add', '-f', '-m', `Goal: ${n.goal}`, sha);
  }
  createWarehouseRepo(path.join(dir, DEMO_SECOND_REPO), start, end);
  // The second repository lives inside the first (so one folder holds the whole demo) but is not part of it.
  fs.appendFileSync(path.join(dir, '.git', 'info', 'exclude'), `/${DEMO_SECOND_REPO.split('/')[0]}/\n`);
  return s.commits;
}

/** Where the demo's second repository is, inside the first: it shares the shop's goals through `extends`. */
export const DEMO_SECOND_REPO = 'services/warehouse';

export const WAREHOUSE_GOALS = `# The warehouse team's goals. The company goals come from the shop's goals.yaml: this team's goals hang under them.
version: 1
extends: ../../goals.yaml
goals:
  - id: next-day-dispatch
    title: Dispatch 95% of orders the day they are placed
    parent: cost-to-serve
    owner: Tom Becker (COO)
    advisor: Eva Novak
    due: 2027-01-31
    outcome:
      metric: Orders dispatched same day
      unit: "%"
      baseline: 81
      target: 95
      measurements:
        - { date: 2026-10-01, value: 86 }
    keys: [WH-*]
    commitments:
      - { what: Pick lists sorted by aisle, due: 2026-09-30, done: 2026-09-24 }
      - { what: Carrier cut-off alerts, due: 2026-11-15 }
`;

/** The warehouse service: about 80 commits over the same months, serving shared and own goals (and some untagged). */
function createWarehouseRepo(dir: string, start: number, end: number): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '--initial-branch=main'], { cwd: dir, stdio: 'ignore' });
  const random = rng(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const ops = PEOPLE.filter((p) => p[2] !== 'web');
  const work: [string, string | null][] = [
    ['Sort pick lists by aisle', 'next-day-dispatch'],
    ['Alert before carrier cut-off', 'next-day-dispatch'],
    ['Batch labels per carrier', 'next-day-dispatch'],
    ['Send tracking numbers to the shop', 'cost-to-serve'],
    ['Stock levels feed for the shop search', 'search-relevance'],
    ['Reserve stock when a cart checks out', 'checkout-conversion'],
    ['Upgrade the label printer driver', null],
    ['Tidy logging', null],
  ];
  const s = new Stream(WAREHOUSE_FILES);
  s.contents.set('goals.yaml', WAREHOUSE_GOALS);
  s.contents.set('README.md', "# Acme warehouse\n\nThe second demo repository of Goal Lens: its goals.yaml extends the shop's.\n");
  s.contents.set('package.json', '{\n  "name": "acme-warehouse",\n  "private": true,\n  "scripts": {\n    "build": "tsc"\n  }\n}\n');
  s.contents.set('tsconfig.json', TSCONFIG);
  for (const f of WAREHOUSE_FILES) s.contents.set(f.path, render(f, s.versions));
  const total = 80;
  let key = 10;
  for (let mark = 1; mark <= total; mark++) {
    const when = start + ((end - start) * mark) / (total + 1);
    const who = pick(ops);
    const [subject, goal] = mark === 1 ? ['Initial commit', null] : pick(work);
    const r = random();
    const message = goal === null ? subject : goal === 'next-day-dispatch' && r < 0.4 ? `WH-${key++}: ${subject}` : r < 0.85 ? `${subject}\n\nGoal: ${goal}` : subject;
    const paths = mark === 1 ? [...s.contents.keys()] : [s.advance(subject)];
    s.commit({ branch: 'main', mark, message, author: who, when, paths, from: mark > 1 ? mark - 1 : undefined });
  }
  s.import(dir);
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir, stdio: 'ignore' });
}

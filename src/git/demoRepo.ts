// The built-in demo: a realistic shop repository with business goals, two teams and a shared library, about
// 300 commits over six months. Deterministic (seeded), written in one `git fast-import` pass.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

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
`;

const CODEOWNERS = `# Who owns what
/src/checkout/ @acme/web-team
/src/search/ @acme/web-team
/src/support/ @acme/ops-team
/src/shared/ @acme/platform
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

interface Area {
  dir: string;
  goal: string | null;
  key: string | null;
  team: string;
  files: string[];
  subjects: string[];
}

const AREAS: Area[] = [
  { dir: 'src/checkout', goal: 'checkout-conversion', key: 'SHOP', team: 'web', files: ['cart.ts', 'payment.ts', 'address.ts', 'confirm.ts'],
    subjects: ['Retry failed card payments', 'Show delivery date in cart', 'Autocomplete street names', 'Keep cart across devices', 'Faster confirm page', 'Validate postcodes inline', 'Explain card declines', 'Remember billing address'] },
  { dir: 'src/search', goal: 'search-relevance', key: 'SRCH', team: 'web', files: ['rank.ts', 'synonyms.ts', 'typos.ts', 'facets.ts'],
    subjects: ['Boost in-stock products', 'Add synonyms for sneakers', 'Tolerate one typo per word', 'Facet by size', 'Rank by margin and relevance', 'Fix empty results for plurals'] },
  { dir: 'src/support', goal: 'cost-to-serve', key: 'OPS', team: 'ops', files: ['tracking.ts', 'refunds.ts', 'macros.ts'],
    subjects: ['Order tracking page', 'Refund small orders automatically', 'Macro for late deliveries', 'Deflect where-is-my-order tickets', 'Link tracking in emails'] },
  { dir: 'src/shared/payments-lib', goal: null, key: null, team: 'platform', files: ['charge.ts', 'currency.ts', 'ledger.ts'],
    subjects: ['Idempotent charge requests', 'Round currency per ISO 4217', 'Ledger entries for refunds', 'Retry with backoff', 'Upgrade card vault client', 'Structured payment errors'] },
  { dir: 'build', goal: null, key: null, team: 'platform', files: ['ci.yml', 'lint.json'],
    subjects: ['Cache node_modules in CI', 'Bump lint rules', 'Split test jobs'] },
];

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
  const step = (end - start) / total;

  const contents = new Map<string, string>();
  contents.set('goals.yaml', DEMO_GOALS);
  contents.set('.github/CODEOWNERS', CODEOWNERS);
  contents.set('README.md', '# Acme shop\n\nThe demo repository of Goal Lens.\n');
  for (const area of AREAS) {
    for (const f of area.files) {
      const imports = area.dir.startsWith('src/') && area.goal && f !== 'synonyms.ts' ? `import { charge } from '../shared/payments-lib/charge';\n` : '';
      contents.set(`${area.dir}/${f}`, `${imports}// ${area.dir}/${f}\nexport const version = 0;\n`);
    }
  }

  const out: string[] = [];
  let mark = 0;
  let time = start;
  let issue = 100;
  const notes: { mark: number; goal: string }[] = [];
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (branch: string, message: string, author: readonly string[], files: string[], from: number | null, merge?: number): number => {
    mark++;
    time += step * (0.5 + random());
    const when = `${Math.floor(Math.min(time, end))} +0000`;
    out.push(`commit refs/heads/${branch}`, `mark :${mark}`, `author ${author[0]} <${author[1]}> ${when}`, `committer ${author[0]} <${author[1]}> ${when}`, data(message).trimEnd());
    if (from) out.push(`from :${from}`);
    if (merge) out.push(`merge :${merge}`);
    for (const f of files) out.push(`M 100644 inline ${f}`, data(contents.get(f) ?? '').trimEnd());
    out.push('');
    return mark;
  };
  const touch = (area: Area, n: number): string => {
    const f = `${area.dir}/${pick(area.files)}`;
    contents.set(f, `${contents.get(f)}export const change${n} = ${n};\n`);
    return f;
  };
  const person = (team: string): readonly string[] => pick(PEOPLE.filter((p) => p[2] === team));

  // An aging branch for the Flow section: loyalty work started about 40 days before the end and left idle. Its
  // commits take marks and times of their own, so the rest of the demo (and its random draws) stays as it was.
  let aging = false;
  const agingBranch = (from: number): void => {
    const t0 = Math.floor(time);
    const steps: [string, number][] = [['Points ledger for returning buyers', t0 + 3600], ['Earn points on confirmed orders', t0 + 4 * 86400]];
    let parent = from;
    steps.forEach(([message, at], k) => {
      const m = 1_000_001 + k;
      const author = PEOPLE[k % 2];
      out.push('commit refs/heads/feat/loyalty-points', `mark :${m}`, `author ${author[0]} <${author[1]}> ${at} +0000`, `committer ${author[0]} <${author[1]}> ${at} +0000`, data(`${message}\n\nGoal: loyalty`).trimEnd());
      out.push(`from :${parent}`, `M 100644 inline src/loyalty/points.ts`, data(`// src/loyalty/points.ts\nexport const step = ${k};\n`).trimEnd(), '');
      parent = m;
    });
  };
  let main = commit('main', 'Initial commit', PEOPLE[5], [...contents.keys()], null);
  let pr = 10;
  let made = 1;
  while (made < total) {
    const area = random() < 0.06 ? AREAS[4] : pick(AREAS.slice(0, 4));
    const r = random();
    if (area.goal && r < 0.12 && made + 4 < total) {
      // A feature branch, merged back as a pull request: its commits serve the goal through the branch name.
      const name = area.goal === 'checkout-conversion' ? `feat/checkout-${pick(['retry', 'cards', 'address', 'speed'])}-${pr}` : `feat/${area.goal}-${pr}`;
      let tip = main;
      const n = 2 + Math.floor(random() * 3);
      for (let i = 0; i < n; i++) tip = commit(name, `${pick(area.subjects)} (part ${i + 1})`, person(area.team), [touch(area, mark)], tip);
      made += n;
      main = commit('main', random() < 0.7 ? `Merge pull request #${pr} from acme/${name}` : `Merge branch '${name}'`, person(area.team), [], main, tip);
      pr++;
      continue;
    }
    let message = pick(area.subjects);
    if (area.goal && r < 0.5) message += `\n\nGoal: ${area.goal}`;
    else if (area.key && r < 0.72) message = `${area.key}-${issue++}: ${message}`;
    else if (area.goal === null && r < 0.25) message += `\n\nGoal: ${pick(['checkout-conversion', 'cost-to-serve'])}`;
    main = commit('main', message, person(area.team), [touch(area, mark)], main);
    if (area.goal && r >= 0.72 && r < 0.8) notes.push({ mark: main, goal: area.goal });
    if (!aging && time >= end - 40 * 86400) {
      aging = true;
      agingBranch(main);
    }
    made++;
  }
  // Work in progress: an unmerged checkout branch and a fix whose goal is set in git config.
  const wip = commit('feat/checkout-saved-cards', 'Store card tokens for returning buyers', PEOPLE[0], [touch(AREAS[0], mark)], main);
  commit('feat/checkout-saved-cards', 'Pick a saved card at checkout', PEOPLE[1], [touch(AREAS[0], mark)], wip);
  commit('fix/empty-results', 'Show suggestions instead of an empty page', PEOPLE[2], [touch(AREAS[1], mark)], main);
  out.push('reset refs/tags/v1.0', `from :${Math.floor(mark / 2)}`, '');
  out.push('done', '');

  const r = spawnSync('git', ['fast-import', '--quiet', '--done'], { cwd: dir, input: out.join('\n'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
  git('checkout', '-q', '-f', 'main');
  // Merged pull-request branches are deleted, as hosting services do; the last two stay for the tree to show.
  const merged = git('for-each-ref', '--merged=main', '--format=%(refname)', 'refs/heads/feat/').split('\n').filter(Boolean);
  const drop = merged.slice(0, Math.max(0, merged.length - 2)).map((ref) => `delete ${ref}\n`).join('');
  if (drop) execFileSync('git', ['update-ref', '--stdin'], { cwd: dir, input: drop });
  git('config', 'branch.fix/empty-results.goal', 'search-relevance');
  for (const n of notes) {
    const sha = git('log', '-1', '--format=%H', `--grep=^${escapeRegex(subjectOfMark(out, n.mark))}$`, 'main');
    if (sha) git('notes', '--ref=goals', 'add', '-f', '-m', `Goal: ${n.goal}`, sha.split('\n')[0]);
  }
  createWarehouseRepo(path.join(dir, DEMO_SECOND_REPO), start, end);
  // The second repository lives inside the first (so one folder holds the whole demo) but is not part of it.
  fs.appendFileSync(path.join(dir, '.git', 'info', 'exclude'), `/${DEMO_SECOND_REPO.split('/')[0]}/\n`);
  return made + 3;
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
  const files = ['src/picking.ts', 'src/labels.ts', 'src/stock.ts', 'src/carriers.ts'];
  const contents = new Map<string, string>([['goals.yaml', WAREHOUSE_GOALS], ['README.md', '# Acme warehouse\n\nThe second demo repository of Goal Lens: its goals.yaml extends the shop\'s.\n'], ...files.map((f): [string, string] => [f, `// ${f}\nexport const version = 0;\n`])]);
  const total = 80;
  const out: string[] = [];
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}`;
  let key = 10;
  for (let mark = 1; mark <= total; mark++) {
    const when = `${Math.floor(start + ((end - start) * mark) / (total + 1))} +0000`;
    const who = pick(ops);
    const [subject, goal] = mark === 1 ? ['Initial commit', null] : pick(work);
    const r = random();
    const message = goal === null ? subject : goal === 'next-day-dispatch' && r < 0.4 ? `WH-${key++}: ${subject}` : r < 0.85 ? `${subject}\n\nGoal: ${goal}` : subject;
    const changed = mark === 1 ? [...contents.keys()] : [pick(files)];
    if (mark > 1) contents.set(changed[0], `${contents.get(changed[0])}export const change${mark} = ${mark};\n`);
    out.push('commit refs/heads/main', `mark :${mark}`, `author ${who[0]} <${who[1]}> ${when}`, `committer ${who[0]} <${who[1]}> ${when}`, data(message));
    if (mark > 1) out.push(`from :${mark - 1}`);
    for (const f of changed) out.push(`M 100644 inline ${f}`, data(contents.get(f) ?? ''));
    out.push('');
  }
  out.push('done', '');
  const r = spawnSync('git', ['fast-import', '--quiet', '--done'], { cwd: dir, input: out.join('\n'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir, stdio: 'ignore' });
}

function subjectOfMark(stream: string[], mark: number): string {
  const at = stream.indexOf(`mark :${mark}`);
  const dataLine = stream[at + 3];
  return dataLine.slice(dataLine.indexOf('\n') + 1).split('\n')[0];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

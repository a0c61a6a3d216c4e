// The demo's upkeep: its CI workflow, lint rules and dependencies, and the warehouse service's code. Like the
// shop's code (demoCode.ts), each commit subject names what it changes.
import { at, CodeFile } from './demoCode';

const CI_CACHE = 'Cache node_modules in CI';
const CI_SPLIT = 'Split test jobs';
const LINT = 'Bump lint rules';

/** The CI workflow, whole: caching changes a step of the build job, splitting adds jobs. */
function workflow(versions: ReadonlyMap<string, number>): string {
  const cache = versions.get(CI_CACHE);
  const split = versions.get(CI_SPLIT);
  const node = cache === undefined ? 20 : at([20, 22], cache);
  const setup = `      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: ${node}${cache === undefined ? '' : `\n          cache: npm\n          cache-dependency-path: ${at(['package-lock.json', '**/package-lock.json'], cache)}`}
      - run: npm ci`;
  const jobs = [`  build:
    runs-on: ubuntu-latest
    steps:
${setup}
      - run: npx tsc --noEmit
      - run: npx eslint src${split === undefined ? '\n      - run: npm test' : ''}`];
  if (split !== undefined) {
    const shards = at([2, 3, 4], split);
    jobs.push(`  test:
    runs-on: ubuntu-latest
    needs: build
    strategy:
      matrix:
        shard: [${Array.from({ length: shards }, (_, i) => i + 1).join(', ')}]
    steps:
${setup}
      - run: npx vitest run --shard=\${{ matrix.shard }}/${shards}`);
  }
  return `name: CI
on: [push, pull_request]
jobs:
${jobs.join('\n')}
`;
}

const LINT_RULES = ['"eqeqeq": "error"', '"no-var": "error"', '"prefer-const": "error"', '"no-console": "warn"', '"curly": ["error", "multi-line"]', '"no-implicit-coercion": "error"'];

export const UPKEEP_FILES: CodeFile[] = [
  { path: '.github/workflows/ci.yml', header: '', features: [{ subject: CI_CACHE, code: () => '' }, { subject: CI_SPLIT, code: () => '' }], whole: workflow },
  { path: '.eslintrc.json', header: '', features: [{ subject: LINT, code: () => '' }], whole: (versions) => {
    const v = versions.get(LINT);
    const rules = LINT_RULES.slice(0, v === undefined ? 2 : 3 + (v % (LINT_RULES.length - 2)));
    return `{\n  "root": true,\n  "parser": "@typescript-eslint/parser",\n  "rules": {\n    ${rules.join(',\n    ')}\n  }\n}\n`;
  } },
];

/** Dependencies Dependabot bumps, each with the versions it goes through. */
const DEPENDENCIES: [string, string[]][] = [
  ['typescript', ['5.4.2', '5.4.5', '5.5.2', '5.5.4', '5.6.2', '5.6.3']],
  ['eslint', ['8.57.0', '8.57.1', '9.9.0', '9.10.0', '9.12.0']],
  ['vitest', ['1.6.0', '2.0.3', '2.0.5', '2.1.1', '2.1.3']],
  ['@typescript-eslint/parser', ['7.13.0', '7.16.1', '8.0.1', '8.5.0', '8.8.1']],
  ['prettier', ['3.3.0', '3.3.2', '3.3.3']],
];

/** package.json and the bumps to come: `bump()` returns the next one's subject, or null when none is left. */
export function dependencies(): { text: () => string; bump: (pick: (n: number) => number) => string | null } {
  const at_ = new Map(DEPENDENCIES.map(([name]) => [name, 0]));
  const text = (): string => {
    const deps = DEPENDENCIES.map(([name, versions]) => `    "${name}": "^${versions[at_.get(name) ?? 0]}"`).join(',\n');
    return `{\n  "name": "acme-shop",\n  "private": true,\n  "scripts": {\n    "build": "tsc",\n    "test": "vitest run",\n    "lint": "eslint src"\n  },\n  "devDependencies": {\n${deps}\n  }\n}\n`;
  };
  const bump = (pick: (n: number) => number): string | null => {
    const left = DEPENDENCIES.filter(([name, versions]) => (at_.get(name) ?? 0) < versions.length - 1);
    if (!left.length) return null;
    const [name, versions] = left[pick(left.length)];
    const from = at_.get(name) ?? 0;
    at_.set(name, from + 1);
    return `Bump ${name} from ${versions[from]} to ${versions[from + 1]}`;
  };
  return { text, bump };
}

/** Dependabot, as GitHub writes it. */
export const DEPENDABOT = ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com', 'bot'] as const;

// The warehouse service: a second repository.
export const WAREHOUSE_FILES: CodeFile[] = [
  { path: 'src/picking.ts', header: `export interface PickLine {
  sku: string;
  quantity: number;
  aisle: number;
  shelf: number;
}`, features: [
    { subject: 'Sort pick lists by aisle', code: (v) => `/** One walk through the warehouse: aisle by aisle, ${at(['up one aisle and down the next', 'always from the front'], v)}. */
export function pickOrder(lines: readonly PickLine[]): PickLine[] {
  return [...lines].sort((a, b) => a.aisle - b.aisle || ${at(['(a.aisle % 2 === 0 ? a.shelf - b.shelf : b.shelf - a.shelf)', 'a.shelf - b.shelf'], v)});
}` },
  ] },
  { path: 'src/carriers.ts', header: `export interface Carrier {
  name: string;
  /** Last pick-up of the day, local time, HH:MM. */
  cutOff: string;
}`, features: [
    { subject: 'Alert before carrier cut-off', code: (v) => `const WARN_MINUTES = ${at([30, 45, 20, 60], v)};

/** Minutes until the carrier's last pick-up, or null once it is past. */
export function minutesToCutOff(carrier: Carrier, now: Date): number | null {
  const [h, m] = carrier.cutOff.split(':').map(Number);
  const left = h * 60 + m - (now.getHours() * 60 + now.getMinutes());
  return left >= 0 ? left : null;
}

export function shouldAlert(carrier: Carrier, now: Date): boolean {
  const left = minutesToCutOff(carrier, now);
  return left !== null && left <= WARN_MINUTES;
}` },
    { subject: 'Send tracking numbers to the shop', code: (v) => `/** What the shop's tracking page needs, sent once the label is printed. */
export function trackingUpdate(orderId: string, carrier: Carrier, trackingNumber: string): string {
  return JSON.stringify({ orderId, carrier: carrier.name.toLowerCase(), trackingNumber, status: 'shipped', version: ${at([1, 2], v)} });
}` },
  ] },
  { path: 'src/labels.ts', header: `import { Carrier } from './carriers';

export interface Parcel {
  orderId: string;
  carrier: Carrier;
  weightGrams: number;
}`, features: [
    { subject: 'Batch labels per carrier', code: (v) => `const BATCH_SIZE = ${at([50, 100, 25], v)};

/** Labels printed in batches, one carrier at a time, so parcels leave the printer already sorted. */
export function labelBatches(parcels: readonly Parcel[]): Parcel[][] {
  const byCarrier = new Map<string, Parcel[]>();
  for (const p of parcels) byCarrier.set(p.carrier.name, [...(byCarrier.get(p.carrier.name) ?? []), p]);
  const batches: Parcel[][] = [];
  for (const list of byCarrier.values()) for (let i = 0; i < list.length; i += BATCH_SIZE) batches.push(list.slice(i, i + BATCH_SIZE));
  return batches;
}` },
    { subject: 'Upgrade the label printer driver', code: (v) => `/** The printer's command language: ZPL ${at(['II', 'II with UTF-8', 'II, 300 dpi'], v)}. */
export const PRINTER = { language: 'ZPL', dpi: ${at([203, 300], v)}, utf8: ${at(['false', 'true'], v)} } as const;` },
  ] },
  { path: 'src/stock.ts', header: `export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
}`, features: [
    { subject: 'Stock levels feed for the shop search', code: (v) => `/** What the shop's search may sell now: on hand, less what carts have reserved, less a safety margin. */
const SAFETY_STOCK = ${at([2, 1, 3], v)};

export function available(level: StockLevel): number {
  return Math.max(0, level.onHand - level.reserved - SAFETY_STOCK);
}` },
    { subject: 'Reserve stock when a cart checks out', code: (v) => `/** Holds the quantity for a checkout; false when there is not enough left. Held for ${at([15, 30, 20], v)} minutes. */
export function reserve(level: StockLevel, quantity: number): boolean {
  if (level.onHand - level.reserved < quantity) return false;
  level.reserved += quantity;
  return true;
}` },
  ] },
  { path: 'src/log.ts', header: `export type Level = 'debug' | 'info' | 'warn' | 'error';`, features: [
    { subject: 'Tidy logging', code: (v) => `/** One line per event, ${at(['key=value pairs', 'JSON'], v)}, so the log can be searched. */
export function logLine(level: Level, event: string, fields: Record<string, string | number> = {}): string {
  return ${at(["[level, event, ...Object.entries(fields).map(([k, val]) => `${k}=${val}`)].join(' ')", 'JSON.stringify({ level, event, ...fields })'], v)};
}` },
  ] },
];

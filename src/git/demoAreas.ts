// The demo's search and support code, and which goal, key and team each area of the shop has.
import { at, first, type CodeFile } from './demoCode';
import { checkout, payments } from './demoShop';

const search: CodeFile[] = [
  { path: 'src/search/rank.ts', header: `import { Money } from '../shared/payments-lib/money';

export interface Product {
  sku: string;
  title: string;
  inStock: number;
  price: Money;
  cost: Money;
}

export interface Hit {
  product: Product;
  score: number;
}

export function rank(hits: readonly Hit[]): Hit[] {
  return [...hits].sort((a, b) => b.score - a.score || a.product.sku.localeCompare(b.product.sku));
}`, features: [
    { subject: 'Boost in-stock products', code: (v) => `const IN_STOCK_BOOST = ${at([1.2, 1.5, 1.3, 1.25], v)};

/** Products a buyer can have now rank above those they would wait for. */
export function boostInStock(hits: readonly Hit[]): Hit[] {
  return hits.map((h) => (h.product.inStock > 0 ? { ...h, score: h.score * IN_STOCK_BOOST } : h));
}` },
    { subject: 'Rank by margin and relevance', code: (v) => `const MARGIN_WEIGHT = ${at([0.1, 0.2, 0.15, 0.05], v)};

/** Relevance first, margin as a tie-breaker that grows with MARGIN_WEIGHT. */
export function withMargin(hits: readonly Hit[]): Hit[] {
  return hits.map((h) => {
    const price = h.product.price.amount;
    const margin = price > 0 ? (price - h.product.cost.amount) / price : 0;
    return { ...h, score: h.score * (1 - MARGIN_WEIGHT) + margin * MARGIN_WEIGHT };
  });
}` },
  ] },
  { path: 'src/search/synonyms.ts', header: `export function words(query: string): string[] {
  return query.toLowerCase().split(/\\s+/).filter(Boolean);
}`, features: [
    { subject: 'Add synonyms for sneakers', code: (v) => `const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
${first(["  sneakers: ['trainers', 'running shoes'],", "  hoodie: ['sweatshirt'],", "  jeans: ['denim'],", "  sofa: ['couch', 'settee'],", "  tee: ['t-shirt', 'tshirt'],", "  parka: ['winter coat'],"], v, 2).join('\n')}
};

/** Each word and the words buyers use for the same thing. */
export function expand(query: readonly string[]): string[] {
  return query.flatMap((w) => [w, ...(SYNONYMS[w] ?? [])]);
}` },
    { subject: 'Fix empty results for plurals', code: (v) => `/** "dresses" finds "dress": the catalogue is written in the singular. */
export function singular(word: string): string {
  if (word.length <= ${at([3, 4], v)}) return word;
  if (word.endsWith('ies')) return \`\${word.slice(0, -3)}y\`;
  if (/(s|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}` },
  ] },
  { path: 'src/search/typos.ts', header: `/** Terms that must match exactly: sizes and brand names. */
export const EXACT_TERMS: ReadonlySet<string> = new Set(['xs', 's', 'm', 'l', 'xl']);`, features: [
    { subject: 'Tolerate one typo per word', code: (v) => `const MIN_LENGTH_FOR_TYPO = ${at([4, 5, 3], v)};

/** Levenshtein distance, stopping early once it is over one. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

export function matches(typed: string, term: string): boolean {
  if (typed === term) return true;
  if (EXACT_TERMS.has(term) || typed.length < MIN_LENGTH_FOR_TYPO) return false;
  return withinOneEdit(typed, term);
}` },
  ] },
  { path: 'src/search/facets.ts', header: `import { Product } from './rank';

export interface Facet {
  name: string;
  counts: Map<string, number>;
}`, features: [
    { subject: 'Facet by size', code: (v) => `const SIZE_ORDER: readonly string[] = [${first(["'XS'", "'S'", "'M'", "'L'", "'XL'", "'XXL'", "'3XL'"], v, 5).join(', ')}];

/** How many products come in each size, smallest first; sizes outside SIZE_ORDER come last. */
export function sizeFacet(products: readonly Product[], sizeOf: (p: Product) => string | undefined): Facet {
  const counts = new Map<string, number>();
  for (const p of products) {
    const size = sizeOf(p);
    if (size) counts.set(size, (counts.get(size) ?? 0) + 1);
  }
  const order = (s: string) => (SIZE_ORDER.includes(s) ? SIZE_ORDER.indexOf(s) : SIZE_ORDER.length);
  return { name: 'size', counts: new Map([...counts].sort((a, b) => order(a[0]) - order(b[0]))) };
}` },
  ] },
  { path: 'src/search/noResults.ts', header: `import { Hit } from './rank';`, features: [
    { subject: 'Show suggestions instead of an empty page', code: () => `/** With no hit, the closest popular searches: a page with something to click instead of nothing. */
export function fallback(hits: readonly Hit[], popular: readonly string[], typed: string): { hits: readonly Hit[]; suggestions: string[] } {
  if (hits.length > 0) return { hits, suggestions: [] };
  const first = typed.trim().toLowerCase().slice(0, 2);
  return { hits, suggestions: popular.filter((p) => p.toLowerCase().startsWith(first)).slice(0, 5) };
}` },
  ] },
];

const support: CodeFile[] = [
  { path: 'src/support/tracking.ts', header: `export type ShipmentStatus = 'placed' | 'packed' | 'shipped' | 'delivered';

export interface Shipment {
  orderId: string;
  status: ShipmentStatus;
  carrier: string;
  trackingNumber?: string;
}`, features: [
    { subject: 'Order tracking page', code: (v) => `const STEPS: readonly ShipmentStatus[] = ['placed', 'packed', 'shipped', 'delivered'];
const LABELS: Readonly<Record<ShipmentStatus, string>> = ${at([
      "{ placed: 'Order placed', packed: 'Packed', shipped: 'On its way', delivered: 'Delivered' }",
      "{ placed: 'We have your order', packed: 'Packed at the warehouse', shipped: 'With the carrier', delivered: 'Delivered' }",
    ], v)};

/** The steps of the tracking page, done up to the shipment's status. */
export function trackingSteps(s: Shipment): { label: string; done: boolean }[] {
  const reached = STEPS.indexOf(s.status);
  return STEPS.map((step, i) => ({ label: LABELS[step], done: i <= reached }));
}` },
    { subject: 'Link tracking in emails', code: (v) => `const CARRIER_TRACKING: Readonly<Record<string, string>> = {
${first(["  dhl: 'https://www.dhl.com/track?id=',", "  ups: 'https://www.ups.com/track?tracknum=',", "  dpd: 'https://tracking.dpd.de/status/',", "  gls: 'https://gls-group.com/track/',", "  postnl: 'https://jouw.postnl.nl/track/'"], v, 2).join('\n')}
};

/** The carrier's tracking page for the shipping email; none until the parcel has a number. */
export function trackingLink(s: Shipment): string | null {
  const base = CARRIER_TRACKING[s.carrier.toLowerCase()];
  return base && s.trackingNumber ? base + encodeURIComponent(s.trackingNumber) : null;
}` },
  ] },
  { path: 'src/support/refunds.ts', header: `import { ChargeResult, Gateway, refund } from '../shared/payments-lib/charge';
import { Money } from '../shared/payments-lib/money';

export interface RefundRequest {
  orderId: string;
  chargeId: string;
  amount: Money;
  reason: string;
}

export function refundOrder(gateway: Gateway, r: RefundRequest): Promise<ChargeResult> {
  return refund(gateway, r.chargeId, r.amount);
}`, features: [
    { subject: 'Refund small orders automatically', code: (v) => `/** Up to this amount (in cents) a refund needs no agent: reviewing it costs more than it saves. */
export const AUTO_REFUND_LIMIT = ${at([2000, 1500, 2500], v)};

export function refundsWithoutAgent(r: RefundRequest): boolean {
  return r.amount.currency === 'EUR' && r.amount.amount <= AUTO_REFUND_LIMIT && r.reason !== 'suspected fraud';
}` },
  ] },
  { path: 'src/support/macros.ts', header: `import { Shipment } from './tracking';

export interface Ticket {
  id: string;
  subject: string;
  body: string;
  orderId?: string;
}`, features: [
    { subject: 'Macro for late deliveries', code: (v) => `const VOUCHER_AFTER_DAYS = ${at([3, 5, 4], v)};

/** The agent's reply to "my parcel is late", with a voucher once it is late enough. */
export function lateDeliveryReply(s: Shipment, daysLate: number): string {
  const voucher = daysLate >= VOUCHER_AFTER_DAYS ? ' As an apology, here is a 10% voucher for your next order.' : '';
  return \`Your order \${s.orderId} is \${daysLate} day\${daysLate === 1 ? '' : 's'} late with \${s.carrier}; we have asked them why.\${voucher}\`;
}` },
    { subject: 'Deflect where-is-my-order tickets', code: (v) => `const WHERE_IS_MY_ORDER: readonly string[] = [${first(["'where is my order'", "'not arrived'", "'still waiting'", "'tracking'", "'when will'"], v, 2).join(', ')}];

/** A ticket the tracking page answers: the buyer gets its link before an agent is needed. */
export function isWhereIsMyOrder(t: Ticket): boolean {
  const text = \`\${t.subject} \${t.body}\`.toLowerCase();
  return t.orderId !== undefined && WHERE_IS_MY_ORDER.some((w) => text.includes(w));
}` },
  ] },
];

export interface Area {
  goal: string | null;
  key: string | null;
  team: string;
  files: CodeFile[];
  /** Subjects that are not drawn at random (work in progress on a branch). */
  held?: string[];
}

export const AREAS: Area[] = [
  { goal: 'checkout-conversion', key: 'SHOP', team: 'web', files: checkout, held: ['Store card tokens for returning buyers', 'Pick a saved card at checkout'] },
  { goal: 'search-relevance', key: 'SRCH', team: 'web', files: search, held: ['Show suggestions instead of an empty page'] },
  { goal: 'cost-to-serve', key: 'OPS', team: 'ops', files: support },
  { goal: null, key: null, team: 'platform', files: payments },
];

const POINTS = `/** Points a buyer earned or spent; the balance is their sum. */
export interface PointsEntry {
  buyerId: string;
  points: number;
  orderId: string;
}

export function pointsBalance(entries: readonly PointsEntry[], buyerId: string): number {
  return entries.filter((e) => e.buyerId === buyerId).reduce((sum, e) => sum + e.points, 0);
}
`;

/** The loyalty branch's file, one version per commit. */
export const LOYALTY: [string, string][] = [
  ['Points ledger for returning buyers', POINTS],
  ['Earn points on confirmed orders', `import { Money } from '../shared/payments-lib/money';

${POINTS}
/** One point per whole euro of a confirmed order. */
export function earnedPoints(buyerId: string, orderId: string, total: Money): PointsEntry {
  return { buyerId, orderId, points: total.currency === 'EUR' ? Math.floor(total.amount / 100) : 0 };
}
`],
];

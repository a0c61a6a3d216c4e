// The code of the demo's repositories: real, compiling TypeScript. Each commit subject names a feature, and a
// commit with that subject adds the feature's function to its file (the first time) or changes it (a tuned
// constant, a longer list), so a line's goal and a file's importers make sense when the code is read.

/** One thing a commit subject says, and the code that does it: `code(v)` is its v-th version (0 = added). */
export interface Feature {
  subject: string;
  code: (v: number) => string;
}

export interface CodeFile {
  path: string;
  /** What the file holds from the first commit: imports, types, the function others import. */
  header: string;
  features: Feature[];
  /** For a file whose features are not blocks one after another (a CI workflow): the whole text at once. */
  whole?: (versions: ReadonlyMap<string, number>) => string;
}

/** The v-th of a list of tuned values, cycling; neighbours differ, so every change is a change. */
export const at = <T>(list: readonly T[], v: number): T => list[v % list.length];
const first = <T>(list: readonly T[], v: number, from: number): T[] => list.slice(0, from + (v % (list.length - from + 1)));

/** A file's text given how far each of its features has come (absent: not written yet). */
export function render(file: CodeFile, versions: ReadonlyMap<string, number>): string {
  if (file.whole) return file.whole(versions);
  const parts = [file.header.trimEnd()];
  for (const f of file.features) {
    const v = versions.get(f.subject);
    if (v !== undefined) parts.push(f.code(v).trimEnd());
  }
  return `${parts.join('\n\n')}\n`;
}

const MONEY = `// Amounts are kept in minor units (cents), so that sums never drift.
export interface Money {
  amount: number;
  currency: string;
}

export function money(amount: number, currency = 'EUR'): Money {
  return { amount: Math.round(amount), currency };
}

export function add(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(\`cannot add \${a.currency} to \${b.currency}\`);
  return { amount: a.amount + b.amount, currency: a.currency };
}

export function formatMoney(m: Money): string {
  return \`\${(m.amount / 100).toFixed(2)} \${m.currency}\`;
}`;

const CHARGE = `import { Money } from './money';

export interface ChargeRequest {
  orderId: string;
  amount: Money;
  cardToken: string;
}

export type ChargeResult = { ok: true; chargeId: string } | { ok: false; code: string; retryable: boolean };

/** The card processor. Injected, so that tests (and this demo) need no network. */
export interface Gateway {
  send(request: ChargeRequest, idempotencyKey: string): Promise<ChargeResult>;
  refund(chargeId: string, amount: Money): Promise<ChargeResult>;
}

export function charge(gateway: Gateway, request: ChargeRequest, attempt = 1): Promise<ChargeResult> {
  return gateway.send(request, \`\${request.orderId}:\${attempt}\`);
}

export function refund(gateway: Gateway, chargeId: string, amount: Money): Promise<ChargeResult> {
  return gateway.refund(chargeId, amount);
}`;

const LEDGER = `import { ChargeResult } from './charge';
import { Money } from './money';

export interface LedgerEntry {
  orderId: string;
  kind: 'charge' | 'refund';
  amount: Money;
  reference: string;
  at: string;
}

export function recordCharge(orderId: string, amount: Money, result: ChargeResult, at: string): LedgerEntry | null {
  return result.ok ? { orderId, kind: 'charge', amount, reference: result.chargeId, at } : null;
}`;

const payments: CodeFile[] = [
  { path: 'src/shared/payments-lib/money.ts', header: MONEY, features: [
    { subject: 'Round currency per ISO 4217', code: (v) => `/** Digits after the decimal point per ISO 4217; most currencies have two. */
const MINOR_DIGITS: Readonly<Record<string, number>> = { ${first(['JPY: 0', 'KRW: 0', 'BHD: 3', 'KWD: 3', 'CLP: 0', 'ISK: 0', 'TND: 3'], v, 3).join(', ')} };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** An amount in major units (12.345) in the currency's minor units, rounded half away from zero. */
export function toMinor(major: number, currency: string): number {
  const scale = 10 ** minorDigits(currency);
  return Math.sign(major) * Math.round(Math.abs(major) * scale);
}` },
  ] },
  { path: 'src/shared/payments-lib/charge.ts', header: CHARGE, features: [
    { subject: 'Idempotent charge requests', code: (v) => `/** One key per order, amount and attempt: a request sent twice (a double click, a timeout) charges once. */
export function idempotencyKey(request: ChargeRequest, attempt: number): string {
  return ['${at(['v1', 'v2', 'v3'], v)}', request.orderId, request.amount.amount, request.amount.currency, attempt].join(':');
}` },
    { subject: 'Retry with backoff', code: (v) => `/** Delays before each retry of a retryable failure, in milliseconds: doubling, capped. */
export function backoffDelays(retries: number, firstMs = ${at([200, 250, 300, 150], v)}, capMs = ${at([5000, 8000, 4000], v)}): number[] {
  const delays: number[] = [];
  for (let i = 0; i < retries; i++) delays.push(Math.min(capMs, firstMs * 2 ** i));
  return delays;
}` },
    { subject: 'Upgrade card vault client', code: (v) => `/** The card vault API this library speaks; the processor refuses tokens from older versions. */
export const VAULT_API_VERSION = '2026-${String(3 + (v % 9)).padStart(2, '0')}-01';

export function vaultHeaders(apiKey: string): Record<string, string> {
  return { authorization: \`Bearer \${apiKey}\`, 'vault-version': VAULT_API_VERSION };
}` },
    { subject: 'Structured payment errors', code: (v) => `/** Processor codes worth trying again: the card is fine, the moment was not. */
const RETRYABLE_CODES: readonly string[] = [${first(["'network_error'", "'processor_busy'", "'rate_limited'", "'try_again_later'", "'issuer_unavailable'"], v, 2).join(', ')}];

/** A failed charge as data: what went wrong and whether trying again can help. */
export class PaymentError extends Error {
  constructor(
    readonly code: string,
    readonly retryable = RETRYABLE_CODES.includes(code),
  ) {
    super(\`payment failed: \${code}\`);
  }
}

export function toPaymentError(result: ChargeResult): PaymentError | null {
  return result.ok ? null : new PaymentError(result.code, result.retryable);
}` },
  ] },
  { path: 'src/shared/payments-lib/ledger.ts', header: LEDGER, features: [
    { subject: 'Ledger entries for refunds', code: (v) => `/** Refunds older than this many days need a review by finance. */
export const REFUND_REVIEW_AFTER_DAYS = ${at([90, 60, 120, 30], v)};

/** A refund is a negative entry against the same order: an order's entries add up to what the buyer paid. */
export function recordRefund(orderId: string, amount: Money, result: ChargeResult, at: string): LedgerEntry | null {
  if (!result.ok) return null;
  return { orderId, kind: 'refund', amount: { ...amount, amount: -Math.abs(amount.amount) }, reference: result.chargeId, at };
}

export function balance(entries: readonly LedgerEntry[], orderId: string): number {
  return entries.filter((e) => e.orderId === orderId).reduce((sum, e) => sum + e.amount.amount, 0);
}` },
  ] },
];

const checkout: CodeFile[] = [
  { path: 'src/checkout/cart.ts', header: `import { add, Money, money } from '../shared/payments-lib/money';

export interface CartLine {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

export interface Cart {
  id: string;
  lines: CartLine[];
  updatedAt: string;
}

export function cartTotal(cart: Cart): Money {
  const zero = money(0, cart.lines[0]?.unitPrice.currency ?? 'EUR');
  return cart.lines.reduce((sum, l) => add(sum, { ...l.unitPrice, amount: l.unitPrice.amount * l.quantity }), zero);
}`, features: [
    { subject: 'Show delivery date in cart', code: (v) => `/** Working days from order to door per service: the cart shows the date, not the number. */
const DELIVERY_DAYS = { standard: ${at([3, 2, 3, 4], v)}, express: ${at([1, 1, 2], v)} } as const;

export function deliveryDate(orderedAt: Date, service: keyof typeof DELIVERY_DAYS): Date {
  const date = new Date(orderedAt.getTime());
  let left: number = DELIVERY_DAYS[service];
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const day = date.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return date;
}` },
    { subject: 'Keep cart across devices', code: (v) => `const MAX_CART_LINES = ${at([50, 100, 80], v)};

/** Signing in on a second device merges the two carts: for the same product the larger quantity wins. */
export function mergeCarts(a: Cart, b: Cart): Cart {
  const bySku = new Map<string, CartLine>();
  for (const line of [...a.lines, ...b.lines]) {
    const seen = bySku.get(line.sku);
    if (!seen || line.quantity > seen.quantity) bySku.set(line.sku, line);
  }
  const newer = a.updatedAt > b.updatedAt ? a : b;
  return { id: newer.id, lines: [...bySku.values()].slice(0, MAX_CART_LINES), updatedAt: newer.updatedAt };
}` },
  ] },
  { path: 'src/checkout/payment.ts', header: `import { charge, ChargeResult, Gateway } from '../shared/payments-lib/charge';
import { Cart, cartTotal } from './cart';

export function payForCart(gateway: Gateway, cart: Cart, cardToken: string, attempt = 1): Promise<ChargeResult> {
  return charge(gateway, { orderId: cart.id, amount: cartTotal(cart), cardToken }, attempt);
}`, features: [
    { subject: 'Retry failed card payments', code: (v) => `/** A card declined for a passing reason (network, a busy processor) is tried again before the buyer sees an error. */
const CARD_RETRIES = ${at([2, 3, 1], v)};

export async function payWithRetry(gateway: Gateway, cart: Cart, cardToken: string): Promise<ChargeResult> {
  let result = await payForCart(gateway, cart, cardToken);
  for (let attempt = 2; !result.ok && result.retryable && attempt <= CARD_RETRIES + 1; attempt++) {
    result = await payForCart(gateway, cart, cardToken, attempt);
  }
  return result;
}` },
    { subject: 'Explain card declines', code: (v) => `/** What the buyer reads when a card is declined: what happened and what to do, never a processor code. */
const DECLINE_MESSAGES: Readonly<Record<string, string>> = {
${first([
  "  insufficient_funds: 'Your bank declined the payment: not enough funds on the card. Try another card.',",
  "  expired_card: 'This card has expired. Check the date, or use another card.',",
  "  incorrect_cvc: 'The security code does not match. It is the 3 digits on the back of the card.',",
  "  card_not_supported: 'This card cannot pay online. Try another card or pay by bank transfer.',",
  "  authentication_required: 'Your bank wants to confirm it is you. Open your banking app and try again.',",
], v, 2).join('\n')}
};

export function declineMessage(result: ChargeResult): string | null {
  if (result.ok) return null;
  return DECLINE_MESSAGES[result.code] ?? 'Your bank declined the payment. Try again, or use another card.';
}` },
  ] },
  { path: 'src/checkout/address.ts', header: `export interface Address {
  street: string;
  city: string;
  postcode: string;
  country: string;
}`, features: [
    { subject: 'Autocomplete street names', code: (v) => `/** Streets that start with what the buyer typed, once they typed enough to narrow it down. */
export function suggestStreets(typed: string, streets: readonly string[], limit = ${at([5, 8, 10, 6], v)}): string[] {
  const prefix = typed.trim().toLowerCase();
  if (prefix.length < ${at([3, 2], v)}) return [];
  return streets.filter((s) => s.toLowerCase().startsWith(prefix)).slice(0, limit);
}` },
    { subject: 'Validate postcodes inline', code: (v) => `/** Postcode shapes per country, checked as the buyer types rather than after Pay. */
const POSTCODES: Readonly<Record<string, RegExp>> = {
${first(['  DE: /^\\d{5}$/,', '  FR: /^\\d{5}$/,', '  NL: /^\\d{4} ?[A-Z]{2}$/,', '  AT: /^\\d{4}$/,', '  ES: /^\\d{5}$/,', '  PL: /^\\d{2}-\\d{3}$/,', '  GB: /^[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}$/,'], v, 3).join('\n')}
};

export function postcodeProblem(address: Address): string | null {
  const shape = POSTCODES[address.country];
  if (!shape || shape.test(address.postcode.trim().toUpperCase())) return null;
  return \`\${address.postcode} is not a postcode in \${address.country}\`;
}` },
    { subject: 'Remember billing address', code: (v) => `/** The billing address for this order: the delivery address, or the one the buyer gave, or the one saved last time. */
export function billingAddress(delivery: Address, entered: Address | null, saved: Address | null, sameAsDelivery = ${at(['true', 'false'], v)}): Address {
  if (entered) return entered;
  if (sameAsDelivery) return delivery;
  return saved ?? delivery;
}` },
  ] },
  { path: 'src/checkout/confirm.ts', header: `import { ChargeResult } from '../shared/payments-lib/charge';
import { formatMoney } from '../shared/payments-lib/money';
import { Cart, cartTotal } from './cart';

export function confirmationTitle(result: ChargeResult): string {
  return result.ok ? 'Thank you: your order is placed' : 'Your order is not placed yet';
}`, features: [
    { subject: 'Faster confirm page', code: (v) => `/** The confirm page is drawn from the cart alone: no second call to the order service. */
export function confirmationSummary(cart: Cart, result: ChargeResult): { title: string; lines: string[]; total: string } {
  const shown = cart.lines.slice(0, ${at([5, 10, 8], v)});
  const lines = shown.map((l) => \`\${l.quantity} × \${l.sku}\`);
  if (cart.lines.length > shown.length) lines.push(\`and \${cart.lines.length - shown.length} more\`);
  return { title: confirmationTitle(result), lines, total: formatMoney(cartTotal(cart)) };
}` },
  ] },
  // Work in progress on branches (not drawn at random).
  { path: 'src/checkout/savedCards.ts', header: `import { Gateway, ChargeResult } from '../shared/payments-lib/charge';
import { Cart } from './cart';
import { payForCart } from './payment';

/** A card the buyer chose to keep: only the processor's token, never the number. */
export interface SavedCard {
  token: string;
  last4: string;
  expires: string;
}`, features: [
    { subject: 'Store card tokens for returning buyers', code: () => `export function saveCard(cards: readonly SavedCard[], card: SavedCard, max = 5): SavedCard[] {
  return [card, ...cards.filter((c) => c.token !== card.token)].slice(0, max);
}` },
    { subject: 'Pick a saved card at checkout', code: () => `export function payWithSavedCard(gateway: Gateway, cart: Cart, card: SavedCard): Promise<ChargeResult> {
  return payForCart(gateway, cart, card.token);
}` },
  ] },
];

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

/** The loyalty branch's file, one version per commit. */
export const LOYALTY: [string, string][] = [
  ['Points ledger for returning buyers', `/** Points a buyer earned or spent; the balance is their sum. */
export interface PointsEntry {
  buyerId: string;
  points: number;
  orderId: string;
}

export function pointsBalance(entries: readonly PointsEntry[], buyerId: string): number {
  return entries.filter((e) => e.buyerId === buyerId).reduce((sum, e) => sum + e.points, 0);
}
`],
  ['Earn points on confirmed orders', `import { Money } from '../shared/payments-lib/money';

/** Points a buyer earned or spent; the balance is their sum. */
export interface PointsEntry {
  buyerId: string;
  points: number;
  orderId: string;
}

export function pointsBalance(entries: readonly PointsEntry[], buyerId: string): number {
  return entries.filter((e) => e.buyerId === buyerId).reduce((sum, e) => sum + e.points, 0);
}

/** One point per whole euro of a confirmed order. */
export function earnedPoints(buyerId: string, orderId: string, total: Money): PointsEntry {
  return { buyerId, orderId, points: total.currency === 'EUR' ? Math.floor(total.amount / 100) : 0 };
}
`],
];

/** The feature a subject names, and its file. */
export function featureOf(files: readonly CodeFile[], subject: string): { file: CodeFile; feature: Feature } | null {
  for (const file of files) for (const feature of file.features) if (feature.subject === subject) return { file, feature };
  return null;
}

export const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "lib": ["ES2022"],
    "types": [],
    "strict": true,
    "noEmit": true
  },
  "include": ["src"]
}
`;

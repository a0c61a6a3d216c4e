// The demo's shared payments library and its checkout (demoCode.ts explains how a commit becomes code).
import { at, first, type CodeFile } from './demoCode';

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

export const payments: CodeFile[] = [
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

export const checkout: CodeFile[] = [
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

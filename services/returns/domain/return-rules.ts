import type { Money } from '../../../mixins/validation/money';
import type { Order, OrderItem } from '../../orders/orders.contract';
import {
  DEFAULT_RETURN_REASONS,
  RESOLUTIONS,
  type AutoApproveRules,
  type ReturnFieldError,
  type ReturnRequest,
} from '../returns.contract';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_WINDOW_DAYS = 30;
export const DEFAULT_REASONS: string[] = [...DEFAULT_RETURN_REASONS];

/** Auto-approval by default: within the window and below 100.00 of the usual currencies. */
export const DEFAULT_AUTO_APPROVE: AutoApproveRules = {
  enabled: true,
  below: ['USD', 'EUR', 'GBP', 'CAD', 'AUD'].map((currency) => ({ amount: 10_000, currency })),
};

type Counts = Readonly<Record<string, number>>;

/**
 * Per SKU, what can still be asked back: delivered (never more than bought) minus what is
 * returned or in an open return. Delivered comes from the order's shipments, so a partly
 * delivered order can return only what arrived.
 */
export function returnableQuantities(
  items: readonly Pick<OrderItem, 'sku' | 'quantity'>[],
  delivered: Counts,
  returnedOrPending: Counts,
) {
  const out: Record<string, number> = {};
  for (const { sku, quantity } of items)
    out[sku] = Math.max(0, Math.min(quantity, delivered[sku] ?? 0) - (returnedOrPending[sku] ?? 0));
  return out;
}

export interface ReturnRequestCheck {
  order: Pick<Order, 'status' | 'items' | 'updatedAt'>;
  request: ReturnRequest;
  delivered: Counts;
  returnedOrPending: Counts;
  /** When the order was delivered (or shipped, with `allowShipped`); absent: its last change. */
  deliveredAt?: number;
  reasons?: readonly string[];
  windowDays?: number;
  now: number;
  allowShipped?: boolean;
}

const fail = (field: string, code: string, message: string, data?: Record<string, unknown>): ReturnFieldError => ({
  field,
  code,
  message,
  ...(data ? { data } : {}),
});
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;

/** Whether the request is within `windowDays` of delivery (inclusive of the last millisecond). */
export const withinWindow = (deliveredAt: number, now: number, windowDays: number) => now - deliveredAt <= windowDays * DAY_MS;

/**
 * Everything wrong with a return request, each naming its field (`order`, `lines`,
 * `lines[0].quantity`, `lines[1].reason`, `resolution`, `exchangeFor[0].sku`); empty when it
 * may be made. The quantities are checked per SKU against what is returnable now; the service
 * still takes them with one atomic step, so two requests racing cannot both pass on the same units.
 */
export function validateReturnRequest(c: ReturnRequestCheck): ReturnFieldError[] {
  const errors: ReturnFieldError[] = [];
  const { order, request } = c;
  const statuses = c.allowShipped ? ['DELIVERED', 'SHIPPED', 'PARTIALLY_SHIPPED'] : ['DELIVERED'];
  if (!statuses.includes(order.status))
    errors.push(fail('order', 'NOT_RETURNABLE', `An order that is ${order.status} cannot be returned`, { status: order.status }));
  const windowDays = c.windowDays ?? DEFAULT_WINDOW_DAYS;
  if (!withinWindow(c.deliveredAt ?? order.updatedAt, c.now, windowDays))
    errors.push(fail('order', 'WINDOW_CLOSED', `Returns are accepted for ${windowDays} days after delivery`, { windowDays }));

  const returnable = returnableQuantities(order.items, c.delivered, c.returnedOrPending);
  const reasons = c.reasons ?? DEFAULT_REASONS;
  const lines = Array.isArray(request.lines) ? request.lines : [];
  if (lines.length === 0) errors.push(fail('lines', 'REQUIRED', 'A return needs at least one line'));
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const at = `lines[${i}]`;
    if (!(line.sku in returnable)) errors.push(fail(`${at}.sku`, 'UNKNOWN_LINE', `The order has no line ${line.sku}`));
    else if (seen.has(line.sku)) errors.push(fail(`${at}.sku`, 'DUPLICATE_LINE', `${line.sku} is named twice`));
    else if (!isCount(line.quantity))
      errors.push(fail(`${at}.quantity`, 'INVALID_QUANTITY', 'A quantity is a whole number of at least 1'));
    else if (line.quantity > returnable[line.sku])
      errors.push(
        fail(`${at}.quantity`, 'QUANTITY_EXCEEDS_RETURNABLE', `Only ${returnable[line.sku]} of ${line.sku} can be returned`, {
          returnable: returnable[line.sku],
        }),
      );
    seen.add(line.sku);
    if (!reasons.includes(line.reason))
      errors.push(fail(`${at}.reason`, 'UNKNOWN_REASON', `The reason must be one of: ${reasons.join(', ')}`, { reasons }));
  });

  if (!(RESOLUTIONS as readonly string[]).includes(request.resolution))
    errors.push(fail('resolution', 'INVALID_RESOLUTION', `The resolution must be one of: ${RESOLUTIONS.join(', ')}`));
  const exchange = request.exchangeFor ?? [];
  if (request.resolution === 'exchange' && exchange.length === 0)
    errors.push(fail('exchangeFor', 'REQUIRED', 'An exchange names the items wanted instead'));
  if (request.resolution === 'refund' && exchange.length > 0)
    errors.push(fail('exchangeFor', 'NOT_ALLOWED', 'Only an exchange names items wanted instead'));
  exchange.forEach((x, i) => {
    if (typeof x.sku !== 'string' || x.sku.length === 0)
      errors.push(fail(`exchangeFor[${i}].sku`, 'REQUIRED', 'A SKU is required'));
    if (!isCount(x.quantity))
      errors.push(fail(`exchangeFor[${i}].quantity`, 'INVALID_QUANTITY', 'A quantity is a whole number of at least 1'));
  });
  return errors;
}

export interface AutoApproveContext {
  request: Pick<ReturnRequest, 'lines'>;
  deliveredAt: number;
  requestedAt: number;
  windowDays: number;
}

/**
 * Whether a request is approved without support: rules enabled, made within `withinDays` of
 * delivery (the window by default), every reason among the rules' reasons when they name some,
 * and the refund it would give strictly below the rules' amount for its currency. Anything else
 * waits for support; `why` says which rule held it.
 */
export function autoApprove(rules: AutoApproveRules, ctx: AutoApproveContext, amount: Money): { approve: boolean; why: string } {
  if (!rules.enabled) return { approve: false, why: 'auto-approval is off' };
  if (!withinWindow(ctx.deliveredAt, ctx.requestedAt, rules.withinDays ?? ctx.windowDays))
    return { approve: false, why: 'requested late for auto-approval' };
  const { reasons } = rules;
  if (reasons && ctx.request.lines.some((l) => !reasons.includes(l.reason)))
    return { approve: false, why: 'a reason needs review' };
  const limit = rules.below.find((m) => m.currency === amount.currency);
  if (!limit) return { approve: false, why: `no auto-approval amount for ${amount.currency}` };
  if (amount.amount >= limit.amount) return { approve: false, why: 'amount at or above the auto-approval limit' };
  return { approve: true, why: 'within the window and below the limit' };
}

const RMA = /^RMA-[0-9A-Z]{6,12}$/;

/**
 * The RMA number customers quote: `RMA-` and the return's sequence number from an atomic
 * counter, zero-padded to 6 digits (`RMA-000042`); from an id instead, its first 10 letters and
 * digits, upper-cased (unique only as far as those are).
 */
export function rmaNumber(from: number | string): string {
  if (typeof from === 'number') {
    if (!Number.isSafeInteger(from) || from < 1 || from >= 1e12) throw new RangeError(`No RMA number for sequence ${from}`);
    return `RMA-${String(from).padStart(6, '0')}`;
  }
  const chars = from
    .replace(/[^0-9a-z]/gi, '')
    .toUpperCase()
    .slice(0, 10);
  if (chars.length < 6) throw new RangeError(`No RMA number for id ${from}`);
  return `RMA-${chars}`;
}

export const isRmaNumber = (s: string) => RMA.test(s);

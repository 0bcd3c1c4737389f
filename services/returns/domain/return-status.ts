import { RuleError } from '../../../mixins/validation/rule-error';
import type { OrderItem } from '../../orders/orders.contract';
import type { OrderReturnStatus, ReturnLine, ReturnStatus } from '../returns.contract';

export class ReturnStatusError extends RuleError<'INVALID_TRANSITION'> {}

/**
 * requested → approved | rejected; approved → label_issued → partially_received | received →
 * refunded | exchanged → closed. Cancelled from anywhere before a unit arrives. A partial
 * receipt stays partially_received until every unit is accounted for (received or missing). An
 * exchange that falls back to a refund goes received → refunded.
 */
const NEXT: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ['approved', 'rejected', 'cancelled'],
  approved: ['label_issued', 'cancelled'],
  label_issued: ['partially_received', 'received', 'cancelled'],
  partially_received: ['received'],
  received: ['refunded', 'exchanged'],
  refunded: ['closed'],
  exchanged: ['closed'],
  rejected: [],
  cancelled: [],
  closed: [],
};

/** The happy path's order: a step asked for again once the return is past it is already done. */
const STEP: Partial<Record<ReturnStatus, number>> = {
  requested: 0,
  approved: 1,
  label_issued: 2,
  partially_received: 3,
  received: 4,
  refunded: 5,
  exchanged: 5,
  closed: 6,
};

export const canTransition = (from: ReturnStatus, to: ReturnStatus) => NEXT[from].includes(to);
export const isTerminal = (s: ReturnStatus) => NEXT[s].length === 0;

/**
 * The status after asking for `to`. The same status, or a step the return is already past on the
 * happy path (approving a return auto-approval approved, a retried saga step), changes nothing:
 * `changed: false`. Anything else not allowed is refused, naming both statuses.
 */
export function transition(from: ReturnStatus, to: ReturnStatus): { status: ReturnStatus; changed: boolean } {
  if (canTransition(from, to)) return { status: to, changed: true };
  const past = STEP[from] !== undefined && STEP[to] !== undefined && (STEP[from] as number) >= (STEP[to] as number);
  const sibling = (from === 'refunded' && to === 'exchanged') || (from === 'exchanged' && to === 'refunded');
  if (from === to || (past && !sibling)) return { status: from, changed: false };
  throw new ReturnStatusError('INVALID_TRANSITION', `A return that is ${from} cannot become ${to}`, { from, to });
}

/** After a receipt: received once every unit asked back is accounted for (arrived or declared missing). */
export function receiptStatus(
  lines: readonly Pick<ReturnLine, 'quantity' | 'received' | 'missing'>[],
): 'partially_received' | 'received' {
  return lines.every((l) => l.received + l.missing >= l.quantity) ? 'received' : 'partially_received';
}

export interface LineReturns {
  /** Units given back (received, resaleable or damaged). */
  returned: number;
  /** Units in open returns not yet received. */
  requested: number;
}

/**
 * The order's return status beside its fulfilment status: RETURNED when every unit it bought is
 * back, PARTIALLY_RETURNED when some are, RETURN_REQUESTED when none are yet but some are asked
 * back; none otherwise. A fully returned order is the one that gives back its promotion uses
 * (discounts.releaseUsage with reason `returned`, per the promotion's `releaseOnCancel`).
 */
export function orderReturnStatus(
  items: readonly Pick<OrderItem, 'sku' | 'quantity'>[],
  perLine: Readonly<Record<string, LineReturns>>,
): OrderReturnStatus | undefined {
  const bought = items.reduce((n, i) => n + i.quantity, 0);
  const returned = items.reduce((n, i) => n + Math.min(i.quantity, perLine[i.sku]?.returned ?? 0), 0);
  if (bought > 0 && returned === bought) return 'RETURNED';
  if (returned > 0) return 'PARTIALLY_RETURNED';
  return items.some((i) => (perLine[i.sku]?.requested ?? 0) > 0) ? 'RETURN_REQUESTED' : undefined;
}

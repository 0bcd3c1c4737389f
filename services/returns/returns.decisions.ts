import { Errors } from 'moleculer';
import type { Store, WriteOp } from '../../mixins/store/store.types';
import type { Order } from '../orders/orders.contract';
import { orderReturnStatus, ReturnStatusError, transition } from './domain/return-status';
import type { Return, ReturnStatus } from './returns.contract';
import { AS_PLATFORM, type ReturnsThis } from './returns.methods';
import { CLAIMS, claimId, returnEventOp, returnUpdateOp, returnsOf, returnView, type ReturnDoc } from './returns.ops';
import { changeReturn, type Plan } from './returns.unit';

/** A transition the return's machine refuses: 409 naming both statuses. */
export function statusConflict(err: unknown): never {
  if (err instanceof ReturnStatusError) throw new Errors.MoleculerClientError(err.message, 409, 'RETURN_STATUS_CONFLICT', err.data);
  throw err;
}
const moveTo = (from: ReturnStatus, to: ReturnStatus) => {
  try {
    return transition(from, to);
  } catch (err) {
    return statusConflict(err);
  }
};
const view = (doc: ReturnDoc) => returnView(doc);

/** Approved (by staff, or by the saga for them): the status and `return.approved` in one unit; approving again changes nothing. */
export function markApproved(store: Store, id: string): Promise<Return> {
  return changeReturn(store, id, (doc, now): Plan<Return> => {
    const { status, changed } = moveTo(doc.status, 'approved');
    if (!changed) return { answer: view };
    const next = { ...doc, status, updatedAt: now };
    return { ops: [returnUpdateOp(id, doc.version, { status, updatedAt: now }), returnEventOp('return.approved', next, doc.version + 1, now)], answer: view };
  });
}

/**
 * Rejected: the status, the reason, `return.rejected`, and the units it claimed given back to the
 * order's claims, all in one unit (a new request can take them at once). Rejecting again changes nothing.
 */
export function markRejected(store: Store, id: string, reason: string): Promise<Return> {
  return changeReturn(store, id, (doc, now): Plan<Return> => {
    const { status, changed } = moveTo(doc.status, 'rejected');
    if (!changed) return { answer: view };
    const next = { ...doc, status, reason, updatedAt: now };
    return {
      ops: [
        returnUpdateOp(id, doc.version, { status, reason, updatedAt: now }),
        ...releaseClaims(doc),
        returnEventOp('return.rejected', next, doc.version + 1, now, { reason }),
      ],
      answer: view,
    };
  });
}

/**
 * Cancelled: an operator compensated the return's saga (or it failed for good) before any unit came
 * back, whether or not staff had approved it. The status, the reason, the claimed units given back,
 * and `return.closed` carrying status `cancelled` (the return ended; nobody rejected it), in one
 * unit. An ended return (rejected, cancelled) changes nothing; one with units in hand is 409: those
 * must be refunded, so the saga parks for an operator rather than dropping them.
 */
export function markCancelled(store: Store, id: string, reason: string): Promise<Return> {
  return changeReturn(store, id, (doc, now): Plan<Return> => {
    if (doc.status === 'rejected' || doc.status === 'cancelled') return { answer: view };
    const { status } = moveTo(doc.status, 'cancelled');
    const next = { ...doc, status, reason, updatedAt: now };
    return {
      ops: [
        returnUpdateOp(id, doc.version, { status, reason, updatedAt: now }),
        ...releaseClaims(doc),
        returnEventOp('return.closed', next, doc.version + 1, now, { reason }),
      ],
      answer: view,
    };
  });
}

const releaseClaims = (doc: ReturnDoc): WriteOp[] =>
  doc.lines.map((l) => ({ op: 'update', collection: CLAIMS, id: claimId(doc.orderId, l.sku), change: { $inc: { requested: -l.quantity } } }));

/** The return label the saga got from the carrier; label_issued unless the return is already past it. */
export function recordLabel(store: Store, id: string, label: NonNullable<Return['label']>): Promise<Return> {
  return changeReturn(store, id, (doc, now): Plan<Return> => {
    if (doc.label?.trackingNumber === label.trackingNumber) return { answer: view };
    const { status } = moveTo(doc.status, 'label_issued');
    return { ops: [returnUpdateOp(id, doc.version, { status, label, updatedAt: now })], answer: view };
  });
}

/** An exchange whose new items are out of stock becomes a refund (recorded with why; not a failure). */
export function fallbackToRefund(store: Store, id: string, why: string): Promise<Return> {
  return changeReturn(store, id, (doc, now): Plan<Return> => {
    if (doc.resolution === 'refund') return { answer: view };
    const set = { resolution: 'refund' as const, fallback: why, updatedAt: now };
    return { ops: [returnUpdateOp(id, doc.version, set as Partial<ReturnDoc>)], answer: view };
  });
}

/**
 * Closed, with `return.closed`, and the units that never came back given back to the order's
 * claims in the same unit; answers whether the whole order is now returned (every unit it bought
 * received back over its returns), which is when the saga gives back its promotion uses. Once a
 * unit has arrived the saga closes rather than rejects, so any received status may close.
 */
export async function markClosed(svc: ReturnsThis, id: string): Promise<{ orderFullyReturned: boolean }> {
  const store = svc.store('returns');
  const closed = await changeReturn(store, id, (doc, now): Plan<ReturnDoc> => {
    if (doc.status === 'closed') return { answer: (d) => d };
    const status = doc.lines.some((l) => l.received + l.missing > 0) ? 'closed' : moveTo(doc.status, 'closed').status;
    const next = { ...doc, status, updatedAt: now };
    const unreturned = doc.lines.map((l) => ({ ...l, quantity: l.quantity - l.received })).filter((l) => l.quantity > 0);
    return {
      ops: [
        returnUpdateOp(id, doc.version, { status, updatedAt: now }),
        ...releaseClaims({ ...doc, lines: unreturned }),
        returnEventOp('return.closed', next, doc.version + 1, now),
      ],
      answer: (d) => d,
    };
  });
  const [order, returns] = await Promise.all([
    svc.broker.call<Order, { orderId: string }>('orders.get', { orderId: closed.orderId }, AS_PLATFORM),
    returnsOf(store).find({ filter: { orderId: closed.orderId } }),
  ]);
  const perLine: Record<string, { returned: number; requested: number }> = {};
  for (const r of returns)
    for (const l of r.lines) {
      const at = (perLine[l.sku] ??= { returned: 0, requested: 0 });
      at.returned += l.received;
    }
  return { orderFullyReturned: orderReturnStatus(order.items, perLine) === 'RETURNED' };
}

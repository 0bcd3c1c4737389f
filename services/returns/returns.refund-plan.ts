import { notFound } from '../../mixins/access/access.middleware';
import type { Store } from '../../mixins/store/store.types';
import type { Order } from '../orders/orders.contract';
import type { PaymentView } from '../payments/payments.contract';
import type { ReceiptPlan } from '../../sagas/return/return.types';
import { refundFor } from './domain/refund';
import { unitLedger } from './domain/unit-ledger';
import type { RefundedUnit, RefundLine, Return } from './returns.contract';
import { conflict } from './returns.errors';
import { AS_PLATFORM, type ReturnsThis } from './returns.methods';
import { RECEIPTS, type ReceiptDoc } from './returns.receipts';
import { earlierRefunds, REFUNDS, type RefundDoc } from './returns.refunds';
import { returnEventOp, returnUpdateOp, returnView, type ReturnDoc } from './returns.ops';
import { ReturnSettings } from './returns.policy';
import { changeReturn, type Plan } from './returns.unit';

/** Statuses whose money payments has taken: what a refund may give back at most. */
const TAKEN = ['CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

/**
 * What the saga does for a receipt: restock and write-off lists, the refund computed with refundFor
 * from the order's ledger, the earlier return refunds' units and payments' captured and refunded
 * totals, the units still open after this receipt and those before it, and an exchange's price.
 * Fixed on the receipt the first time (one conditional write), so a retry after payments already
 * refunded answers the same amount instead of one capped by that refund.
 */
export async function receiptPlan(svc: ReturnsThis, returnId: string, receiptId: string): Promise<ReceiptPlan> {
  const store = svc.store('returns');
  const receipts = store.collection<ReceiptDoc>(RECEIPTS);
  const receipt = await receipts.get(receiptId);
  if (!receipt || receipt.returnId !== returnId) throw notFound('Receipt');
  if (receipt.plan) return receipt.plan;
  const ret = (await store.collection<ReturnDoc>('returns').get(returnId))!;
  const [order, payment, earlier, policy] = await Promise.all([
    svc.broker.call<Order, { orderId: string }>('orders.get', { orderId: ret.orderId }, AS_PLATFORM),
    svc.broker.call<PaymentView, { orderId: string }>('payments.get', { orderId: ret.orderId }, AS_PLATFORM).catch((err) => {
      if ((err as { code?: number }).code === 404) return null;
      throw err;
    }),
    earlierRefunds(store, ret.orderId),
    new ReturnSettings(store).policy(),
  ]);
  const captured = payment && TAKEN.includes(payment.status) ? (payment.amount?.amount ?? 0) : 0;
  // Receipts planned but not yet refunded have their units spoken for: this one never takes them again.
  const planned = (await receipts.find({ filter: { returnId } })).flatMap((r) =>
    r.id !== receiptId && r.plan && !earlier.receipts.has(r.id) ? [r.plan.refund] : [],
  );
  const refund = refundFor({
    ledger: unitLedger(order),
    refunded: [...earlier.units, ...planned.flatMap((p) => p.units ?? [])],
    units: receipt.refund,
    policy: policy.refund,
    capturedTotal: captured,
    refundedSoFar: Math.max(earlier.total, payment?.refunded?.amount ?? 0) + planned.reduce((n, p) => n + p.amount, 0),
  });
  const plan: ReceiptPlan = {
    receiptId,
    warehouse: receipt.warehouse ?? '',
    restock: receipt.restock,
    writeOff: receipt.writeOff,
    refund,
    outstanding: await outstandingAfter(store, ret, receiptId),
    ...(ret.exchangePrice !== undefined ? { exchangePrice: ret.exchangePrice } : {}),
  };
  const fixed = await receipts.update(receiptId, { $set: { plan } }, { where: { plan: { $exists: false } } });
  return fixed ? plan : (await receipts.get(receiptId))!.plan!;
}

/** Units of the return not yet accounted for by this receipt and the ones numbered before it (never by later ones). */
async function outstandingAfter(store: Store, ret: ReturnDoc, receiptId: string): Promise<number> {
  const n = receiptNumber(receiptId);
  const rows = await store.collection<ReceiptDoc>(RECEIPTS).find({ filter: { returnId: ret.id } });
  const accounted = rows
    .filter((r) => receiptNumber(r.id) <= n)
    .reduce((sum, r) => sum + r.lines.reduce((k, l) => k + l.quantity, 0), 0);
  return ret.lines.reduce((sum, l) => sum + l.quantity, 0) - accounted;
}
const receiptNumber = (id: string) => Number(id.slice(id.lastIndexOf(':') + 1));

export interface RecordRefund {
  returnId: string;
  receiptId: string;
  amount?: number | { amount: number; currency: string };
  perLine: RefundLine[];
  units?: RefundedUnit[];
  paymentRefundId?: string;
}

/**
 * The refund payments made for a receipt, recorded once (row `${returnId}:${receiptId}`) with
 * `refund.issued`, the lines' refunded units and the return's refunded total in the same unit; the
 * return is refunded (an exchange: exchanged) once every unit received is settled. A replay answers
 * the return unchanged.
 */
export function recordRefund(svc: ReturnsThis, r: RecordRefund): Promise<Return> {
  const store = svc.store('returns');
  const id = `${r.returnId}:${r.receiptId}`;
  return changeReturn(store, r.returnId, async (doc, now): Promise<Plan<Return>> => {
    if (await store.collection<RefundDoc>(REFUNDS).get(id)) return { answer: returnView };
    const plan = (await store.collection<ReceiptDoc>(RECEIPTS).get(r.receiptId))?.plan;
    const given = typeof r.amount === 'number' ? { amount: r.amount } : r.amount;
    const amount = given?.amount ?? plan?.refund.amount ?? 0;
    const currency = (given && 'currency' in given ? given.currency : undefined) ?? doc.refund.currency;
    if (currency !== doc.refund.currency) throw conflict('CURRENCY_MISMATCH', 'amount.currency', `The return is refunded in ${doc.refund.currency}`);
    const units = r.units ?? plan?.refund.units ?? [];
    const lines = doc.lines.map((l) => ({ ...l, refunded: l.refunded + (r.perLine.find((p) => p.sku === l.sku)?.quantity ?? 0) }));
    const allRefunded = doc.status === 'received' && lines.every((l) => l.refunded >= l.received);
    // An exchange's last receipt settles it (its credit paid the new items; any rest was refunded).
    const status = allRefunded ? (doc.resolution === 'exchange' ? 'exchanged' : 'refunded') : doc.status;
    const refund = { amount: doc.refund.amount + amount, currency };
    const row: RefundDoc = {
      id,
      returnId: r.returnId,
      orderId: doc.orderId,
      receiptId: r.receiptId,
      amount,
      currency,
      perLine: r.perLine,
      units,
      ...(r.paymentRefundId ? { paymentRefundId: r.paymentRefundId } : {}),
      createdAt: now,
    };
    const next = { ...doc, lines, status, refund, updatedAt: now };
    return {
      ops: [
        { op: 'insert', collection: REFUNDS, doc: row },
        returnUpdateOp(r.returnId, doc.version, { lines, status, refund, updatedAt: now }),
        returnEventOp('refund.issued', next, doc.version + 1, now, { issued: { amount, currency }, receiptId: r.receiptId }),
      ],
      answer: returnView,
    };
  });
}

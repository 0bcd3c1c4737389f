import type { Doc, Store, WriteOp } from '../../mixins/store/store.types';
import { applyReceipt, type ReceiptOutcome } from './domain/return-receipt';
import { receiptStatus, transition } from './domain/return-status';
import type { Return, ReturnReceipt, ReturnStatus } from './returns.contract';
import { statusConflict } from './returns.decisions';
import { conflict, invalid } from './returns.errors';
import { LINES, lineId, returnEventOp, returnUpdateOp, returnView, type ReturnDoc } from './returns.ops';
import type { ReceiptPlan } from '../../sagas/return/return.types';
import { changeReturn, type Plan } from './returns.unit';

export const RECEIPTS = 'receipts';
/** id = `${returnId}:${n}`, n counting the return's receipts: two receipts racing for the n-th clash on it. */
export type ReceiptDoc = Doc &
  Omit<ReceiptOutcome, 'lines'> & {
    returnId: string;
    warehouse?: string;
    lines: ReturnReceipt['lines'];
    at: number;
    plan?: ReceiptPlan;
  };
export type ReceiptAnswer = { receipt: ReceiptDoc; return: Return };

/** A parcel may be received before the saga recorded its label (the customer sent it their own way). */
function receivedStatus(from: ReturnStatus, to: ReturnStatus) {
  try {
    return transition(from === 'approved' ? 'label_issued' : from, to).status;
  } catch (err) {
    return statusConflict(err);
  }
}

/**
 * A receipt: the pure applyReceipt on the return's lines, then ONE unit with, per SKU, a
 * conditional $inc of its line row (accounted + q ≤ quantity), the receipt row, the return's new
 * lines and status, and `return.received`. Twenty identical receipts racing: one unit applies; the
 * others are planned again on what it left, where nothing is outstanding: 409 naming the quantity.
 */
export function receive(store: Store, id: string, receipt: ReturnReceipt): Promise<ReceiptAnswer> {
  return changeReturn(store, id, (doc, now): Plan<ReceiptAnswer> => {
    const { errors, outcome } = applyReceipt(doc.lines, receipt);
    const over = errors.find((e) => e.code === 'QUANTITY_EXCEEDS_OUTSTANDING');
    if (over) throw conflict('NOTHING_TO_RECEIVE', over.field, over.message);
    if (!outcome) throw invalid('receipt', errors);
    // Restocked units go into a warehouse's ledger, written-off ones too (a `return` in and a `write-off` out).
    if (outcome.restock.length + outcome.writeOff.length > 0 && !receipt.warehouse)
      throw invalid('receipt', [{ field: 'warehouse', code: 'REQUIRED', message: 'Units that arrived go into a named warehouse' }]);
    const status = receivedStatus(doc.status, receiptStatus(outcome.lines));
    const n = doc.receipts + 1;
    const { lines: _next, ...lists } = outcome;
    const made: ReceiptDoc = { id: `${id}:${n}`, returnId: id, ...(receipt.warehouse ? { warehouse: receipt.warehouse } : {}), lines: receipt.lines, ...lists, at: now };
    const next: ReturnDoc = { ...doc, lines: outcome.lines, status, updatedAt: now };
    const ops: WriteOp[] = [
      ...lineGuards(doc, receipt),
      { op: 'insert', collection: RECEIPTS, doc: made },
      returnUpdateOp(id, doc.version, { lines: outcome.lines, status, updatedAt: now }, { receipts: 1 }),
      returnEventOp('return.received', next, doc.version + 1, now, { receiptId: made.id }),
    ];
    return { ops, answer: (after) => ({ receipt: made, return: returnView(after) }) };
  });
}

/** Per SKU the units this receipt accounts for, taken only while the line has that many outstanding. */
function lineGuards(doc: ReturnDoc, receipt: ReturnReceipt): WriteOp[] {
  const per = new Map<string, number>();
  for (const l of receipt.lines) per.set(l.sku, (per.get(l.sku) ?? 0) + l.quantity);
  return [...per].map(([sku, q]) => {
    const { quantity } = doc.lines.find((l) => l.sku === sku)!;
    return { op: 'update', collection: LINES, id: lineId(doc.id, sku), change: { $inc: { accounted: q } }, where: { accounted: { $lte: quantity - q } } };
  });
}

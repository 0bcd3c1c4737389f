import type { Doc, Store } from '../../mixins/store/store.types';
import type { RefundedUnit, RefundLine } from './returns.contract';

export const REFUNDS = 'refunds';
/** id = `${returnId}:${receiptId}`: one refund per receipt, whatever retries. */
export type RefundDoc = Doc & {
  returnId: string;
  orderId: string;
  receiptId: string;
  amount: number;
  currency: string;
  perLine: RefundLine[];
  units: RefundedUnit[];
  paymentRefundId?: string;
  createdAt: number;
};

/** Every unit amount the order's earlier return refunds gave back, their sum, and the receipts they were for. */
export async function earlierRefunds(
  store: Store,
  orderId: string,
): Promise<{ units: RefundedUnit[]; total: number; receipts: Set<string> }> {
  const rows = await store.collection<RefundDoc>(REFUNDS).find({ filter: { orderId }, sort: ['createdAt', 'id'] });
  return { units: rows.flatMap((r) => r.units ?? []), total: rows.reduce((n, r) => n + r.amount, 0), receipts: new Set(rows.map((r) => r.receiptId)) };
}

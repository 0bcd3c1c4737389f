import type { Money } from '../../mixins/validation/money';
import type { Store } from '../../mixins/store/store.types';
import { returnUpdateOp, type ReturnDoc } from './returns.ops';
import { changeReturn, type Plan } from './returns.unit';

export type RecordCharge = { returnId: string; amount: Money; paymentId: string };

/**
 * The exchange's difference as charged (the saga's charge-exchange step), recorded once: a replay
 * finds it recorded and answers it unchanged. Answers the charge as stored.
 */
export function recordCharge(store: Store, p: RecordCharge): Promise<ReturnDoc['charged']> {
  return changeReturn(store, p.returnId, (doc, now): Plan<ReturnDoc['charged']> => {
    const answer = (d: ReturnDoc) => d.charged;
    if (doc.charged) return { answer };
    const charged = { amount: p.amount.amount, currency: p.amount.currency, paymentId: p.paymentId };
    return { ops: [returnUpdateOp(p.returnId, doc.version, { charged, updatedAt: now })], answer };
  });
}

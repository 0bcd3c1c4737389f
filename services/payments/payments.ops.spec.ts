import type { PaymentDoc } from './payments.contract';
import { statusChangeOps, toView } from './payments.ops';

const who = { actor: 'system', requestId: 'req-1' };
const authorized: PaymentDoc = {
  id: 'o-1',
  userId: 'u-1',
  status: 'AUTHORIZED',
  amount: 2500,
  currency: 'EUR',
  providerRef: 'ch_1',
  createdAt: 1,
  updatedAt: 1,
  version: 3,
};

describe('status change writes', () => {
  it('a new payment: insert, audit row without `from`, and its event, in that order', () => {
    const [write, audit, event] = statusChangeOps(null, authorized, 'authorized', who);
    expect(write).toMatchObject({ op: 'insert', collection: 'payments', doc: { id: 'o-1', status: 'AUTHORIZED' } });
    expect(write.op === 'insert' && 'version' in write.doc).toBe(false);
    expect(audit).toMatchObject({
      op: 'insert',
      collection: 'payment_audit',
      doc: { orderId: 'o-1', to: 'AUTHORIZED', actor: 'system', requestId: 'req-1' },
    });
    expect(audit.op === 'insert' && 'from' in audit.doc).toBe(false);
    expect(event).toMatchObject({
      op: 'insert',
      collection: 'outbox',
      doc: { event: 'payment.authorized', payload: { v: 1, source: 'payments' } },
    });
  });

  it('a change of an existing payment is guarded by its version and names where it came from', () => {
    const ops = statusChangeOps(authorized, { ...authorized, status: 'CAPTURED', updatedAt: 2 }, 'capture requested', who);
    expect(ops[0]).toMatchObject({
      op: 'update',
      id: 'o-1',
      expectVersion: 3,
      change: { $set: { status: 'CAPTURED', updatedAt: 2 } },
    });
    expect(ops[1]).toMatchObject({ doc: { from: 'AUTHORIZED', to: 'CAPTURED', at: 2, reason: 'capture requested' } });
    expect(ops[2]).toMatchObject({
      doc: { event: 'payment.captured', payload: { data: { orderId: 'o-1', status: 'CAPTURED', amount: 2500 } } },
    });
  });

  it('no status change (FAILED again) writes the payment only; FAILED never publishes', () => {
    const failed: PaymentDoc = { ...authorized, status: 'FAILED', providerRef: undefined };
    expect(statusChangeOps(failed, { ...failed, updatedAt: 5 }, 'again', who)).toHaveLength(1);
    expect(statusChangeOps(null, failed, 'provider unavailable', who).map((o) => o.collection)).toEqual([
      'payments',
      'payment_audit',
    ]);
  });

  it('the view leaves out what a payment does not have', () => {
    expect(toView({ id: 'o-2', status: 'VOIDED', createdAt: 1, updatedAt: 2 })).toEqual({
      orderId: 'o-2',
      status: 'VOIDED',
      createdAt: 1,
      updatedAt: 2,
    });
    expect(toView(authorized).amount).toEqual({ amount: 2500, currency: 'EUR' });
  });
});

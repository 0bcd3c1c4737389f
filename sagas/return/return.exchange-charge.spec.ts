import { eventually } from '../../test/support/eventually';
import { refusal } from '../testing/scripted-world';
import { CHARGE_DECLINED } from './charge-exchange.step';
import { settlementOf } from './settle';
import { ID, plan, returnData, returnWorld } from './return.world';

const exchange = returnData({ resolution: 'exchange', exchangeFor: [{ sku: 'TEE-2', quantity: 1 }] });
const receipt = { receiptId: 'r1:1' };
// The returned units credit 4 000 (the default plan); the new items cost 5 000: 1 000 to charge.
const dearer = { 'r1:1': plan('r1:1', { exchangePrice: 5_000 }) };
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

/** Payments as the real one keeps them: one payment per order id, whatever the retries. */
function chargeWorld(script: Parameters<typeof returnWorld>[0] = {}) {
  const payments = new Map<string, { amount: unknown; status: string }>();
  const w = returnWorld(
    {
      'returns.get': () => ({ lines: [{ sku: 'TEE-1', quantity: 2 }], exchangeCharge: 1_000 }),
      'orders.get': () => ({ id: 'o1', totals: { total: 8_000, currency: 'EUR' }, payment: { token: 'tok_visa' } }),
      'payments.authorize': (p) => {
        if (!payments.has(String(p.orderId))) payments.set(String(p.orderId), { amount: p.amount, status: 'AUTHORIZED' });
        return { paymentId: `pay-${p.orderId}`, status: 'AUTHORIZED' };
      },
      'payments.capture': (p) => {
        payments.get(String(p.orderId))!.status = 'CAPTURED';
        return { orderId: p.orderId, status: 'CAPTURED' };
      },
      ...script,
    },
    dearer,
  );
  return { ...w, payments };
}

describe('return saga: an exchange dearer than its credit', () => {
  it('charges exactly the difference once, as its own payment with the order’s token, before anything ships; the credit pays the rest', async () => {
    const w = chargeWorld();
    const e = w.engine();
    await e.start('return', ID, exchange);
    await w.waitsFor('receipt');
    expect(w.seen.filter((s) => s.key === 'r1:charge-exchange').map((s) => [s.action, s.params])).toEqual([
      ['orders.get', { orderId: 'o1' }],
      ['payments.authorize', { orderId: 'x-r1', userId: 'u1', amount: EUR(1_000), token: 'tok_visa' }],
      ['payments.capture', { orderId: 'x-r1' }],
      ['returns.recordCharge', { returnId: ID, amount: EUR(1_000), paymentId: 'pay-x-r1' }],
    ]);
    expect(w.actions().indexOf('payments.capture')).toBeLessThan(w.actions().indexOf('shipping.createReturnLabel'));
    expect(w.actions()).not.toContain('inventory.commit');
    await e.signal(ID, 'receipt', 'r1:1', receipt);
    const done = await w.reaches('COMPLETED');
    // 4 000 of credit pays the 4 000 the charge left: nothing refunded, nothing left unpaid.
    expect(w.actions()).toContain('shipping.createExchangeShipments');
    expect(w.refunds.size).toBe(0);
    expect(done.data).toMatchObject({ exchangeCharged: EUR(1_000), exchangeCreditUsed: 4_000, refunded: EUR(0) });
    expect(done.data.exchangeUncharged).toBeUndefined();
    expect([...w.payments.values()]).toEqual([{ amount: EUR(1_000), status: 'CAPTURED' }]);
    await w.stop();
  });

  it('a step retried after a provider error or a lost answer charges once: every call carries the same key', async () => {
    const w = chargeWorld({
      'payments.capture': (p, n) =>
        n === 1 ? Promise.reject(refusal(502, 'PAYMENT_PROVIDER_ERROR', true)) : { orderId: p.orderId, status: 'CAPTURED' },
      'returns.recordCharge': (_p, n) => (n === 1 ? Promise.reject(refusal(503, 'SERVICE_NOT_AVAILABLE', true)) : {}),
    });
    await w.engine().start('return', ID, exchange);
    await w.waitsFor('receipt');
    const authorized = w.calls('payments.authorize');
    expect(authorized.length).toBeGreaterThan(1);
    expect(new Set(authorized.map((s) => s.key))).toEqual(new Set(['r1:charge-exchange']));
    expect(new Set(w.calls('payments.capture').map((s) => s.key))).toEqual(new Set(['r1:charge-exchange']));
    expect(w.payments.size).toBe(1);
    expect(w.doc().data).toMatchObject({ exchangeCharged: EUR(1_000) });
    await w.stop();
  });

  it('a coordinator lost after the capture, before the charge was recorded: the next one re-runs the step with the same key and one payment stands', async () => {
    let release: (v: unknown) => void = () => undefined;
    const w = chargeWorld({ 'returns.recordCharge': (_p, n) => (n === 1 ? new Promise((r) => (release = r)) : {}) });
    await w.engine('node-1').start('return', ID, exchange);
    await eventually(async () => w.calls('returns.recordCharge').length === 1);
    // Its lease lapses (the node is gone); another coordinator takes the saga over.
    const doc = w.doc();
    await w.repo.save({ ...doc, leaseOwner: 'dead', leaseUntil: Date.now() - 1 }, doc.version!);
    expect(await w.engine('node-2').resumeLapsed()).toBe(1);
    await w.waitsFor('receipt');
    expect(w.calls('payments.authorize').map((s) => s.key)).toEqual(['r1:charge-exchange', 'r1:charge-exchange']);
    expect([...w.payments.values()]).toEqual([{ amount: EUR(1_000), status: 'CAPTURED' }]);
    release({});
    await w.stop();
  });

  it('a declined charge: the exchange falls back to a refund of the whole credit and its held items are released', async () => {
    const w = chargeWorld({ 'payments.authorize': () => Promise.reject(refusal(402, 'PAYMENT_DECLINED')) });
    const e = w.engine();
    await e.start('return', ID, exchange);
    await w.waitsFor('receipt');
    expect(
      w.seen
        .filter((s) => s.key === 'r1:charge-exchange')
        .map((s) => [s.action, s.params])
        .slice(-2),
    ).toEqual([
      ['returns.fallbackToRefund', { returnId: ID, why: CHARGE_DECLINED }],
      ['inventory.release', { orderId: 'x-r1', reason: CHARGE_DECLINED }],
    ]);
    expect(w.actions()).not.toContain('payments.capture');
    expect(w.doc().data).toMatchObject({ resolution: 'refund', exchangeReserved: false, fallback: CHARGE_DECLINED });
    await e.signal(ID, 'receipt', 'r1:1', receipt);
    await w.reaches('COMPLETED');
    expect(w.actions()).not.toContain('inventory.commit');
    expect([...w.refunds.values()]).toEqual([EUR(4_000)]);
    await w.stop();
  });

  it("an operator's compensation after the charge refunds it whole (void refused once captured) and releases the hold", async () => {
    const w = chargeWorld({ 'payments.void': () => Promise.reject(refusal(409, 'ILLEGAL_TRANSITION')) });
    const e = w.engine();
    await e.start('return', ID, exchange);
    await w.waitsFor('receipt');
    await e.compensate(ID);
    await w.reaches('COMPENSATED');
    expect(w.seen.filter((s) => s.key === 'r1:charge-exchange:compensate').map((s) => [s.action, s.params])).toEqual([
      ['payments.void', { orderId: 'x-r1' }],
      ['payments.refund', { orderId: 'x-r1', reason: 'exchange ended' }],
    ]);
    expect(w.calls('inventory.release').map((s) => s.key)).toEqual(['r1:reserve-exchange:compensate']);
    await w.stop();
  });

  it('the settlement counts the charge as paid: the credit covers only the rest of the price', () => {
    const charged = { ...exchange, exchangeCharged: EUR(1_000) };
    expect(settlementOf(charged, plan('r', { exchangePrice: 5_000 }))).toEqual({ refund: 0, creditUsed: 4_000 });
    expect(settlementOf({ ...charged, exchangeCreditUsed: 2_000 }, plan('r', { exchangePrice: 5_000 }))).toEqual({
      refund: 2_000,
      creditUsed: 2_000,
    });
  });
});

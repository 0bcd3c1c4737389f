import { fakeContext, refusal } from '../testing/scripted-world';
import { label } from './label.step';
import { EXCHANGE_HOLD_MS, OUT_OF_STOCK } from './reserve-exchange.step';
import { settlementOf } from './settle';
import { ID, plan, returnData, returnWorld } from './return.world';

const exchange = returnData({ resolution: 'exchange', exchangeFor: [{ sku: 'TEE-2', quantity: 1 }] });
const receipt = { receiptId: 'r1:1' };
const priced = { 'r1:1': plan('r1:1', { exchangePrice: 3_000 }) };

describe('return saga: exchanges and compensations', () => {
  it('an exchange holds the new items at approval and ships them when the returned units arrive; only the credit left is refunded', async () => {
    const w = returnWorld({}, priced);
    const e = w.engine();
    const before = Date.now();
    await e.start('return', ID, exchange);
    await w.waitsFor('receipt');
    const [reserve] = w.calls('inventory.reserve');
    expect(reserve).toMatchObject({ key: 'r1:reserve-exchange', params: { orderId: 'x-r1', lines: [{ sku: 'TEE-2', quantity: 1 }] } });
    expect(reserve.params.expiresAt).toBeGreaterThanOrEqual(before + EXCHANGE_HOLD_MS);
    // On receipt (the default policy): nothing sold or shipped yet.
    expect(w.actions()).not.toContain('inventory.commit');
    expect(w.doc().data).toMatchObject({ exchangeReserved: true, exchangeShip: 'on-receipt' });

    await e.signal(ID, 'receipt', 'r1:1', receipt);
    const done = await w.reaches('COMPLETED');
    expect(w.seen.filter((s) => s.key === 'r1:await-receipt').map((s) => [s.action, s.params])).toEqual([
      ['returns.receiptPlan', { returnId: ID, receiptId: 'r1:1' }],
      ['inventory.returnUnits', expect.objectContaining({ ref: 'r1:1:TEE-1:resaleable' })],
      ['inventory.commit', { orderId: 'x-r1' }],
      [
        'shipping.createExchangeShipments',
        { id: 'x-r1', orderId: 'o1', userId: 'u1', returnId: ID, allocations: [{ sku: 'TEE-2', quantity: 1, allocations: [{ warehouse: 'east', quantity: 1 }] }] },
      ],
      // A credit of 4 000 pays the new items' 3 000: 1 000 goes back.
      ['payments.refund', { orderId: 'o1', amount: { amount: 1_000, currency: 'EUR' }, reason: 'return', refundKey: 'r1:1' }],
      ['returns.recordRefund', expect.objectContaining({ receiptId: 'r1:1', amount: { amount: 1_000, currency: 'EUR' } })],
    ]);
    expect(done.data).toMatchObject({ exchangeShipped: true, exchangeCreditUsed: 3_000, refunded: { amount: 1_000 } });
    expect(done.data.exchangeUncharged).toBeUndefined();
    await w.stop();
  });

  it('with the policy at-once the new items ship at approval, before the returned units come back', async () => {
    const w = returnWorld({ 'returns.get': () => ({ lines: [{ sku: 'TEE-1', quantity: 2 }], exchangeShip: 'at-once' }) }, priced);
    const e = w.engine();
    await e.start('return', ID, exchange);
    await w.waitsFor('receipt');
    expect(w.calls('shipping.createExchangeShipments').map((s) => s.key)).toEqual(['r1:ship-exchange']);
    await e.signal(ID, 'receipt', 'r1:1', receipt);
    await w.reaches('COMPLETED');
    expect(w.calls('inventory.commit')).toHaveLength(1);
    expect(w.calls('payments.refund')[0].params.amount).toEqual({ amount: 1_000, currency: 'EUR' });
    await w.stop();
  });

  it('new items out of stock: the return falls back to a refund (recorded on the return) and refunds the whole credit', async () => {
    const w = returnWorld({ 'inventory.reserve': () => Promise.reject(refusal(409, 'INSUFFICIENT_STOCK')) }, priced);
    const e = w.engine();
    await e.start('return', ID, exchange);
    await w.waitsFor('receipt');
    expect(w.calls('returns.fallbackToRefund').map((s) => [s.key, s.params])).toEqual([['r1:reserve-exchange', { returnId: ID, why: OUT_OF_STOCK }]]);
    expect(w.doc().data).toMatchObject({ resolution: 'refund', fallback: OUT_OF_STOCK, exchangeReserved: false });
    await e.signal(ID, 'receipt', 'r1:1', receipt);
    await w.reaches('COMPLETED');
    expect(w.actions()).not.toContain('inventory.commit');
    expect([...w.refunds.values()]).toEqual([{ amount: 4_000, currency: 'EUR' }]);
    await w.stop();
  });

  it("an operator's compensation of a waiting exchange cancels the label, releases the hold and ends the return cancelled", async () => {
    const w = returnWorld({}, priced);
    const e = w.engine();
    await e.start('return', ID, exchange);
    await w.waitsFor('receipt');
    await e.compensate(ID);
    const done = await w.reaches('COMPENSATED');
    expect(done.failure).toMatchObject({ message: 'compensation forced by an operator' });
    expect(w.seen.slice(-3).map((s) => [s.action, s.key, s.params])).toEqual([
      ['shipping.cancelReturnLabel', 'r1:label:compensate', { returnId: ID }],
      ['inventory.release', 'r1:reserve-exchange:compensate', { orderId: 'x-r1', reason: 'return ended' }],
      ['returns.markCancelled', 'r1:on-failure', { returnId: ID, reason: expect.stringContaining('return ended at') }],
    ]);
    await w.stop();
  });

  it('a reservation already sold (shipped at once) or a label already used is nothing left to undo; a busy inventory is retried', async () => {
    const sold = returnWorld({ 'inventory.release': () => Promise.reject(refusal(409, 'RESERVATION_COMMITTED')) }, priced);
    await sold.engine().start('return', ID, exchange);
    await sold.waitsFor('receipt');
    await sold.engine('node-2').compensate(ID);
    expect((await sold.reaches('COMPENSATED')).status).toBe('COMPENSATED');
    await sold.stop();

    const busy = returnWorld({ 'inventory.release': (_p, n) => (n === 1 ? Promise.reject(refusal(409, 'CONFLICT')) : {}) }, priced);
    await busy.engine().start('return', ID, exchange);
    await busy.waitsFor('receipt');
    await busy.engine('node-2').compensate(ID);
    await busy.reaches('COMPENSATED');
    expect(busy.calls('inventory.release')).toHaveLength(2);
    await busy.stop();

    const used = fakeContext(exchange, { 'shipping.cancelReturnLabel': () => Promise.reject(refusal(409, 'LABEL_IN_TRANSIT')) }, { returnId: ID });
    await expect(label.compensate!(used.ctx)).resolves.toBeUndefined();
  });

  it('an exchange settles across receipts: the credit pays the price first, then is refunded; a refund return refunds it all', () => {
    const p = (amount: number) => plan('r', { exchangePrice: 3_000, refund: { ...plan('r').refund, amount } });
    const ex = { ...exchange };
    expect(settlementOf(ex, p(2_000))).toEqual({ refund: 0, creditUsed: 2_000 });
    expect(settlementOf({ ...ex, exchangeCreditUsed: 2_000 }, p(2_000))).toEqual({ refund: 1_000, creditUsed: 1_000 });
    expect(settlementOf({ ...ex, exchangeCreditUsed: 3_000 }, p(2_000))).toEqual({ refund: 2_000, creditUsed: 0 });
    expect(settlementOf(returnData(), p(2_000))).toEqual({ refund: 2_000, creditUsed: 0 });
  });
});

import { refusal } from '../testing/scripted-world';
import { ID, plan, returnData, returnWorld } from './return.world';

const receipt = (n: number) => ({ key: `${ID}:${n}`, data: { receiptId: `${ID}:${n}` } });

describe('return saga (engine in memory, scripted participants)', () => {
  it('auto-approved: labels at once, waits for the receipt with no lease, then restocks, refunds once by receipt, records and closes', async () => {
    const w = returnWorld({ 'returns.markClosed': () => ({ orderFullyReturned: true }) });
    const e = w.engine();
    await e.start('return', ID, returnData());
    const waiting = await w.waitsFor('receipt');
    expect(waiting).toMatchObject({ leaseUntil: 0, waiting: { step: 'await-receipt' } });
    expect(w.seen.map((s) => [s.action, s.key])).toEqual([
      ['returns.get', 'r1:label'],
      ['shipping.createReturnLabel', 'r1:label'],
      ['returns.recordLabel', 'r1:label'],
    ]);
    expect(w.calls('shipping.createReturnLabel')[0].params).toEqual({ returnId: ID, orderId: 'o1', userId: 'u1', lines: [{ sku: 'TEE-1', quantity: 2 }] });
    expect(w.calls('returns.recordLabel')[0].params).toEqual({
      returnId: ID,
      label: { carrier: 'sandbox', trackingNumber: 'SBX-1' },
    });

    await e.signal(ID, 'receipt', receipt(1).key, receipt(1).data);
    const done = await w.reaches('COMPLETED');
    expect(w.seen.slice(3).map((s) => [s.action, s.key, s.params])).toEqual([
      ['returns.receiptPlan', 'r1:await-receipt', { returnId: ID, receiptId: 'r1:1' }],
      ['inventory.returnUnits', 'r1:await-receipt', { ref: 'r1:1:TEE-1:resaleable', sku: 'TEE-1', warehouse: 'east', quantity: 2, condition: 'resaleable' }],
      ['payments.refund', 'r1:await-receipt', { orderId: 'o1', amount: { amount: 4_000, currency: 'EUR' }, reason: 'return', refundKey: 'r1:1' }],
      [
        'returns.recordRefund',
        'r1:await-receipt',
        {
          returnId: ID,
          receiptId: 'r1:1',
          amount: { amount: 4_000, currency: 'EUR' },
          perLine: plan('r1:1').refund.perLine,
          units: plan('r1:1').refund.units,
          paymentRefundId: 'o1:r1:1',
        },
      ],
      ['returns.markClosed', 'r1:close', { returnId: ID }],
      // The order's last units came back (returns says): its promotion uses go back as discounts' setting says.
      ['discounts.releaseUsage', 'r1:close', { orderId: 'o1', reason: 'returned' }],
    ]);
    expect(done.data).toMatchObject({ receipts: ['r1:1'], refunded: { amount: 4_000, currency: 'EUR' }, orderReturned: true, closed: true });
    await w.stop();
  });

  it('waits for the admin decision: approve goes on (marked approved), reject ends the return rejected with nothing made', async () => {
    const w = returnWorld();
    const e = w.engine();
    await e.start('return', ID, returnData({ approved: false }));
    expect(await w.waitsFor('decision')).toMatchObject({ leaseUntil: 0, waiting: { step: 'authorise' } });
    expect(w.seen).toEqual([]);
    await e.signal(ID, 'decision', 'approve-1', { decision: 'approved' });
    await w.waitsFor('receipt');
    expect(w.actions()).toEqual(['returns.markApproved', 'returns.get', 'shipping.createReturnLabel', 'returns.recordLabel']);
    expect(w.seen[0]).toMatchObject({ key: 'r1:authorise', params: { returnId: ID } });
    await w.stop();

    const r = returnWorld();
    const e2 = r.engine();
    await e2.start('return', ID, returnData({ approved: false }));
    await r.waitsFor('decision');
    await e2.signal(ID, 'decision', 'reject-1', { decision: 'rejected', reason: 'worn' });
    const ended = await r.reaches('COMPENSATED');
    expect(ended.failure).toMatchObject({ step: 'authorise', type: 'RETURN_REJECTED', business: true });
    expect(r.seen.map((s) => [s.action, s.key, s.params])).toEqual([['returns.markRejected', 'r1:on-failure', { returnId: ID, reason: 'worn' }]]);
    await r.stop();
  });

  it('two partial receipts run one round each under distinct keys: restock, write-off and refund each once', async () => {
    const half = { amount: 2_000, currency: 'EUR', perLine: [{ sku: 'TEE-1', quantity: 1, amount: 2_000 }] };
    const w = returnWorld({}, {
      'r1:1': plan('r1:1', { restock: [{ sku: 'TEE-1', quantity: 1 }], refund: half, outstanding: 1 }),
      'r1:2': plan('r1:2', { restock: [], writeOff: [{ sku: 'TEE-1', quantity: 1 }], refund: half }),
    });
    const e = w.engine();
    await e.start('return', ID, returnData());
    await w.waitsFor('receipt');
    await e.signal(ID, 'receipt', receipt(1).key, receipt(1).data);
    const between = await w.waitsFor('receipt', 1);
    expect(between.data).toMatchObject({ refunded: { amount: 2_000 } });
    await e.signal(ID, 'receipt', receipt(2).key, receipt(2).data);
    const done = await w.reaches('COMPLETED');

    expect(w.calls('inventory.returnUnits').map((s) => [s.key, s.params.ref, s.params.condition])).toEqual([
      ['r1:await-receipt', 'r1:1:TEE-1:resaleable', 'resaleable'],
      ['r1:await-receipt#2', 'r1:2:TEE-1:damaged', 'damaged'],
    ]);
    expect(w.calls('payments.refund').map((s) => [s.key, s.params.refundKey])).toEqual([
      ['r1:await-receipt', 'r1:1'],
      ['r1:await-receipt#2', 'r1:2'],
    ]);
    expect([...w.refunds.values()]).toEqual([{ amount: 2_000, currency: 'EUR' }, { amount: 2_000, currency: 'EUR' }]);
    expect(w.calls('returns.recordRefund').map((s) => s.params.receiptId)).toEqual(['r1:1', 'r1:2']);
    expect(done.data).toMatchObject({ receipts: ['r1:1', 'r1:2'], refunded: { amount: 4_000 }, orderReturned: false });
    // Other units of the order are still with the customer: the promotion use is kept.
    expect(w.actions()).not.toContain('discounts.releaseUsage');
    expect(done.steps.find((s) => s.id === 'await-receipt')?.signals).toEqual(['r1:1', 'r1:2']);
    await w.stop();
  });

  it('a coordinator lost mid-round (after the refund, before it was recorded): the next one re-runs the round with the same keys and payments refunds once', async () => {
    let release: (v: unknown) => void = () => undefined;
    const w = returnWorld({
      // The first coordinator's call never answers: it died there.
      'returns.recordRefund': (_p, n) => (n === 1 ? new Promise((r) => (release = r)) : { recorded: true }),
    });
    const first = w.engine('node-1');
    await first.start('return', ID, returnData());
    await w.waitsFor('receipt');
    await first.signal(ID, 'receipt', receipt(1).key, receipt(1).data);
    await w.reaches('RUNNING');
    await new Promise((r) => setTimeout(r, 100));
    expect(w.calls('payments.refund')).toHaveLength(1);
    // Its lease lapses (the node is gone); another coordinator takes the saga over.
    const doc = w.doc();
    await w.repo.save({ ...doc, leaseOwner: 'dead', leaseUntil: Date.now() - 1 }, doc.version!);
    expect(await w.engine('node-2').resumeLapsed()).toBe(1);
    const done = await w.reaches('COMPLETED');

    const refundCalls = w.calls('payments.refund');
    expect(refundCalls.map((s) => [s.key, s.params.refundKey])).toEqual([
      ['r1:await-receipt', 'r1:1'],
      ['r1:await-receipt', 'r1:1'],
    ]);
    expect(w.refunds.size).toBe(1);
    expect(w.calls('returns.recordRefund').map((s) => s.key)).toEqual(['r1:await-receipt', 'r1:await-receipt']);
    expect(done.data).toMatchObject({ receipts: ['r1:1'], refunded: { amount: 4_000 } });
    release({});
    await w.stop();
  });

  it("an operator's compensation after a receipt was refunded closes the return rather than rejecting it", async () => {
    const w = returnWorld({}, { 'r1:1': plan('r1:1', { outstanding: 1 }) });
    const e = w.engine();
    await e.start('return', ID, returnData());
    await w.waitsFor('receipt');
    await e.signal(ID, 'receipt', receipt(1).key, receipt(1).data);
    await w.waitsFor('receipt', 1);
    await e.compensate(ID);
    await w.reaches('COMPENSATED');
    expect(w.seen.slice(-2).map((s) => [s.action, s.key])).toEqual([
      ['shipping.cancelReturnLabel', 'r1:label:compensate'],
      ['returns.markClosed', 'r1:on-failure'],
    ]);
    expect(w.refunds.size).toBe(1);
    await w.stop();
  });

  it("an operator's compensation after approval ends the return cancelled (the machine refuses rejected there): the saga ends COMPENSATED, not parked", async () => {
    // As the real service answers: past the decision, rejecting is a conflict.
    const w = returnWorld({ 'returns.markRejected': () => Promise.reject(refusal(409, 'RETURN_STATUS_CONFLICT')) });
    const e = w.engine();
    await e.start('return', ID, returnData());
    await w.waitsFor('receipt');
    await e.compensate(ID);
    const done = await w.reaches('COMPENSATED');
    expect(done.failure).toMatchObject({ message: 'compensation forced by an operator' });
    expect(w.seen.slice(-2).map((s) => [s.action, s.key, s.params])).toEqual([
      ['shipping.cancelReturnLabel', 'r1:label:compensate', { returnId: ID }],
      ['returns.markCancelled', 'r1:on-failure', { returnId: ID, reason: 'return ended at await-receipt' }],
    ]);
    expect(w.actions()).not.toContain('returns.markRejected');
    await w.stop();
  });

  it('the label goes to the warehouse returns names (an order shipping never tracked has no shipment to return to)', async () => {
    const w = returnWorld({ 'returns.get': () => ({ lines: [{ sku: 'TEE-1', quantity: 2 }], warehouse: 'main' }) });
    await w.engine().start('return', ID, returnData());
    await w.waitsFor('receipt');
    expect(w.calls('shipping.createReturnLabel')[0].params).toEqual({ returnId: ID, orderId: 'o1', userId: 'u1', lines: [{ sku: 'TEE-1', quantity: 2 }], warehouse: 'main' });
    await w.stop();
  });

  it('a refund payments refuses (over the captured amount) parks the saga for an operator instead of unwinding the return', async () => {
    const w = returnWorld({
      'payments.refund': () => {
        throw refusal(409, 'REFUND_EXCEEDS_CAPTURED');
      },
    });
    const e = w.engine();
    await e.start('return', ID, returnData());
    await w.waitsFor('receipt');
    await e.signal(ID, 'receipt', receipt(1).key, receipt(1).data);
    const parked = await w.reaches('NEEDS_ATTENTION');
    expect(parked.steps.find((s) => s.id === 'await-receipt')).toMatchObject({ errorCode: 409 });
    expect(w.actions()).not.toContain('shipping.cancelReturnLabel');
    await w.stop();
  });
});

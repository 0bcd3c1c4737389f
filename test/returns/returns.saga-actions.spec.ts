import type { ReceiptPlan } from '../../sagas/return/return.types';
import { unitLedger } from '../../services/returns/domain/unit-ledger';
import type { Return } from '../../services/returns/returns.contract';
import { returnsWorld, type ReturnsWorld } from './returns.world';

/**
 * The internal actions the return saga calls, on the real servers with payments beside returns:
 * each answers the same when repeated, and a whole order returned in two receipts refunds exactly
 * what was captured.
 */
let rw: ReturnsWorld;
beforeAll(async () => {
  rw = await returnsWorld(['payments']);
}, 120_000);
afterAll(() => rw?.w.platform.stop(), 60_000);

const call = <T>(action: string, params: unknown) => rw.w.system<T>(`returns.${action}`, params);
const receive = (id: string, condition: string) =>
  rw.w.req('POST', `/admin/returns/${id}/receive`, {
    as: rw.w.cast.admin,
    body: { warehouse: 'east', lines: [{ sku: 'MUG-RED', quantity: 1, condition }] },
  });

it('label, two receipts, their plans and refunds, close: each repeatable, refunds summing to the captured total', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(2);
  const stored = (await w.orders.get(order.id))!;
  const captured = stored.totals.total;
  const money = { amount: captured, currency: stored.totals.currency };
  await w.system('payments.authorize', { orderId: order.id, userId: order.who.id, amount: money, token: 'tok_visa' }, { idempotencyKey: `${order.id}:auth` });
  await w.system('payments.capture', { orderId: order.id }, { idempotencyKey: `${order.id}:capture` });

  const made = await w.req('POST', `/orders/${order.id}/returns`, {
    as: order.who,
    body: { lines: [{ sku: 'MUG-RED', quantity: 2, reason: 'changed-mind' }], resolution: 'refund' },
  });
  const id = made.body.id as string;
  expect(await call('get', { returnId: id })).toMatchObject({ id, status: 'approved', exchangeShip: 'on-receipt' });
  const label = { carrier: 'sandbox', trackingNumber: 'SBXRET0001', url: 'https://track.example/SBXRET0001' };
  const labelled = await call<Return>('recordLabel', { returnId: id, label });
  expect(await call<Return>('recordLabel', { returnId: id, label })).toEqual(labelled);
  expect(labelled).toMatchObject({ status: 'label_issued', label });

  // The first unit back, resaleable: one unit's paid amount (cheapest first), the other still open.
  expect((await receive(id, 'resaleable')).status).toBe(202);
  const first = await call<ReceiptPlan>('receiptPlan', { returnId: id, receiptId: `${id}:1` });
  const unit = Math.min(...unitLedger(stored).lines[0].units.map((u) => u.goods));
  expect(first).toMatchObject({
    receiptId: `${id}:1`,
    warehouse: 'east',
    restock: [{ sku: 'MUG-RED', quantity: 1 }],
    writeOff: [],
    refund: { amount: unit, currency: 'EUR', perLine: [{ sku: 'MUG-RED', quantity: 1, amount: unit }], fullReturn: false },
    outstanding: 1,
  });
  expect(await call('receiptPlan', { returnId: id, receiptId: `${id}:1` })).toEqual(first);
  const record = (plan: ReceiptPlan) => ({
    returnId: id,
    receiptId: plan.receiptId,
    amount: { amount: plan.refund.amount, currency: plan.refund.currency },
    perLine: plan.refund.perLine,
    units: plan.refund.units,
    paymentRefundId: `${order.id}:${plan.receiptId}`,
  });
  const once = await call<Return>('recordRefund', record(first));
  expect(await call<Return>('recordRefund', record(first))).toEqual(once);
  expect(once).toMatchObject({ status: 'partially_received', refund: { amount: unit, currency: 'EUR' }, lines: [{ refunded: 1 }] });

  // The second, damaged: written off, refunded with the rest; the return is refunded, the order wholly returned.
  expect((await receive(id, 'damaged')).status).toBe(202);
  const second = await call<ReceiptPlan>('receiptPlan', { returnId: id, receiptId: `${id}:2` });
  expect(second).toMatchObject({ restock: [], writeOff: [{ sku: 'MUG-RED', quantity: 1 }], outstanding: 0, refund: { fullReturn: true } });
  expect(first.refund.amount + second.refund.amount).toBe(captured);
  expect(await call<Return>('recordRefund', record(second))).toMatchObject({ status: 'refunded', refund: { amount: captured } });
  expect(await rw.events('refund.issued', id)).toHaveLength(2);

  expect(await call('markClosed', { returnId: id })).toEqual({ orderFullyReturned: true });
  expect(await call('markClosed', { returnId: id })).toEqual({ orderFullyReturned: true });
  expect((await w.req('GET', `/returns/${id}`, { as: order.who })).body).toMatchObject({ status: 'closed', refund: { amount: captured } });
  expect(await rw.events('return.closed', id)).toHaveLength(1);
}, 90_000);

it('an approved return with nothing received can be neither closed nor rejected (409); an unknown one is 404', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(1);
  const made = await w.req('POST', `/orders/${order.id}/returns`, {
    as: order.who,
    body: { lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'wrong-item' }], resolution: 'refund' },
  });
  const id = made.body.id as string;
  await expect(call('markClosed', { returnId: id })).rejects.toMatchObject({ code: 409, type: 'RETURN_STATUS_CONFLICT' });
  await expect(call('markRejected', { returnId: id, reason: 'x' })).rejects.toMatchObject({ code: 409 });
  await expect(call('get', { returnId: 'nope' })).rejects.toMatchObject({ code: 404 });
}, 60_000);

it('two receipts planned before either is refunded never take the same unit: their refunds still sum to the captured total', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(2);
  const stored = (await w.orders.get(order.id))!;
  const money = { amount: stored.totals.total, currency: stored.totals.currency };
  await w.system('payments.authorize', { orderId: order.id, userId: order.who.id, amount: money, token: 'tok_visa' }, { idempotencyKey: `${order.id}:auth` });
  await w.system('payments.capture', { orderId: order.id }, { idempotencyKey: `${order.id}:capture` });
  const made = await w.req('POST', `/orders/${order.id}/returns`, {
    as: order.who,
    body: { lines: [{ sku: 'MUG-RED', quantity: 2, reason: 'changed-mind' }], resolution: 'refund' },
  });
  const id = made.body.id as string;
  expect((await receive(id, 'resaleable')).status).toBe(202);
  expect((await receive(id, 'resaleable')).status).toBe(202);
  const second = await call<ReceiptPlan>('receiptPlan', { returnId: id, receiptId: `${id}:2` });
  const first = await call<ReceiptPlan>('receiptPlan', { returnId: id, receiptId: `${id}:1` });
  const taken = (p: ReceiptPlan) => (p.refund.units ?? []).filter((u) => u.goods > 0).map((u) => u.index);
  expect([...taken(first), ...taken(second)].sort()).toEqual([0, 1]);
  expect(first.refund.amount + second.refund.amount).toBe(stored.totals.total);
  expect([first.outstanding, second.outstanding]).toEqual([1, 0]);
}, 60_000);

import type { ClaimDoc } from '../../services/returns/returns.ops';
import { returnsWorld, type ReturnsWorld } from './returns.world';

/**
 * The returns limits under concurrency on the real servers (PostgreSQL, NATS): units asked back
 * never exceed those delivered, and one parcel is received once, however many calls race.
 */
let rw: ReturnsWorld;
beforeAll(async () => {
  rw = await returnsWorld();
}, 120_000);
afterAll(() => rw?.w.platform.stop(), 60_000);

const fieldsOf = (body: { error?: { fields?: { field: string }[] } }) => (body.error?.fields ?? []).map((f) => f.field);

it('20 concurrent return requests for one line of 3 delivered units take exactly 3; the rest are refused naming the quantity', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(3);
  const body = { lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'changed-mind' }], resolution: 'refund' };
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => w.req('POST', `/orders/${order.id}/returns`, { as: order.who, body })),
  );
  const accepted = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status !== 201);
  expect(accepted).toHaveLength(3);
  expect(refused.map((r) => [r.status, fieldsOf(r.body)])).toEqual(refused.map(() => [422, ['lines[0].quantity']]));

  const store = rw.store();
  const claim = await store.collection<ClaimDoc>('claims').get(`${order.id}:MUG-RED`);
  expect(claim).toMatchObject({ delivered: 3, requested: 3 });
  const returns = await store.collection('returns').find({ filter: { orderId: order.id } });
  expect(returns).toHaveLength(3);
  expect(new Set(returns.map((r) => r.rma)).size).toBe(3);
}, 90_000);

it('20 concurrent identical receive calls record one receipt; the others are 409 naming lines[0].quantity', async () => {
  const { w } = rw;
  const order = await rw.deliveredOrder(1);
  const made = await w.req('POST', `/orders/${order.id}/returns`, {
    as: order.who,
    body: { lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'damaged' }], resolution: 'refund' },
  });
  expect(made.body.status).toBe('approved');
  const id = made.body.id as string;
  const body = { warehouse: 'east', lines: [{ sku: 'MUG-RED', quantity: 1, condition: 'resaleable' }] };
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => w.req('POST', `/admin/returns/${id}/receive`, { as: w.cast.admin, body })),
  );
  const won = answers.filter((a) => a.status === 202);
  expect(won).toHaveLength(1);
  expect(won[0].body).toMatchObject({
    receipt: { id: `${id}:1`, warehouse: 'east', restock: [{ sku: 'MUG-RED', quantity: 1 }], writeOff: [] },
    return: { status: 'received', lines: [{ sku: 'MUG-RED', quantity: 1, received: 1, restocked: 1 }] },
  });
  const lost = answers.filter((a) => a.status !== 202);
  expect(lost.map((a) => [a.status, a.body.error?.type, a.body.error?.message])).toEqual(
    lost.map(() => [409, 'NOTHING_TO_RECEIVE', expect.stringMatching(/^lines\[0\]\.quantity: Between 1 and 0 of MUG-RED/)]),
  );

  expect(await rw.store().collection('receipts').count({ filter: { returnId: id } })).toBe(1);
  expect(await rw.events('return.received', id)).toHaveLength(1);
  expect(rw.signals.filter((s) => s.sagaId === id && s.signal === 'receipt')).toEqual([
    { sagaId: id, signal: 'receipt', key: `${id}:1`, data: { receiptId: `${id}:1` } },
  ]);
}, 90_000);

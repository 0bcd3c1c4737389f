import { randomUUID } from 'node:crypto';
import type { HistoryRow, OrderView } from '../../services/orders/orders.contract';
import { eventually } from '../support/eventually';
import { dynamoLocalEngine, onEngine } from '../support/service-engines';
import { SHIPPING, startWorld, type World } from './orders.fixtures';
import { orderHelpers } from './orders.helpers';

/** The status history on its production engine, DynamoDB (the main spec keeps every store on PostgreSQL). */
describe('order status history on DynamoDB Local', () => {
  let w: World;
  const { it_ } = onEngine(dynamoLocalEngine('order-history'), async (env) => (w = await startWorld(env)));
  const { shipment } = orderHelpers(() => w);

  it_('records one row per status reached, read back oldest first; a repeated step writes no second row', async () => {
    expect(w.historyStore.engine).toBe('dynamodb');
    const who = await w.cast.newCustomer();
    await w.fillCart(who, [['POSTER-A', 2]]);
    const placed = await w.req('POST', '/orders', {
      as: who,
      body: { shippingAddress: SHIPPING, paymentToken: 'tok_visa' },
      key: randomUUID(),
    });
    expect(placed.status).toBe(202);
    const id = placed.body.id as string;
    const meta = (key: string) => ({ idempotencyKey: key });
    await w.system('orders.confirm', { orderId: id }, meta(`${id}:confirm-order`));
    await w.system('orders.confirm', { orderId: id }, meta(`${id}:confirm-order`));
    await shipment({ id, who }, { id: `${id}:main`, status: 'in_transit', quantity: 2, seq: 3, sku: 'POSTER-A' });
    await expect(
      w.system('orders.markCancelled', { orderId: id, reason: 'too late' }, meta(`cancel:${id}:mark`)),
    ).rejects.toMatchObject({
      type: 'ILLEGAL_TRANSITION',
    });

    const view = (await w.req('GET', `/orders/${id}`, { as: who })).body as unknown as OrderView;
    expect(view.history).toEqual([
      { to: 'PENDING', at: view.createdAt },
      { from: 'PENDING', to: 'CONFIRMED', at: expect.any(Number) },
      { from: 'CONFIRMED', to: 'SHIPPED', at: view.updatedAt },
    ]);
    const rows = await w.historyStore.collection<HistoryRow>('status_history').find({ filter: { orderId: id } });
    expect(rows.map((r) => r.id).sort()).toEqual([`${id}:CONFIRMED`, `${id}:PENDING`, `${id}:SHIPPED`]);

    // A reader between the order's commit and its history write (or after a crash there) finds the
    // store behind: the view answers from the log, and the store is repaired in passing.
    const history = w.historyStore.collection<HistoryRow>('status_history');
    await history.remove(`${id}:CONFIRMED`);
    await history.remove(`${id}:SHIPPED`);
    const again = (await w.req('GET', `/orders/${id}`, { as: who })).body as unknown as OrderView;
    expect(again.history).toEqual(view.history);
    const repaired = await eventually(async () => {
      const now = await history.find({ filter: { orderId: id } });
      return now.length === 3 && now;
    });
    expect(repaired.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });
});

import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { ReturnEvent, ReturnStatus } from '../../services/returns/returns.contract';
import { eventually } from '../support/eventually';
import type { Identity } from '../support/identities';
import { SHIPPING, startWorld, type World } from './orders.fixtures';
import { orderHelpers } from './orders.helpers';

let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 90_000);
afterAll(() => w?.platform.stop());

const { checkout, view, step, shipment, publish, expectConsistent } = orderHelpers(() => w);
type Delivered = { id: string; who: Identity };

/** A DELIVERED order of 2 MUG-RED (one shipment). */
async function deliveredOrder(): Promise<Delivered> {
  const who = await w.cast.newCustomer();
  await w.fillCart(who, [['MUG-RED', 2]]);
  const id = (await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' })).body.id as string;
  await step('confirm', id, `${id}:confirm-order`);
  await shipment({ id, who }, { id: `${id}:main`, status: 'delivered', quantity: 2, seq: 5 });
  return { id, who };
}

type Units = { received?: number; refunded?: number };
/** The return event `name` as the returns service's outbox carries it: one line of 2 MUG-RED. */
const returnEvent = (order: Delivered, returnId: string, status: ReturnStatus, seq: number, units: Units = {}): ReturnEvent => ({
  returnId,
  rma: `RMA-${returnId.slice(0, 6)}`,
  orderId: order.id,
  userId: order.who.id,
  status,
  resolution: 'refund',
  lines: [{ sku: 'MUG-RED', quantity: 2, received: 0, refunded: 0, restocked: 0, writtenOff: 0, missing: 0, ...units }],
  at: Date.now(),
  seq,
});
const stored = async (id: string) => (await w.orders.get(id))!;
const published = (id: string) => w.sagas.statusEvents.filter((e) => e.orderId === id).map((e) => e.to);

describe('an order follows its returns', () => {
  it('requested, one unit received and refunded, then the other: RETURN_REQUESTED, PARTIALLY_RETURNED, RETURNED; the status stays DELIVERED', async () => {
    const order = await deliveredOrder();
    const r = randomUUID();
    const after = async (name: string, status: ReturnStatus, seq: number, units?: Units) => {
      await publish(name, returnEvent(order, r, status, seq, units));
      const shown = await view(order.id, order.who);
      return [shown.status, shown.returnStatus, shown.items[0].returned, shown.items[0].refunded];
    };
    expect(await after('return.requested', 'requested', 1)).toEqual(['DELIVERED', 'RETURN_REQUESTED', 0, 0]);
    expect(await after('return.approved', 'approved', 2)).toEqual(['DELIVERED', 'RETURN_REQUESTED', 0, 0]);
    expect(await after('return.received', 'partially_received', 4, { received: 1 })).toEqual([
      'DELIVERED',
      'PARTIALLY_RETURNED',
      1,
      0,
    ]);
    expect(await after('refund.issued', 'partially_received', 5, { received: 1, refunded: 1 })).toEqual([
      'DELIVERED',
      'PARTIALLY_RETURNED',
      1,
      1,
    ]);
    expect(await after('return.received', 'received', 6, { received: 2, refunded: 1 })).toEqual(['DELIVERED', 'RETURNED', 2, 1]);
    expect(await after('refund.issued', 'refunded', 7, { received: 2, refunded: 2 })).toEqual(['DELIVERED', 'RETURNED', 2, 2]);
    expect(await after('return.closed', 'closed', 8, { received: 2, refunded: 2 })).toEqual(['DELIVERED', 'RETURNED', 2, 2]);

    const shown = await view(order.id, w.cast.admin);
    expect(shown.returns).toEqual([{ id: r, rma: `RMA-${r.slice(0, 6)}`, status: 'closed' }]);
    expect(shown.fulfilment.status).toBe('DELIVERED');
    // Seven return entries on the order's log (version 3 after its delivery); no status row, no status event.
    expect(await expectConsistent(order.id)).toMatchObject({ status: 'DELIVERED', version: 10 });
    expect(shown.history.map((h) => h.to)).toEqual(['PENDING', 'CONFIRMED', 'DELIVERED']);
    await eventually(async () => published(order.id).length === 2);
    expect(published(order.id).sort()).toEqual(['CONFIRMED', 'DELIVERED']);
  });

  it('an older seq, a repeated one and a redelivery change nothing; a rejected return leaves no return status', async () => {
    const order = await deliveredOrder();
    const r = randomUUID();
    const approved = await publish('return.approved', returnEvent(order, r, 'approved', 2));
    const before = await stored(order.id);
    // Auto-approval publishes requested and approved with the same seq; the late request and a redelivery are dropped.
    await publish('return.requested', returnEvent(order, r, 'requested', 1), { wait: false });
    await publish('return.approved', returnEvent(order, r, 'approved', 2), { wait: false });
    await w.platform.broker.emit(approved.event, approved);
    // Handled after the ones above of its name: the only write.
    await publish('return.approved', returnEvent(order, r, 'rejected', 3));
    await eventually(async () => (await stored(order.id)).version === before.version! + 1);

    const after = await stored(order.id);
    expect(after.returns?.map((x) => [x.status, x.seq])).toEqual([['rejected', 3]]);
    const shown = await view(order.id, order.who);
    expect([shown.returnStatus, shown.returns.map((x) => x.status), shown.items[0].returned]).toEqual([null, ['rejected'], 0]);
    await expectConsistent(order.id);
  });

  it('return events of one order handled at once (other nodes, other names) each land once: a lost race re-reads', async () => {
    const order = await deliveredOrder();
    type Handler = (this: unknown, e: EventEnvelope, ctx: unknown) => Promise<void>;
    const service = w.platform.broker.getLocalService('orders') as unknown as {
      schema: { eventConsumers: Record<string, { handler: Handler }> };
    };
    const [r1, r2] = [randomUUID(), randomUUID()];
    const envelope = (event: string, data: ReturnEvent) => ({
      id: randomUUID(),
      event,
      occurredAt: Date.now(),
      source: 'returns',
      data,
    });
    const envelopes = [
      envelope('return.received', returnEvent(order, r1, 'partially_received', 3, { received: 1 })),
      envelope('refund.issued', returnEvent(order, r1, 'partially_received', 4, { received: 1, refunded: 1 })),
      envelope('return.requested', returnEvent(order, r2, 'requested', 1)),
      envelope('return.rejected', returnEvent(order, r2, 'rejected', 2)),
    ];
    const before = await stored(order.id);
    // Each one twice: a redelivery racing the first delivery.
    await Promise.all(
      [...envelopes, ...envelopes].map((e) => service.schema.eventConsumers[e.event].handler.call(service, e, {})),
    );
    const after = await expectConsistent(order.id);
    // The newer event of each return wins whichever ran first; an older one that lost is dropped.
    expect(after.returns?.find((x) => x.id === r1)).toMatchObject({ seq: 4, lines: [{ received: 1, refunded: 1 }] });
    expect(after.returns?.find((x) => x.id === r2)).toMatchObject({ seq: 2, status: 'rejected' });
    expect(after.version! - before.version!).toBeGreaterThanOrEqual(2);
    expect(after.version! - before.version!).toBeLessThanOrEqual(4);
    const shown = await view(order.id, order.who);
    expect([shown.status, shown.returnStatus, shown.items[0].returned, shown.items[0].refunded]).toEqual([
      'DELIVERED',
      'PARTIALLY_RETURNED',
      1,
      1,
    ]);
  });
});

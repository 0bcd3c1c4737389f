import type { Errors } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import type { CancelForOrderAnswer, Shipment } from '../../services/shipping/shipments.contract';
import { deliver, eventsOf, report, seedShipment, startShippingWorld, type ShippingWorld } from './webhooks.fixtures';

/**
 * A carrier's first scan of a labelled parcel is a hand-over: it takes the order's fulfilment guard
 * like the admin ship route does, so a scan and the cancel saga's stop-fulfilment never both win
 * (an order cancelled with a parcel in transit, or a shipped order whose cancel went through).
 */
let w: ShippingWorld;
beforeAll(async () => {
  w = await startShippingWorld({ SANDBOX_CARRIER_STEP_MS: '86400000' });
}, 60_000);
afterAll(() => w?.platform.stop());

const system = { meta: { user: SYSTEM_PRINCIPAL } };
const cancelForOrder = (orderId: string) =>
  w.platform.broker.call<CancelForOrderAnswer, object>('shipping.cancelForOrder', { orderId }, system);
async function labelled(guard: 'open' | 'cancelled'): Promise<Shipment> {
  const s = await seedShipment(w);
  await w.col.guards.insert({ id: s.orderId, state: guard, updatedAt: Date.now() });
  return s;
}

it('a scan of an open order takes the guard: the cancel then answers 409 ORDER_ALREADY_SHIPPED', async () => {
  const s = await labelled('open');
  expect((await deliver(w, report(s.trackingNumber!, 'PU'))).body).toMatchObject({ status: 'in_transit' });
  expect(await w.col.guards.get(s.orderId)).toMatchObject({ state: 'shipping' });
  const refused = (await cancelForOrder(s.orderId).catch((e: Errors.MoleculerError) => e)) as Errors.MoleculerError;
  expect([refused.code, refused.type]).toEqual([409, 'ORDER_ALREADY_SHIPPED']);
  expect((await w.col.shipments.get(s.id))!.status).toBe('in_transit');
});

it('a scan after the cancel closed the guard joins the timeline only; the cancel then stops the shipment', async () => {
  const s = await labelled('cancelled');
  const res = await deliver(w, report(s.trackingNumber!, 'PU'));
  expect([res.status, res.body]).toEqual([200, { received: true, duplicate: false, status: 'label_purchased' }]);
  const after = (await w.col.shipments.get(s.id))!;
  expect(after.status).toBe('label_purchased');
  expect(after.shippedAt).toBeUndefined();
  expect(after.events.map((e) => e.rawCode)).toEqual(['PU']);
  expect(await eventsOf(w, s.id)).toEqual([]);
  expect(await cancelForOrder(s.orderId)).toEqual({ orderId: s.orderId, cancelled: [s.id] });
  expect((await w.col.shipments.get(s.id))!.status).toBe('cancelled');
  expect(await w.col.guards.get(s.orderId)).toMatchObject({ state: 'cancelled' });
});

it('a scan and a cancel racing on 10 orders: each order ends shipped or cancelled, never both', async () => {
  const outcomes = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const s = await labelled('open');
      const [scan, cancel] = await Promise.all([
        deliver(w, report(s.trackingNumber!, 'PU')),
        cancelForOrder(s.orderId).catch((e: Errors.MoleculerError) => e),
      ]);
      expect(scan.status).toBe(200);
      const after = (await w.col.shipments.get(s.id))!;
      const guard = (await w.col.guards.get(s.orderId)) as { state: string } | null;
      const cancelled = !(cancel instanceof Error);
      if (cancelled)
        expect([after.status, guard?.state, (cancel as CancelForOrderAnswer).cancelled]).toEqual([
          'cancelled',
          'cancelled',
          [s.id],
        ]);
      else expect([after.status, guard?.state, cancel.type]).toEqual(['in_transit', 'shipping', 'ORDER_ALREADY_SHIPPED']);
      return cancelled ? 'cancelled' : 'shipped';
    }),
  );
  expect(outcomes).toHaveLength(10);
});

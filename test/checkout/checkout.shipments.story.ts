import type { StoryKit } from './checkout.promotions.story';

type Shipment = {
  id: string;
  status: string;
  carrier: string;
  trackingNumber?: string;
  trackingUrl?: string;
  lines: { sku: string; quantity: number }[];
  events: { status: string; rawCode: string }[];
};
type Mails = { rows: { template: string; status: string; body?: string }[] };

/** Two parcels (one per warehouse), one shipped in part first; the carrier's webhooks deliver them all. */
export async function followShipments(
  k: StoryKit & { userId: string },
  orderId: string,
  order: () => Promise<{ status: string }>,
): Promise<void> {
  const { call, ok, until, asAdmin, asMe } = k;
  const shipments = () =>
    ok(call<{ rows: Shipment[] }>('GET', `/orders/${orderId}/shipments`, undefined, asMe), 200, 'shipments');
  const created = await until(shipments, (s) => s.rows.length === 2, 'two shipments');
  const byId = Object.fromEntries(created.rows.map((s) => [s.id, s]));
  expect(Object.keys(byId).sort()).toEqual([`${orderId}:main`, `${orderId}:north`]);
  expect(byId[`${orderId}:main`]).toMatchObject({ status: 'pending', carrier: 'sandbox', lines: [{ sku: k.sku, quantity: 5 }] });
  expect(byId[`${orderId}:north`]).toMatchObject({ status: 'pending', lines: [{ sku: k.sku, quantity: 1 }] });

  const ship = (id: string, body: object) =>
    ok(
      call<{ shipment: Shipment; remainder: Shipment | null }>(
        'POST',
        `/admin/shipments/${encodeURIComponent(id)}/ship`,
        body,
        asAdmin,
      ),
      200,
      `ship ${id}`,
    );
  const part = await ship(`${orderId}:main`, { lines: [{ sku: k.sku, quantity: 2 }] });
  expect(part.shipment.lines).toEqual([{ sku: k.sku, quantity: 2 }]);
  expect(part.remainder).toMatchObject({ status: 'pending', lines: [{ sku: k.sku, quantity: 3 }] });
  await until(order, (o) => o.status === 'PARTIALLY_SHIPPED', 'order partially shipped');
  await ship(`${orderId}:north`, {});
  await ship(part.remainder!.id, {});

  const delivered = await until(shipments, (s) => s.rows.every((r) => r.status === 'delivered'), 'every parcel delivered');
  expect(delivered.rows).toHaveLength(3);
  for (const s of delivered.rows) {
    expect(s.trackingNumber).toMatch(/^SBX\d{12}$/);
    expect(s.trackingUrl).toContain(s.trackingNumber);
    expect(s.events.map((e) => e.status)).toEqual(expect.arrayContaining(['in_transit', 'out_for_delivery', 'delivered']));
  }
  await until(order, (o) => o.status === 'DELIVERED', 'order delivered');

  const mails = (template: string) =>
    until(
      () =>
        ok(
          call<Mails>(
            'GET',
            `/notifications/deliveries?userId=${k.userId}&template=${template}&pageSize=100`,
            undefined,
            asAdmin,
          ),
          200,
          'mails',
        ),
      (m) => delivered.rows.every((s) => m.rows.some((r) => r.status === 'sent' && r.body?.includes(s.trackingUrl!))),
      `${template} mails with tracking links`,
    );
  await mails('shipment-shipped');
  await mails('shipment-delivered');
}

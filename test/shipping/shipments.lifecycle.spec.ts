import { postgresServerHarness } from '../support/harness.postgres';
import {
  confirmedOrder,
  eventsOf,
  guardOf,
  settle,
  shipmentsOf,
  onShipmentsStore,
  unitsBySku,
  type ShipmentsWorld,
} from './shipments.world';

/**
 * Shipments from creation to the carrier and their cancel, on the shipments store's production
 * engine (the PostgreSQL server): creation idempotent by id, labels idempotent, partial ships
 * conserving units, and the cancel saga's step with its compensation.
 */
describe('shipments lifecycle on PostgreSQL', () => {
  let w: ShipmentsWorld;
  const it_ = onShipmentsStore(postgresServerHarness(), (world) => (w = world));

  it_(
    'creates one pending shipment per warehouse with its shipment.created and the guard open; again changes nothing',
    async () => {
      const o = confirmedOrder({ A: { east: 2, west: 1 }, B: { west: 3 } });
      const first = await w.lifecycle.create(o.orderId, o.plan);
      expect(first.skipped).toBe(false);
      expect(first.shipments.map((s) => [s.id, s.status, s.lines])).toEqual([
        [`${o.orderId}:east`, 'pending', [{ sku: 'A', quantity: 2 }]],
        [
          `${o.orderId}:west`,
          'pending',
          expect.arrayContaining([
            { sku: 'A', quantity: 1 },
            { sku: 'B', quantity: 3 },
          ]),
        ],
      ]);
      expect(first.shipments[0]).toMatchObject({ userId: o.userId, carrier: 'sandbox', serviceLevel: 'standard', version: 1 });
      expect(await guardOf(w, o.orderId)).toBe('open');
      await w.lifecycle.create(o.orderId, o.plan);
      expect(await shipmentsOf(w, o.orderId)).toHaveLength(2);
      const created = await eventsOf(w, o.orderId, 'shipment.created');
      expect(created.map((e) => [e.shipmentId, e.seq]).sort()).toEqual([
        [`${o.orderId}:east`, 1],
        [`${o.orderId}:west`, 1],
      ]);
    },
  );

  it_('10 parallel creations of one order make exactly one shipment per warehouse and one shipment.created each', async () => {
    const o = confirmedOrder({ A: { east: 4, west: 2 }, B: { north: 1 } });
    const { won, refused } = await settle(Array.from({ length: 10 }, () => w.lifecycle.create(o.orderId, o.plan)));
    expect(refused).toEqual([]);
    for (const answer of won) expect(answer.shipments).toHaveLength(3);
    expect((await shipmentsOf(w, o.orderId)).map((s) => s.id)).toEqual(['east', 'north', 'west'].map((x) => `${o.orderId}:${x}`));
    expect(await eventsOf(w, o.orderId, 'shipment.created')).toHaveLength(3);
  });

  it_('a label is bought once: again (or in parallel) answers the same label and publishes once', async () => {
    const o = confirmedOrder({ A: { east: 1 } });
    const [s] = (await w.lifecycle.create(o.orderId, o.plan)).shipments;
    const labels = await Promise.all(Array.from({ length: 5 }, () => w.lifecycle.label(s.id)));
    expect(new Set(labels.map((l) => l.trackingNumber)).size).toBe(1);
    expect(labels[0]).toMatchObject({ status: 'label_purchased', trackingNumber: expect.stringMatching(/^SBX\d{12}$/) });
    expect(labels[0].label).toMatchObject({ kind: 'blob', contentType: 'application/pdf' });
    expect(Buffer.from(labels[0].label!.data!, 'base64').toString()).toContain(`Ref: ${s.id}`);
    const events = await eventsOf(w, o.orderId, 'shipment.label-purchased');
    expect(events.map((e) => [e.status, e.seq, e.trackingNumber])).toEqual([['label_purchased', 2, labels[0].trackingNumber]]);
  });

  it_('ship buys the missing label, flips the guard to shipping and publishes shipment.shipped with seq = version', async () => {
    const o = confirmedOrder({ A: { east: 2 } });
    const [s] = (await w.lifecycle.create(o.orderId, o.plan)).shipments;
    const answer = await w.lifecycle.ship(s.id);
    expect(answer.remainder).toBeNull();
    expect(answer.shipment).toMatchObject({ status: 'in_transit', version: 3, lines: [{ sku: 'A', quantity: 2 }] });
    expect(answer.shipment.shippedAt).toEqual(expect.any(Number));
    expect(await guardOf(w, o.orderId)).toBe('shipping');
    const [shipped] = await eventsOf(w, o.orderId, 'shipment.shipped');
    expect(shipped).toMatchObject({
      shipmentId: s.id,
      status: 'in_transit',
      seq: 3,
      trackingNumber: answer.shipment.trackingNumber,
    });
    // A retry answers the same; asking for other lines of a handed-over shipment names its status.
    expect(await w.lifecycle.ship(s.id)).toEqual({
      shipment: expect.objectContaining({ id: s.id, version: 3 }),
      remainder: null,
    });
    expect(await w.lifecycle.ship(s.id, [{ sku: 'A', quantity: 2 }])).toMatchObject({ shipment: { version: 3 } });
    await expect(w.lifecycle.ship(s.id, [{ sku: 'A', quantity: 1 }])).rejects.toMatchObject({
      code: 409,
      type: 'SHIPMENT_ALREADY_SHIPPED',
      data: { shipmentId: s.id, status: 'in_transit' },
    });
    expect(await eventsOf(w, o.orderId, 'shipment.shipped')).toHaveLength(1);
  });

  it_('a partial ship keeps the shipped units here and moves the rest to a new pending shipment in the same unit', async () => {
    const o = confirmedOrder({ A: { east: 5 }, B: { east: 2 } });
    const [s] = (await w.lifecycle.create(o.orderId, o.plan)).shipments;
    const { shipment, remainder } = await w.lifecycle.ship(s.id, [{ sku: 'A', quantity: 3 }]);
    expect(shipment.lines).toEqual([{ sku: 'A', quantity: 3 }]);
    expect(remainder).toMatchObject({ id: `${s.id}/1`, status: 'pending', parentId: s.id });
    expect(unitsBySku([remainder!])).toEqual({ A: 2, B: 2 });
    expect(remainder!.trackingNumber).toBeUndefined();
    expect(unitsBySku(await shipmentsOf(w, o.orderId))).toEqual({ A: 5, B: 2 });
    expect((await eventsOf(w, o.orderId, 'shipment.created')).map((e) => e.shipmentId)).toContain(`${s.id}/1`);
    await expect(w.lifecycle.ship(remainder!.id, [{ sku: 'A', quantity: 3 }])).rejects.toMatchObject({ code: 422 });
    expect(unitsBySku(await shipmentsOf(w, o.orderId))).toEqual({ A: 5, B: 2 });
  });

  it_('10 parallel partial ships of one shipment conserve its units exactly, and so do 10 more on its remainders', async () => {
    const o = confirmedOrder({ A: { east: 10 }, B: { east: 6 } });
    const [s] = (await w.lifecycle.create(o.orderId, o.plan)).shipments;
    const asks = Array.from({ length: 10 }, (_, i) => [
      { sku: 'A', quantity: 1 + (i % 9) },
      { sku: 'B', quantity: 1 + (i % 5) },
    ]);
    const first = await settle(asks.map((lines) => w.lifecycle.ship(s.id, lines)));
    expect(new Set(first.won.map((a) => a.shipment.version))).toEqual(new Set([3]));
    expect([...new Set(first.refused)]).toEqual(first.refused.length ? ['SHIPMENT_ALREADY_SHIPPED'] : []);
    expect(unitsBySku(await shipmentsOf(w, o.orderId))).toEqual({ A: 10, B: 6 });
    // Now ten ships of one unit each against whatever is pending, in parallel, until none is left.
    for (let round = 0; round < 10; round++) {
      const pending = (await shipmentsOf(w, o.orderId)).filter((x) => x.status === 'pending');
      if (!pending.length) break;
      const one = (p: (typeof pending)[number]) => [{ sku: p.lines[0].sku, quantity: 1 }];
      await settle(pending.flatMap((p) => Array.from({ length: 3 }, () => w.lifecycle.ship(p.id, one(p)))));
      expect(unitsBySku(await shipmentsOf(w, o.orderId))).toEqual({ A: 10, B: 6 });
    }
    const all = await shipmentsOf(w, o.orderId);
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
    for (const x of all) expect(x.id).toMatch(new RegExp(`^${o.orderId}:east(/\\d+)?$`));
    const shipped = await eventsOf(w, o.orderId, 'shipment.shipped');
    expect(shipped.map((e) => e.shipmentId).sort()).toEqual(
      all
        .filter((x) => x.status === 'in_transit')
        .map((x) => x.id)
        .sort(),
    );
  });

  it_('cancelForOrder cancels labels and shipments once, a late creation makes nothing, and reopen restores them', async () => {
    const o = confirmedOrder({ A: { east: 1, west: 1 } });
    const [east] = (await w.lifecycle.create(o.orderId, o.plan)).shipments;
    const labelled = await w.lifecycle.label(east.id);
    const answer = await w.cancel.cancelForOrder(o.orderId, 'customer changed their mind');
    expect(answer).toEqual({ orderId: o.orderId, cancelled: [`${o.orderId}:east`, `${o.orderId}:west`] });
    expect(w.carrier.cancelled).toContain(labelled.trackingNumber);
    expect(await guardOf(w, o.orderId)).toBe('cancelled');
    expect((await shipmentsOf(w, o.orderId)).map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    expect(await w.cancel.cancelForOrder(o.orderId)).toEqual(answer);
    const exceptions = await eventsOf(w, o.orderId, 'shipment.exception');
    expect(exceptions.map((e) => [e.status, e.seq]).sort()).toEqual([
      ['cancelled', 2],
      ['cancelled', 3],
    ]);
    expect(await w.lifecycle.create(o.orderId, o.plan)).toEqual({ shipments: [], skipped: true });
    await expect(w.lifecycle.ship(east.id)).rejects.toMatchObject({ code: 409, type: 'SHIPMENT_CANCELLED' });

    const reopened = await w.cancel.reopenForOrder(o.orderId, () => w.lifecycle.create(o.orderId, o.plan));
    expect(reopened.reopened).toEqual([`${o.orderId}:east`, `${o.orderId}:west`]);
    expect(await guardOf(w, o.orderId)).toBe('open');
    const back = await shipmentsOf(w, o.orderId);
    expect(back.map((s) => [s.status, s.trackingNumber, s.label])).toEqual([
      ['pending', undefined, undefined],
      ['pending', undefined, undefined],
    ]);
    expect((await w.lifecycle.ship(east.id)).shipment.status).toBe('in_transit');
  });

  it_(
    'a cancel before the CONFIRMED event leaves the guard cancelled: creation skips, reopen creates what it would',
    async () => {
      const o = confirmedOrder({ A: { east: 1 } });
      expect(await w.cancel.cancelForOrder(o.orderId)).toEqual({ orderId: o.orderId, cancelled: [] });
      expect(await w.lifecycle.create(o.orderId, o.plan)).toEqual({ shipments: [], skipped: true });
      expect(await shipmentsOf(w, o.orderId)).toEqual([]);
      await w.cancel.reopenForOrder(o.orderId, () => w.lifecycle.create(o.orderId, o.plan));
      expect((await shipmentsOf(w, o.orderId)).map((s) => s.status)).toEqual(['pending']);
    },
  );

  it_('an order that has shipped refuses the cancel with 409 ORDER_ALREADY_SHIPPED and keeps its shipments', async () => {
    const o = confirmedOrder({ A: { east: 1, west: 1 } });
    const [east] = (await w.lifecycle.create(o.orderId, o.plan)).shipments;
    await w.lifecycle.ship(east.id);
    await expect(w.cancel.cancelForOrder(o.orderId)).rejects.toMatchObject({
      code: 409,
      type: 'ORDER_ALREADY_SHIPPED',
      data: { orderId: o.orderId },
    });
    expect((await shipmentsOf(w, o.orderId)).map((s) => s.status)).toEqual(['in_transit', 'pending']);
    expect(await w.cancel.reopenForOrder(o.orderId, async () => undefined)).toEqual({ orderId: o.orderId, reopened: [] });
  });
});

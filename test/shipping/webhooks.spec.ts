import { deliver, eventsOf, nowS, report, seedShipment, sign, startShippingWorld, type ShippingWorld } from './webhooks.fixtures';

/**
 * `POST /api/shipping/webhooks/:carrier` on the real servers, through the gateway: what a signed
 * report changes, and that forged, unknown, malformed and replayed ones change nothing. The
 * sandbox schedule is slowed to a day here, so only these tests' reports move a shipment.
 */
let w: ShippingWorld;
beforeAll(async () => {
  w = await startShippingWorld({ SANDBOX_CARRIER_STEP_MS: '86400000' });
}, 60_000);
afterAll(() => w?.platform.stop());

type Failure = { type: string; message: string; fields?: { field: string }[] };
const failure = (res: { body: Record<string, unknown> }) => res.body.error as Failure;

/** Everything a webhook could have touched, to compare before and after a refused one. */
const footprint = async (shipmentId: string) => ({
  shipment: await w.col.shipments.get(shipmentId),
  receipts: await w.col.receipts.count(),
  events: await eventsOf(w, shipmentId),
});

describe('a signed report', () => {
  it('moves the shipment, keeps the raw code on the timeline and publishes the move', async () => {
    const s = await seedShipment(w);
    const at = Date.now();
    const res = await deliver(w, report(s.trackingNumber!, 'PU', at));
    expect([res.status, res.body]).toEqual([200, { received: true, duplicate: false, status: 'in_transit' }]);
    const after = (await w.col.shipments.get(s.id))!;
    expect(after).toMatchObject({ status: 'in_transit', shippedAt: at, version: 2 });
    expect(after.events).toEqual([
      { id: `sandbox:${s.trackingNumber}:PU:${at}`, status: 'in_transit', at, rawCode: 'PU', location: 'Berlin hub' },
    ]);
    expect(await eventsOf(w, s.id)).toEqual(['shipment.shipped']);
    expect((await deliver(w, report(s.trackingNumber!, 'FA'))).body).toMatchObject({ status: 'failed_attempt' });
    expect((await deliver(w, report(s.trackingNumber!, 'DL'))).body).toMatchObject({ status: 'delivered' });
    expect(await eventsOf(w, s.id)).toEqual(['shipment.shipped', 'shipment.exception', 'shipment.delivered']);
    const [exception] = await w.col.outbox.find({ filter: { 'payload.data.shipmentId': s.id, event: 'shipment.exception' } });
    expect(exception.payload.data).toMatchObject({
      status: 'failed_attempt',
      rawCode: 'FA',
      seq: 3,
      trackingNumber: s.trackingNumber,
    });
  });
});

describe('refused reports change nothing', () => {
  it('a forged, tampered, missing or stale signature answers 400', async () => {
    const s = await seedShipment(w);
    const body = report(s.trackingNumber!, 'DL');
    const before = await footprint(s.id);
    const cases: [string | null, RegExp][] = [
      [sign(w, body, nowS(), `shipsec_${'0'.repeat(48)}`), /Invalid/],
      [sign(w, { ...body, code: 'IT' }), /Invalid/],
      [null, /Invalid/],
      ['t=1,v1=abc', /Invalid/],
      [sign(w, body, nowS() - 3_600), /expired/],
    ];
    for (const [signature, message] of cases) {
      const res = await deliver(w, body, signature);
      expect([res.status, failure(res).type]).toEqual([400, 'INVALID_SIGNATURE']);
      expect(failure(res).message).toMatch(message);
      expect(res.text).not.toContain(w.secret);
    }
    expect(await footprint(s.id)).toEqual(before);
  });

  it('an unknown carrier or tracking number answers 404', async () => {
    const s = await seedShipment(w);
    const before = await footprint(s.id);
    const unknown = report('SBX999999999999', 'DL');
    expect((await deliver(w, unknown)).status).toBe(404);
    const elsewhere = report(s.trackingNumber!, 'DL');
    const res = await deliver(w, elsewhere, sign(w, elsewhere), 'acme');
    expect([res.status, failure(res).type]).toEqual([404, 'NOT_FOUND']);
    expect(await footprint(s.id)).toEqual(before);
  });

  it('a malformed body answers 422 naming the field; an oversized one is refused before it is read', async () => {
    const s = await seedShipment(w);
    const before = await footprint(s.id);
    const good = report(s.trackingNumber!, 'DL');
    const cases: [object, string][] = [
      [{ ...good, code: undefined }, 'code'],
      [{ ...good, extra: 1 }, 'extra'],
      [{ ...good, location: 'x'.repeat(201) }, 'location'],
      [{ ...good, at: 1.5 }, 'at'],
      [{ ...good, at: '1700000000000' }, 'at'],
      [{ ...good, status: 'cancelled' }, 'status'],
      [{ ...good, id: 'a b' }, 'id'],
      [{ ...good, code: 'ZZ' }, 'code'],
    ];
    for (const [body, field] of cases) {
      const clean = JSON.parse(JSON.stringify(body)) as object;
      const res = await deliver(w, clean);
      expect([res.status, failure(res).type]).toEqual([422, 'VALIDATION_ERROR']);
      expect(failure(res).fields!.map((d) => d.field)).toContain(field);
    }
    const huge = { ...good, location: 'x'.repeat(200_000) };
    const tooLarge = await w.http('POST', '/shipping/webhooks/sandbox', huge, {
      headers: { 'X-Sandbox-Signature': sign(w, huge) },
    });
    expect([tooLarge.status, failure(tooLarge).type]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await footprint(s.id)).toEqual(before);
  });
});

describe('replays and late reports', () => {
  it('20 parallel deliveries of one event: one applies, 19 answer duplicate; one entry, one event', async () => {
    const s = await seedShipment(w, { status: 'in_transit' });
    const body = report(s.trackingNumber!, 'DL');
    const signature = sign(w, body);
    const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(w, body, signature)));
    expect(await eventsOf(w, s.id)).toEqual(['shipment.delivered']);
    const after = (await w.col.shipments.get(s.id))!;
    expect(after.events.filter((e) => e.rawCode === 'DL')).toHaveLength(1);
    expect(after).toMatchObject({ status: 'delivered', version: 2 });
    expect(await w.col.receipts.count({ filter: { shipmentId: s.id } })).toBe(1);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.status))).toEqual(new Set(['delivered']));
    // Later, the same event again: still a duplicate, still nothing new.
    expect((await deliver(w, body)).body).toEqual({ received: true, duplicate: true, status: 'delivered' });
    expect((await w.col.shipments.get(s.id))!.version).toBe(2);
    // Past the retention period its receipt is purged; a replay then still changes nothing (the entry is on the timeline).
    await w.col.receipts.removeMany({ shipmentId: s.id });
    expect((await deliver(w, body)).body).toMatchObject({ status: 'delivered' });
    expect((await w.col.shipments.get(s.id))!.version).toBe(2);
    expect(await eventsOf(w, s.id)).toEqual(['shipment.delivered']);
  });

  it('an older report after delivery joins the timeline in time order but never lowers the status', async () => {
    const s = await seedShipment(w);
    const t = Date.now();
    expect((await deliver(w, report(s.trackingNumber!, 'DL', t))).body).toMatchObject({ status: 'delivered' });
    expect((await deliver(w, report(s.trackingNumber!, 'IT', t - 60_000))).body).toEqual({
      received: true,
      duplicate: false,
      status: 'delivered',
    });
    expect((await deliver(w, report(s.trackingNumber!, 'OD', t - 30_000))).body).toMatchObject({ status: 'delivered' });
    const after = (await w.col.shipments.get(s.id))!;
    expect(after.status).toBe('delivered');
    expect(after.events.map((e) => e.rawCode)).toEqual(['IT', 'OD', 'DL']);
    expect(await eventsOf(w, s.id)).toEqual(['shipment.delivered']);
  });

  it('the same report under another event id is one timeline entry (a carrier resending with a new id)', async () => {
    const s = await seedShipment(w, { status: 'in_transit' });
    const at = Date.now();
    await deliver(w, report(s.trackingNumber!, 'OD', at));
    const again = await deliver(w, report(s.trackingNumber!, 'OD', at));
    expect(again.body).toEqual({ received: true, duplicate: false, status: 'out_for_delivery' });
    const after = (await w.col.shipments.get(s.id))!;
    expect(after.events.map((e) => e.rawCode)).toEqual(['handed-over', 'OD']);
    expect(after.version).toBe(2);
  });
});

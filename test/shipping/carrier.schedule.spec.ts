import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { eventually } from '../support/eventually';
import { eventsOf, seedShipment, startShippingWorld, type ShippingWorld } from './webhooks.fixtures';

/**
 * The sandbox carrier's schedule on the real servers with two shipping nodes: each step leaves as
 * a signed HTTP POST through a recording relay in front of the gateway's public webhook route.
 * The relay shows every post (one per step, whichever node sends it) and can fail one, as a
 * network would.
 */
const STEP_MS = 300;
let w: ShippingWorld;
let relay: Server;
let target = '';
let failNext = 0;
const posts: { id: string; at: number }[] = [];

beforeAll(async () => {
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      posts.push({ id: (JSON.parse(body) as { id: string }).id, at: Date.now() });
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      const headers = { 'content-type': 'application/json', 'x-sandbox-signature': String(req.headers['x-sandbox-signature']) };
      fetch(target, { method: 'POST', headers, body })
        .then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/carrier-out`;
  w = await startShippingWorld({ SANDBOX_CARRIER_STEP_MS: String(STEP_MS), SANDBOX_CARRIER_WEBHOOK_URL: url });
  target = `${w.platform.api}/shipping/webhooks/sandbox`;
  await w.platform.addNode(['shipping'], `${w.platform.broker.nodeID}-ship2`);
}, 60_000);
afterAll(async () => {
  await w?.platform.stop();
  relay?.close();
});

const postsOf = (trackingNumber: string) => posts.filter((p) => p.id.startsWith(`sbx_${trackingNumber}_`));
const delivered = async (id: string) => {
  const s = await w.col.shipments.get(id);
  return s?.status === 'delivered' ? s : null;
};
/** The claim's promise: a step is sent again only after a whole step, never by two nodes at once. */
function expectOnePostPerStep(trackingNumber: string) {
  const byId = new Map<string, number[]>();
  for (const p of postsOf(trackingNumber)) byId.set(p.id, [...(byId.get(p.id) ?? []), p.at]);
  for (const times of byId.values())
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(STEP_MS - 50);
  return byId;
}

describe('the sandbox schedule', () => {
  it('drives shipped parcels to delivered through the public route, one post per step across two nodes', async () => {
    const plain = await seedShipment(w, { status: 'in_transit', endsIn: (d) => d !== '7' });
    const seven = await seedShipment(w, { status: 'in_transit', endsIn: (d) => d === '7' });
    const [a, b] = await Promise.all([
      eventually(() => delivered(plain.id), 15_000),
      eventually(() => delivered(seven.id), 15_000),
    ]);
    expect(a.events.map((e) => e.rawCode)).toEqual(['handed-over', 'OD', 'DL']);
    expect(b.events.map((e) => e.rawCode)).toEqual(['handed-over', 'OD', 'FA', 'DL']);
    expect(a.events[1]).toMatchObject({ status: 'out_for_delivery', location: expect.any(String) });
    expect([...expectOnePostPerStep(plain.trackingNumber!).keys()].sort()).toEqual(
      ['OD', 'DL'].map((c) => `sbx_${plain.trackingNumber}_${c}`).sort(),
    );
    expect(expectOnePostPerStep(seven.trackingNumber!).size).toBe(3);
    expect(await eventsOf(w, plain.id)).toEqual(['shipment.delivered']);
    expect(await eventsOf(w, seven.id)).toEqual(['shipment.exception', 'shipment.delivered']);
    // Each step was received once; the finished parcels hold no schedule row.
    expect(await w.col.receipts.count({ filter: { shipmentId: seven.id } })).toBe(3);
    await eventually(async () => (await w.col.steps.get(plain.id)) === null && (await w.col.steps.get(seven.id)) === null);
  });

  it('takes over a parcel the admin hands over (ship), and its outbox carries shipped then delivered', async () => {
    const s = await seedShipment(w, { endsIn: (d) => d !== '7' });
    await w.col.guards.insert({ id: s.orderId, state: 'open', updatedAt: Date.now() });
    await w.platform.broker.call('shipping.shipShipment', { id: s.id }, { meta: { user: SYSTEM_PRINCIPAL } });
    const done = await eventually(() => delivered(s.id), 15_000);
    expect(done.events.map((e) => e.rawCode)).toEqual(['handed-over', 'OD', 'DL']);
    expect(done.deliveredAt).toBeGreaterThan(done.shippedAt!);
    expect(await eventsOf(w, s.id)).toEqual(['shipment.shipped', 'shipment.delivered']);
  });

  it('a step the receiver did not take (a 503) is sent again a step later under the same id', async () => {
    const s = await seedShipment(w, { status: 'in_transit', endsIn: (d) => d !== '7' });
    failNext = 1;
    const done = await eventually(() => delivered(s.id), 15_000);
    expect(done.events.map((e) => e.rawCode)).toEqual(['handed-over', 'OD', 'DL']);
    const first = postsOf(s.trackingNumber!).filter((p) => p.id.endsWith('_OD'));
    expect(first.length).toBeGreaterThanOrEqual(2);
    expectOnePostPerStep(s.trackingNumber!);
  });

  it('a claim left by a node that died holds until it lapses, then another node sends the step', async () => {
    const shippedAt = Date.now() - 10 * STEP_MS;
    const s = await seedShipment(w, { status: 'in_transit', shippedAt, endsIn: (d) => d !== '7' });
    // As a node leaves it that claimed the step (moved dueAt) and was killed before posting.
    const dueAt = Date.now() + 3 * STEP_MS;
    await w.col.steps.insert({ id: s.id, dueAt });
    await eventually(() => delivered(s.id), 15_000);
    expect(Math.min(...postsOf(s.trackingNumber!).map((p) => p.at))).toBeGreaterThanOrEqual(dueAt);
  });
});

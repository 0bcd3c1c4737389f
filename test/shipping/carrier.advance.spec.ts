import type { SandboxWebhookBody } from '../../services/shipping/carriers/sandbox.carrier';
import { SandboxAdvancer } from '../../services/shipping/carriers/sandbox.advance';
import type { ShippingThis } from '../../services/shipping/shipping.methods';
import { seedShipment, startShippingWorld, type ShippingWorld } from './webhooks.fixtures';

/**
 * The sandbox advancer's pass on PostgreSQL, driven by hand: the service's own task is slowed to a
 * day here (it never runs during the test), and the posts are recorded instead of sent, so what
 * one pass claims and posts is exactly what this test sees.
 */
let w: ShippingWorld;
beforeAll(async () => {
  w = await startShippingWorld({ SANDBOX_CARRIER_STEP_MS: '86400000' });
}, 60_000);
afterAll(() => w?.platform.stop());

function advancer(posts: SandboxWebhookBody[], status = 200) {
  const svc = w.platform.broker.getLocalService('shipping') as unknown as ShippingThis;
  return new SandboxAdvancer({
    store: svc.store('shipments'),
    stepMs: 60_000,
    pageSize: 2,
    post: (body) => (posts.push(body), Promise.resolve(status)),
    warn: () => undefined,
  });
}

describe('a pass of the sandbox advancer', () => {
  it('reads every in-flight shipment page by page and posts each due step once; a second pass finds none due', async () => {
    const shippedAt = Date.now() - 120_000;
    const mine = await Promise.all(Array.from({ length: 5 }, () => seedShipment(w, { status: 'in_transit', shippedAt })));
    const numbers = new Set(mine.map((s) => s.trackingNumber));
    const posts: SandboxWebhookBody[] = [];
    const a = advancer(posts);
    await a.pass();
    const ours = posts.filter((p) => numbers.has(p.trackingNumber));
    expect(ours.map((p) => p.trackingNumber).sort()).toEqual([...numbers].sort());
    expect(new Set(ours.map((p) => p.code))).toEqual(new Set(['OD']));
    for (const s of mine) expect((await w.col.steps.get(s.id))!.dueAt).toBeGreaterThan(Date.now());
    posts.length = 0;
    await a.pass();
    await advancer(posts).pass();
    expect(posts.filter((p) => numbers.has(p.trackingNumber))).toEqual([]);
  });

  it('leaves a shipment not yet due alone, and never touches one that is not in flight', async () => {
    const fresh = await seedShipment(w, { status: 'in_transit' });
    const waiting = await seedShipment(w);
    const posts: SandboxWebhookBody[] = [];
    await advancer(posts).pass();
    expect(posts.map((p) => p.trackingNumber)).not.toContain(fresh.trackingNumber);
    expect(posts.map((p) => p.trackingNumber)).not.toContain(waiting.trackingNumber);
    expect((await w.col.steps.get(fresh.id))!.dueAt).toBe(fresh.shippedAt! + 60_000);
    expect(await w.col.steps.get(waiting.id)).toBeNull();
  });
});

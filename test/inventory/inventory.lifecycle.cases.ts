import type { Reservation } from '../../services/inventory/inventory.contract';
import {
  byWarehouse,
  eventually,
  levelsOf,
  movementsFor,
  rejection,
  receive,
  reserve,
  uniqueOrder,
  uniqueSku,
  type Cases,
} from './inventory.fixtures';

/** Expiring holds (by hand and on the timer) and low-stock events. */
export function lifecycleCases({ it_, world, lowStock }: Cases): void {
  it_('releases a lapsed hold once, even with sweeps racing, and records the release', async () => {
    const w = world();
    const sku = uniqueSku('LAPSE');
    await receive(w, sku, 'main', 5);
    const orderId = uniqueOrder();
    const held = await reserve(w, orderId, [{ sku, quantity: 4 }], Date.now() + 300);
    expect(held.status).toBe('active');
    expect(await w.system<number>('sweepExpired', {})).toBe(0);
    expect(byWarehouse(await levelsOf(w, sku)).main).toMatchObject({ reserved: 4, available: 1 });
    await new Promise((r) => setTimeout(r, Math.max(0, held.expiresAt - Date.now()) + 10));
    const swept = await Promise.all([w.system<number>('sweepExpired', {}), w.system<number>('sweepExpired', {})]);
    // The node's own sweeper may have got there first; whoever did, the hold ended once.
    expect(swept[0] + swept[1]).toBeLessThanOrEqual(1);
    const doc = await eventually(async () => {
      const r = await w.req('GET', `/inventory/orders/${orderId}/reservations`, { as: w.cast.support });
      return r.body.status === 'expired' && r.body;
    });
    expect(doc).toMatchObject({ orderId, status: 'expired' });
    expect(byWarehouse(await levelsOf(w, sku)).main).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    const moves = await movementsFor(w, orderId);
    expect(moves.map((m) => `${m.reason} ${m.reservedDelta} ${m.actor}`).sort()).toEqual([
      'release -4 system',
      'reservation 4 system',
    ]);
    expect((await rejection(w.system('commit', { orderId }))).type).toBe('RESERVATION_EXPIRED');
    expect(await w.system<Reservation>('release', { orderId })).toMatchObject({ status: 'expired' });
  });

  it_('the sweeper on its timer releases holds nobody swept by hand', async () => {
    const w = world();
    const sku = uniqueSku('TIMER');
    await receive(w, sku, 'main', 3);
    const orders = [uniqueOrder(), uniqueOrder(), uniqueOrder()];
    for (const o of orders) await reserve(w, o, [{ sku, quantity: 1 }], Date.now() + 150);
    await eventually(async () => (await levelsOf(w, sku)).available === 3, 5_000);
    const moves = await w.movements.find({ filter: { sku, reason: 'release' } });
    expect(moves.map((m) => m.ref).sort()).toEqual([...orders].sort());
  });

  it_('emits inventory.low-stock once when available crosses below the reorder point', async () => {
    const w = world();
    const [sku, busy] = [uniqueSku('LOW'), uniqueSku('BUSY')];
    await receive(w, sku, 'main', 10);
    await receive(w, busy, 'main', 10);
    for (const s of [sku, busy]) {
      const res = await w.req('PUT', `/inventory/${s}/warehouses/main/settings`, {
        as: w.cast.admin,
        body: { reorderPoint: 5 },
      });
      expect(res.body).toMatchObject({ sku: s, warehouse: 'main', reorderPoint: 5, priority: 0, available: 10 });
    }
    for (const q of [3, 2, 1, 1]) await reserve(w, uniqueOrder(), [{ sku, quantity: q }]); // 7, 5 (not below), 4 (crossed), 3
    // Around the threshold, under concurrency, still one event.
    await Promise.all(Array.from({ length: 8 }, () => reserve(w, uniqueOrder(), [{ sku: busy, quantity: 1 }])));
    const mine = async () => lowStock.filter((e) => [sku, busy].includes(e.data.sku));
    await eventually(async () => (await mine()).length >= 2);
    await new Promise((r) => setTimeout(r, 700)); // a duplicate would have been relayed by now
    expect((await mine()).map((e) => e.data).sort((x, y) => x.sku.localeCompare(y.sku))).toEqual(
      [
        { sku, warehouse: 'main', available: 4, reorderPoint: 5 },
        { sku: busy, warehouse: 'main', available: 4, reorderPoint: 5 },
      ].sort((x, y) => x.sku.localeCompare(y.sku)),
    );
    expect((await mine()).every((e) => e.event === 'inventory.low-stock' && e.source === 'inventory')).toBe(true);
  });
}

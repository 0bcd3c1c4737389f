import type { Movement } from '../../services/inventory/inventory.contract';
import { byWarehouse, levelsOf, receive, reserve, uniqueOrder, uniqueSku, type Cases } from './inventory.fixtures';

/** The staff routes over HTTP, and availability for carts and the saga. */
export function adminCases({ it_, world }: Cases): void {
  it_('admin routes: receipts, adjustments with a reason, settings, the movements ledger and reservations', async () => {
    const w = world();
    const { admin, support, customerA } = w.cast;
    const sku = uniqueSku('ADMIN');
    const receipt = { sku, warehouse: 'main', quantity: 10, ref: 'po-77' };
    const first = await w.req('POST', '/inventory/receipts', { as: admin, body: receipt });
    expect([first.status, first.body.available]).toEqual([201, 10]);
    expect((await w.req('POST', '/inventory/receipts', { as: admin, body: receipt })).body.available).toBe(10);
    expect((await w.req('POST', '/inventory/receipts', { as: customerA, body: receipt })).status).toBe(403);
    expect((await w.req('POST', '/inventory/receipts', { body: receipt })).status).toBe(401);

    // Movements list newest first; a pause between writes keeps their timestamps apart.
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const adjust = async (body: Record<string, unknown>) => {
      await tick();
      return w.req('POST', '/inventory/adjustments', { as: admin, body: { sku, warehouse: 'main', ...body } });
    };
    expect((await adjust({ delta: -3, reason: 'adjustment', note: 'broken in the warehouse' })).body).toMatchObject({
      available: 7,
    });
    expect((await adjust({ delta: 2, reason: 'return' })).body).toMatchObject({ available: 9 });
    const orderId = uniqueOrder();
    await tick();
    await reserve(w, orderId, [{ sku, quantity: 6 }]);
    const tooMuch = await adjust({ delta: -4, reason: 'adjustment' });
    expect([tooMuch.status, tooMuch.body.error.type]).toEqual([409, 'INSUFFICIENT_STOCK']);
    expect((await adjust({ delta: 0, reason: 'adjustment' })).status).toBe(422);
    expect((await adjust({ delta: 1, reason: 'sale' })).status).toBe(422);
    expect((await adjust({ delta: 1, reason: 'return', warehouse: 'nowhere' })).status).toBe(404);
    expect(byWarehouse(await levelsOf(w, sku)).main).toEqual({ warehouse: 'main', onHand: 9, reserved: 6, available: 3 });

    const page = await w.req('GET', `/inventory/${sku}/movements?pageSize=2`, { as: support });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    const rows = page.body.rows as Movement[];
    expect(rows.map((m) => `${m.reason} ${m.onHandDelta} ${m.reservedDelta}`)).toEqual(['reservation 0 6', 'return 2 0']);
    expect(rows[1]).toMatchObject({ actor: admin.id, ref: admin.id });
    const second = await w.req('GET', `/inventory/${sku}/movements?pageSize=2&page=2`, { as: admin });
    expect((second.body.rows as Movement[]).map((m) => m.reason)).toEqual(['adjustment', 'receipt']);
    expect(second.body.rows).toContainEqual(
      expect.objectContaining({ reason: 'adjustment', note: 'broken in the warehouse', onHandDelta: -3 }),
    );
    expect((await w.req('GET', `/inventory/${sku}/movements`, { as: customerA })).status).toBe(403);

    const settings = (body: unknown, wh = 'main') =>
      w.req('PUT', `/inventory/${sku}/warehouses/${wh}/settings`, { as: admin, body });
    expect((await settings({ reorderPoint: 2, priority: 3 })).body).toMatchObject({ reorderPoint: 2, priority: 3 });
    expect((await settings({})).status).toBe(422);
    expect((await settings({ priority: 1 }, 'nowhere')).status).toBe(404);
    expect(
      (await w.req('PUT', `/inventory/${sku}/warehouses/main/settings`, { as: support, body: { priority: 1 } })).status,
    ).toBe(403);

    const held = await w.req('GET', `/inventory/orders/${orderId}/reservations`, { as: support });
    expect(held.body).toMatchObject({
      orderId,
      status: 'active',
      lines: [{ sku, quantity: 6, allocations: [{ warehouse: 'main', quantity: 6 }] }],
    });
    expect((await w.req('GET', `/inventory/orders/${orderId}/reservations`, { as: customerA })).status).toBe(403);
    expect((await w.req('GET', `/inventory/orders/${uniqueOrder()}/reservations`, { as: admin })).status).toBe(404);
    // No catalog product has this SKU: the public gets 404, staff the levels.
    expect((await w.req('GET', `/inventory/${sku}`)).status).toBe(404);
    const pub = await w.req('GET', `/inventory/${sku}`, { as: support });
    expect(pub.body).toEqual({ sku, available: 3, warehouses: [{ warehouse: 'main', onHand: 9, reserved: 6, available: 3 }] });
  });

  it_('availability sums warehouses for the carts and saga, 0 for unknown SKUs', async () => {
    const w = world();
    const sku = uniqueSku('AVAIL');
    await receive(w, sku, 'east', 4);
    await receive(w, sku, 'west', 5);
    await reserve(w, uniqueOrder(), [{ sku, quantity: 2 }]);
    const unknown = uniqueSku('GHOST');
    expect(await w.system('availability', { skus: [sku, unknown] })).toEqual({ [sku]: 7, [unknown]: 0 });
  });
}

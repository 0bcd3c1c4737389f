import { randomBytes } from 'node:crypto';
import type { Errors } from 'moleculer';
import type { Collection } from '../../mixins/store/store.types';
import { startPlatform, type Platform } from '../../test/support/platform';
import type { Movement, ReservationDoc, SkuLevels, StockRecord } from './inventory.contract';
import type { Restock } from './inventory.restock.actions';

type RestockModule = typeof import('./inventory.restock.actions');

const tag = () => randomBytes(3).toString('hex').toUpperCase();
const sold: ReservationDoc = {
  id: 'order-1',
  status: 'committed',
  lines: [
    { sku: 'SKU-B', quantity: 3, allocations: [{ warehouse: 'main', quantity: 3 }] },
    {
      sku: 'SKU-A',
      quantity: 5,
      allocations: [
        { warehouse: 'west', quantity: 2 },
        { warehouse: 'east', quantity: 3 },
      ],
    },
  ],
  expiresAt: 10,
  createdAt: 1,
  updatedAt: 2,
};

describe('inventory.restock', () => {
  let platform: Platform;
  let mod: RestockModule;
  let movements: Collection<Movement>;
  let stock: Collection<StockRecord>;
  let system: <T>(action: string, params: unknown) => Promise<T>;

  beforeAll(async () => {
    platform = await startPlatform(['inventory']);
    mod = await import('./inventory.restock.actions');
    const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
    const svc = platform.broker.getLocalService('inventory') as unknown as { store(n: string): { collection<T>(c: string): T } };
    movements = svc.store('inventory').collection<Collection<Movement>>('movements');
    stock = svc.store('inventory').collection<Collection<StockRecord>>('stock');
    system = <T>(action: string, params: unknown) =>
      platform.broker.call<T, unknown>(`inventory.${action}`, params, { meta: { user: SYSTEM_PRINCIPAL } });
  });
  afterAll(() => platform?.stop());

  const rejection = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as Errors.MoleculerError;
    }
    throw new Error('expected a refusal');
  };

  /** Stock of `sku` in `warehouse`, an order of `quantity` of it reserved and (optionally) sold. */
  async function order(quantity: number, sell: boolean) {
    const sku = `RS-${tag()}`;
    const orderId = `order-${tag()}`;
    await system('receive', { sku, warehouse: 'main', quantity: 10, ref: `po-${sku}` });
    await system('reserve', { orderId, lines: [{ sku, quantity }] });
    if (sell) await system('commit', { orderId });
    return { sku, orderId };
  }
  const onHand = async (sku: string) => (await system<SkuLevels>('levels', { sku })).warehouses[0];

  it('plans each sold unit back where it was sold from, with a return movement whose id derives from the order', () => {
    const ops = mod.restockUnit(sold, 'system', 5);
    const updates = ops.filter((o) => o.op === 'update');
    expect(updates.map((o) => (o as { id: string }).id)).toEqual(['SKU-A#east', 'SKU-A#west', 'SKU-B#main']);
    expect(updates.map((o) => (o as { change: unknown }).change)).toEqual(
      [3, 2, 3].map((n) => ({ $inc: { onHand: n }, $set: { updatedAt: 5 } })),
    );
    const docs = ops.flatMap((o) => (o.op === 'insert' ? [o.doc as Movement] : []));
    expect(docs.map((m) => [m.id, m.reason, m.onHandDelta, m.reservedDelta, m.ref])).toEqual([
      ['return#order-1#SKU-A#east', 'return', 3, 0, 'order-1'],
      ['return#order-1#SKU-A#west', 'return', 2, 0, 'order-1'],
      ['return#order-1#SKU-B#main', 'return', 3, 0, 'order-1'],
    ]);
    expect(mod.restockUnit(sold, 'someone', 9).flatMap((o) => (o.op === 'insert' ? [o.doc.id] : []))).toEqual(
      docs.map((m) => m.id),
    );
  });

  it('puts a sold order back on hand once, however often and concurrently it is asked', async () => {
    const { sku, orderId } = await order(4, true);
    expect(await onHand(sku)).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => system<Restock>('restock', { orderId })));
    const again = await system<Restock>('restock', { orderId });
    for (const a of [...answers, again]) expect(a).toEqual({ orderId, lines: [{ sku, warehouse: 'main', quantity: 4 }] });
    expect(await onHand(sku)).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    const returns = await movements.find({ filter: { ref: orderId, reason: 'return' } });
    expect(returns).toHaveLength(1);
    expect(returns[0]).toMatchObject({ sku, onHandDelta: 4, reservedDelta: 0, actor: 'system' });
    // The ledger still explains the stock row.
    const all = await movements.find({ filter: { sku } });
    const row = (await stock.find({ filter: { sku } }))[0];
    expect(all.reduce((n, m) => n + m.onHandDelta, 0)).toBe(row.onHand);
    expect(all.reduce((n, m) => n + m.reservedDelta, 0)).toBe(row.reserved);
  });

  it('refuses an order that sold nothing (held or released) and answers 404 for an unknown order', async () => {
    const held = await order(2, false);
    expect(await rejection(system('restock', { orderId: held.orderId }))).toMatchObject({
      code: 409,
      type: 'RESERVATION_NOT_COMMITTED',
    });
    await system('release', { orderId: held.orderId });
    expect(await rejection(system('restock', { orderId: held.orderId }))).toMatchObject({
      code: 409,
      type: 'RESERVATION_NOT_COMMITTED',
    });
    expect(await onHand(held.sku)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await rejection(system('restock', { orderId: `nope-${tag()}` }))).toMatchObject({ code: 404 });
    expect(await rejection(system('restock', { orderId: held.orderId, extra: 1 }))).toMatchObject({ code: 422 });
  });
});

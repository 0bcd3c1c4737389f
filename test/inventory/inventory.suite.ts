import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { LowStock, Reservation, SkuLevels } from '../../services/inventory/inventory.contract';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import { adminCases } from './inventory.admin.cases';
import {
  allocationsOf,
  byWarehouse,
  levelsOf,
  movementsFor,
  rejection,
  receive,
  reserve,
  setPriority,
  uniqueOrder,
  uniqueSku,
  expectLedgerMatchesStock,
  startWorld,
  type World,
} from './inventory.fixtures';
import { lifecycleCases } from './inventory.lifecycle.cases';

/** The inventory behaviour, the same on every engine the inventory store can be configured for. */
export function inventorySuite(engine: ServiceEngine): void {
  describe(`inventory on ${engine.label}`, () => {
    let w: World;
    const lowStock: EventEnvelope<LowStock>[] = [];
    const { it_, ready: isReady } = onEngine(engine, async (env) => {
      w = await startWorld(env);
      w.platform.broker.createService({
        name: 'low-stock-probe',
        events: { 'inventory.low-stock': (ctx: { params: EventEnvelope<LowStock> }) => void lowStock.push(ctx.params) },
      });
      await w.platform.broker.waitForServices(['low-stock-probe']);
      return w;
    });
    // After every case, whatever it did: each stock row equals its ledger replayed.
    afterEach(async () => {
      if (isReady()) await expectLedgerMatchesStock(w);
    });

    it_(
      '200 concurrent reservations of one unit against a stock of 50: exactly 50 hold, available never below zero',
      async () => {
        const sku = uniqueSku('RUSH');
        await receive(w, sku, 'main', 50);
        let sampling = true;
        const samples: SkuLevels[] = [];
        const sampler = (async () => {
          while (sampling) {
            samples.push(await levelsOf(w, sku));
            await new Promise((r) => setTimeout(r, 5));
          }
        })();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 200 }, (_, i) => reserve(w, uniqueOrder(`rush${i}`), [{ sku, quantity: 1 }])),
        );
        sampling = false;
        await sampler;
        const ok = outcomes.filter((o) => o.status === 'fulfilled');
        const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as { type: string; code: number }] : []));
        expect(ok).toHaveLength(50);
        expect(refused).toHaveLength(150);
        expect(new Set(refused.map((e) => `${e.code} ${e.type}`))).toEqual(new Set(['409 INSUFFICIENT_STOCK']));
        expect(samples.length).toBeGreaterThan(5);
        for (const s of samples) for (const l of s.warehouses) expect(l.available).toBeGreaterThanOrEqual(0);
        expect(byWarehouse(await levelsOf(w, sku)).main).toEqual({ warehouse: 'main', onHand: 50, reserved: 50, available: 0 });
        const ledger = await w.movements.find({ filter: { sku } });
        expect(ledger.filter((m) => m.reason === 'reservation')).toHaveLength(50);
        // The first test of the suite: these are all the reservations there are.
        expect(await w.store.collection('reservations').count({ filter: { status: 'active' } })).toBe(50);
      },
      60_000,
    );

    it_('allocates from one warehouse by priority, the fewest warehouses per order, and splits only when it must', async () => {
      const [a, b, c] = [uniqueSku('ALPHA'), uniqueSku('BETA'), uniqueSku('GAMMA')];
      for (const [sku, wh, n] of [
        [a, 'east', 10],
        [a, 'west', 10],
        [b, 'east', 10],
        [c, 'east', 3],
        [c, 'west', 4],
      ] as const)
        await receive(w, sku, wh, n);
      await setPriority(w, a, 'east', 2);
      await setPriority(w, a, 'west', 1);

      expect(allocationsOf(await reserve(w, uniqueOrder(), [{ sku: a, quantity: 5 }]))).toEqual({ [a]: ['west:5'] });
      // "west" ranks better for A, but only "east" also holds B: one warehouse ships the whole order.
      const both = await reserve(w, uniqueOrder(), [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 2 },
      ]);
      expect(allocationsOf(both)).toEqual({ [a]: ['east:2'], [b]: ['east:2'] });
      const split = await reserve(w, uniqueOrder(), [{ sku: c, quantity: 6 }]);
      expect(allocationsOf(split)).toEqual({ [c]: ['west:4', 'east:2'] });
      expect(await levelsOf(w, c)).toMatchObject({ available: 1 });
      const moves = await movementsFor(w, split.orderId);
      expect(moves.map((m) => `${m.reason} ${m.warehouse} ${m.reservedDelta}`).sort()).toEqual([
        'reservation east 2',
        'reservation west 4',
      ]);
    });

    it_('is all or nothing: a short second line leaves the first line untouched and records nothing', async () => {
      const [plenty, scarce] = [uniqueSku('PLENTY'), uniqueSku('SCARCE')];
      await receive(w, plenty, 'main', 10);
      await receive(w, scarce, 'main', 1);
      const orderId = uniqueOrder();
      const err = await rejection(
        reserve(w, orderId, [
          { sku: plenty, quantity: 5 },
          { sku: scarce, quantity: 2 },
        ]),
      );
      expect({ code: err.code, type: err.type, data: err.data }).toEqual({
        code: 409,
        type: 'INSUFFICIENT_STOCK',
        data: { lines: [{ sku: scarce, requested: 2, available: 1 }] },
      });
      expect(byWarehouse(await levelsOf(w, plenty)).main).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
      expect(await w.store.collection('reservations').get(orderId)).toBeNull();
      expect(await movementsFor(w, orderId)).toEqual([]);
      const missing = await rejection(reserve(w, uniqueOrder(), [{ sku: uniqueSku('NOPE'), quantity: 1 }]));
      expect(missing.type).toBe('INSUFFICIENT_STOCK');
    });

    it_('reserve, release and commit are idempotent; the opposite end after one is a 409', async () => {
      const sku = uniqueSku('IDEM');
      await receive(w, sku, 'main', 10);
      const [o1, o2] = [uniqueOrder(), uniqueOrder()];
      const first = await reserve(w, o1, [{ sku, quantity: 3 }]);
      expect(await reserve(w, o1, [{ sku, quantity: 3 }])).toEqual(first);
      expect((await rejection(reserve(w, o1, [{ sku, quantity: 4 }]))).type).toBe('RESERVATION_MISMATCH');
      await reserve(w, o2, [{ sku, quantity: 2 }]);
      expect(byWarehouse(await levelsOf(w, sku)).main).toMatchObject({ onHand: 10, reserved: 5 });

      const released = await w.system<Reservation>('release', { orderId: o1, reason: 'payment failed' });
      expect(released.status).toBe('released');
      expect(await w.system('release', { orderId: o1 })).toEqual(released);
      const committed = await w.system<Reservation>('commit', { orderId: o2 });
      expect(committed.status).toBe('committed');
      expect(await w.system('commit', { orderId: o2 })).toEqual(committed);
      expect(byWarehouse(await levelsOf(w, sku)).main).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
      expect((await movementsFor(w, o1)).map((m) => m.reason).sort()).toEqual(['release', 'reservation']);
      expect((await movementsFor(w, o2)).map((m) => `${m.reason} ${m.onHandDelta} ${m.reservedDelta}`).sort()).toEqual([
        'reservation 0 2',
        'sale -2 -2',
      ]);

      const afterCommit = await rejection(w.system('release', { orderId: o2 }));
      expect([afterCommit.code, afterCommit.type]).toEqual([409, 'RESERVATION_COMMITTED']);
      const afterRelease = await rejection(w.system('commit', { orderId: o1 }));
      expect([afterRelease.code, afterRelease.type]).toEqual([409, 'RESERVATION_RELEASED']);
      expect((await rejection(w.system('commit', { orderId: uniqueOrder() }))).code).toBe(404);

      // The same order sent three times at once, for exactly the stock left: one hold, answered to all three.
      const o3 = uniqueOrder();
      const lines = [{ sku, quantity: 8 }];
      const same = await Promise.all([reserve(w, o3, lines), reserve(w, o3, lines), reserve(w, o3, lines)]);
      expect(same[1]).toEqual(same[0]);
      expect(same[2]).toEqual(same[0]);
      expect(await movementsFor(w, o3)).toHaveLength(1);
    });

    it_('of a concurrent release and commit exactly one applies', async () => {
      const sku = uniqueSku('RACE');
      await receive(w, sku, 'main', 20);
      for (let i = 0; i < 5; i++) {
        const orderId = uniqueOrder();
        await reserve(w, orderId, [{ sku, quantity: 2 }]);
        const [r, c] = await Promise.allSettled([w.system('release', { orderId }), w.system('commit', { orderId })]);
        expect([r.status, c.status].sort()).toEqual(['fulfilled', 'rejected']);
        expect(await movementsFor(w, orderId)).toHaveLength(2);
      }
    });

    it_(
      'an order of 50 lines is one unit: it fits on PostgreSQL; on DynamoDB (100 writes a unit) it is refused whole',
      async () => {
        const skus = Array.from({ length: 50 }, (_, i) => uniqueSku(`WIDE${i}`));
        await Promise.all(skus.map((sku) => receive(w, sku, 'main', 2)));
        const orderId = uniqueOrder();
        const attempt = reserve(
          w,
          orderId,
          skus.map((sku) => ({ sku, quantity: 1 })),
        );
        if (w.store.engine === 'dynamodb') {
          const err = await rejection(attempt);
          // 1 reservation + 50 stock rows + 50 movements + 1 stock-changed outbox row = 102 writes.
          expect({ code: err.code, type: err.type, data: err.data }).toEqual({
            code: 409,
            type: 'UNIT_TOO_LARGE',
            data: { writes: 102, max: 100 },
          });
          expect(await movementsFor(w, orderId)).toEqual([]);
        } else {
          expect((await attempt).lines).toHaveLength(50);
          expect(await movementsFor(w, orderId)).toHaveLength(50);
        }
        // 49 single-warehouse lines (100 writes with the event) fit a unit on every engine.
        const narrower = skus.slice(0, 49).map((sku) => ({ sku, quantity: 1 }));
        expect(await reserve(w, uniqueOrder(), narrower)).toMatchObject({ status: 'active' });
      },
    );

    lifecycleCases({ it_, world: () => w, lowStock });
    adminCases({ it_, world: () => w, lowStock });
  });
}

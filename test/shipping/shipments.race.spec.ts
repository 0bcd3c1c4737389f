import { dynamoHarness } from '../support/harness.dynamodb';
import { mongoHarness } from '../support/harness.mongo';
import { postgresServerHarness } from '../support/harness.postgres';
import type { EngineHarness } from '../support/engine-harness';
import { confirmedOrder, guardOf, settle, shipmentsOf, onShipmentsStore, type ShipmentsWorld } from './shipments.world';

/**
 * Ship and cancel of one order are exclusive on the PostgreSQL server (the shipments store's
 * production engine) and on the engines STORE_SHIPMENTS may move it to: the ship unit's first op
 * moves the fulfilment guard `open|shipping → shipping`, the cancel's one write moves it
 * `open|absent → cancelled`, and the guard row serialises them. Without the ship's guard op this
 * test fails: a cancel answers success while parcels are already with the carrier.
 */
describe.each([postgresServerHarness(), dynamoHarness(), mongoHarness()].map((h) => [h.label, h] as const))(
  'ship against cancelForOrder on %s',
  (_label, harness: EngineHarness) => {
    let w: ShipmentsWorld;
    const it_ = onShipmentsStore(harness, (world) => (w = world));

    const ROUNDS = 12;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    it_(
      '20 parallel ships and cancels of one order: either shipped and every cancel refused, or cancelled and every ship refused',
      async () => {
        const outcomes = new Set<string>();
        for (let round = 0; round < ROUNDS; round++) {
          const o = confirmedOrder({ A: { east: 3, west: 2 }, B: { east: 1 } });
          const shipments = (await w.lifecycle.create(o.orderId, o.plan)).shipments;
          // Half the rounds buy the labels first, so ships go straight to the guard write; the rest buy them racing.
          if (round % 2) await Promise.all(shipments.map((s) => w.lifecycle.label(s.id)));
          const calls = Array.from({ length: 20 }, (_, i) => {
            // A ship reads more before its unit than a cancel does: half the rounds hold the cancels back a
            // few milliseconds, so both outcomes happen.
            const cancelSlot = (i + round) % 4 === 0;
            const holdBack = round % 4 < 2 ? 0 : 5 + (i % 10);
            if (cancelSlot)
              return sleep(holdBack)
                .then(() => w.cancel.cancelForOrder(o.orderId))
                .then(() => 'cancel');
            const s = shipments[i % shipments.length];
            const partial = i % 3 === 0 ? [{ sku: s.lines[0].sku, quantity: 1 }] : undefined;
            return w.lifecycle.ship(s.id, partial).then(() => 'ship');
          });
          const { won, refused } = await settle(calls);
          const after = await shipmentsOf(w, o.orderId);
          const guard = await guardOf(w, o.orderId);
          const handed = after.filter((s) => s.status === 'in_transit');
          const stopped = after.filter((s) => s.status === 'cancelled');
          if (won.includes('cancel')) {
            outcomes.add('cancelled');
            expect(won.filter((x) => x === 'ship')).toEqual([]);
            expect(guard).toBe('cancelled');
            expect(handed).toEqual([]);
            expect(stopped).toHaveLength(after.length);
            expect(new Set(refused).size).toBeGreaterThan(0);
            for (const type of refused) expect(['ORDER_CANCELLED', 'SHIPMENT_CANCELLED']).toContain(type);
          } else {
            outcomes.add('shipped');
            expect(guard).toBe('shipping');
            expect(handed.length).toBeGreaterThan(0);
            expect(stopped).toEqual([]);
            expect(refused).toContain('ORDER_ALREADY_SHIPPED');
            for (const type of refused) expect(['ORDER_ALREADY_SHIPPED', 'SHIPMENT_ALREADY_SHIPPED']).toContain(type);
          }
        }
        // Not a guarantee of the scheduler, only of this test's reach: say which outcomes it saw.
        console.info(`ship vs cancel outcomes over ${ROUNDS} rounds: ${[...outcomes].join(', ')}`);
      },
      120_000,
    );
  },
);

import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { StockChanged } from '../../services/search/search.contract';
import { eventProblems } from '../../services/events.catalog';
import { onEngine } from '../support/service-engines';
import { postgresEngine } from '../support/service-engines';
import { levelsOf, receive, reserve, startWorld, uniqueOrder, uniqueSku, type World } from './inventory.fixtures';

/**
 * `inventory.stock-changed`: one outbox row per unit that changes on-hand or reserved units, written
 * in that unit, published as one event per record it changed, carrying the record's figures and
 * version as relayed. A consumer keeping the highest version ends on the record as stored.
 */
describe('inventory.stock-changed', () => {
  let w: World;
  const seen: EventEnvelope<StockChanged>[] = [];
  const { it_ } = onEngine(postgresEngine('inventory'), async (env) => {
    w = await startWorld(env);
    w.platform.broker.createService({
      name: 'stock-changed-probe',
      events: { 'inventory.stock-changed': (ctx: { params: EventEnvelope<StockChanged> }) => void seen.push(ctx.params) },
    });
    await w.platform.broker.waitForServices(['stock-changed-probe']);
    return w;
  });

  const outboxOf = async (sku: string) =>
    (await w.store.collection<OutboxRow>('outbox').find({ filter: { event: 'inventory.stock-changed' } })).filter((r) =>
      (r.payload.data as { records: { sku: string }[] }).records.some((x) => x.sku === sku),
    );
  const eventsOf = (sku: string) => seen.filter((e) => e.data.sku === sku);
  async function relayed(sku: string, count: number): Promise<EventEnvelope<StockChanged>[]> {
    const deadline = Date.now() + 10_000;
    while (eventsOf(sku).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return eventsOf(sku);
  }
  /** What a version-guarded consumer ends with: the figures of the highest version seen. */
  const newest = (events: EventEnvelope<StockChanged>[]) =>
    events.reduce((a, b) => (b.data.version > a.data.version ? b : a)).data;

  it_(
    'each change to on-hand or reserved units writes one event in its unit: receipts, adjustment, reserve, release, sale, expiry',
    async () => {
      const sku = uniqueSku('EVT');
      await receive(w, sku, 'main', 10); // inserts the record
      await receive(w, sku, 'main', 5, 'po-second'); // updates it
      await receive(w, sku, 'main', 5, 'po-second'); // the same receipt again: no change, no event
      const adjusted = await w.req('POST', '/inventory/adjustments', {
        as: w.cast.admin,
        body: { sku, warehouse: 'main', delta: -2, reason: 'adjustment' },
      });
      expect(adjusted.status).toBe(201);
      const [a, b, c] = [uniqueOrder(), uniqueOrder(), uniqueOrder()];
      await reserve(w, a, [{ sku, quantity: 3 }]);
      await w.system('release', { orderId: a });
      await reserve(w, b, [{ sku, quantity: 2 }]);
      await w.system('commit', { orderId: b });
      await reserve(w, c, [{ sku, quantity: 1 }], Date.now() + 300);
      await new Promise((r) => setTimeout(r, 400));
      await w.system('sweepExpired', {});
      await w.system('release', { orderId: a }).catch(() => undefined); // already released: no change, no event

      const changes = 9; // 2 receipts, 1 adjustment, 3 reservations, 1 release, 1 sale, 1 expiry
      expect(await outboxOf(sku)).toHaveLength(changes);
      const events = await relayed(sku, changes);
      expect(events).toHaveLength(changes);
      expect(new Set(events.map((e) => e.id)).size).toBe(changes);
      expect(events.flatMap(eventProblems)).toEqual([]);
      const record = (await w.stock.find({ filter: { sku } }))[0];
      expect(newest(events)).toEqual({ sku, warehouse: 'main', onHand: 11, reserved: 0, available: 11, version: record.version });
      expect((await levelsOf(w, sku)).warehouses[0]).toMatchObject({ onHand: 11, reserved: 0, available: 11 });
    },
  );

  it_('a reservation across warehouses is one outbox row and one event per record', async () => {
    const sku = uniqueSku('SPLIT');
    await receive(w, sku, 'east', 2);
    await receive(w, sku, 'west', 2);
    const before = (await outboxOf(sku)).length;
    await reserve(w, uniqueOrder(), [{ sku, quantity: 4 }]);
    expect((await outboxOf(sku)).length - before).toBe(1);
    const events = await relayed(sku, 4);
    const last = events.slice(2).map((e) => e.data);
    expect(last.map((d) => d.warehouse).sort()).toEqual(['east', 'west']);
    for (const d of last) expect(d).toMatchObject({ onHand: 2, reserved: 2, available: 0 });
  });

  it_('40 concurrent reservations: one event per reservation that held, and the newest equals the record', async () => {
    const sku = uniqueSku('CROWD');
    await receive(w, sku, 'main', 25);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, () => reserve(w, uniqueOrder(), [{ sku, quantity: 1 }])),
    );
    const held = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(held).toBe(25);
    expect(await outboxOf(sku)).toHaveLength(1 + held);
    const events = await relayed(sku, 1 + held);
    expect(events).toHaveLength(1 + held);
    const record = (await w.stock.find({ filter: { sku } }))[0];
    expect(newest(events)).toEqual({ sku, warehouse: 'main', onHand: 25, reserved: 25, available: 0, version: record.version });
  });
});

import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Collection, Doc, Store } from '../../mixins/store/store.types';
import { checkMoleculerDbActions } from './moleculer-db.contract';
import { scanContract } from './store.contract.scan';
import { contractSchema, type StockDoc } from './contract.schema';
import { requireOrSkip, type EngineHarness } from '../support/engine-harness';

let counter = 0;
const uid = (p: string) => `${p}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
const stockDoc = (over: Partial<StockDoc> = {}): StockDoc => ({
  id: uid('s'),
  sku: uid('sku'),
  warehouse: 'w1',
  available: 5,
  ...over,
});

/** The one suite every engine must pass with identical results. */
export function storeContract(harness: EngineHarness): void {
  describe(`store contract: ${harness.label}`, () => {
    let ready = false;
    let store: Store;
    let stock: Collection<StockDoc>;
    let holds: Collection<Doc>;

    beforeAll(async () => {
      ready = requireOrSkip(await harness.setup(), harness.label);
      if (!ready) return;
      store = await harness.createStore('contract', contractSchema);
      stock = store.collection<StockDoc>('stock');
      holds = store.collection('holds');
    }, 120_000);
    afterAll(async () => {
      if (ready) await store.disconnect();
      await harness.teardown();
    }, 60_000);
    const it_ = (name: string, fn: () => Promise<void>, timeout?: number) =>
      it(name, async () => (ready ? fn() : undefined), timeout);

    it_('round-trips every field type and omits absent fields', async () => {
      const meta = { tags: ['a', 'b'], dims: { w: 3, h: 4 }, note: 'ünï' };
      const doc = stockDoc({ active: false, meta, updatedAt: 1_700_000_000_123, available: 2 ** 40 });
      expect(await stock.insert(doc)).toEqual({ ...doc, version: 1 });
      expect(await stock.get(doc.id)).toEqual({ ...doc, version: 1 });
      const bare = await stock.insert(stockDoc());
      expect(Object.keys((await stock.get(bare.id))!).sort()).toEqual(['available', 'id', 'sku', 'version', 'warehouse']);
      expect(await stock.get('missing')).toBeNull();
      // Ids straight from a URL: odd ones find nothing rather than fail (PostgreSQL text cannot even hold NUL).
      for (const odd of ['\u0000', 'a\u0000b', '\u202e\ud83d\ude00', "' OR '1'='1"]) expect(await stock.get(odd)).toBeNull();
    });

    it_('finds with filters, dotted json paths, search, sort and paging', async () => {
      const w = uid('wh');
      const docs = [1, 2, 3, 4, 5].map((n) =>
        stockDoc({
          warehouse: w,
          available: n,
          note: n % 2 ? `Odd Item ${n}` : undefined,
          meta: { color: n > 3 ? 'red' : 'blue' },
        }),
      );
      await stock.insertMany(docs);
      const ids = (rows: StockDoc[]) => rows.map((r) => r.available);
      expect(ids(await stock.find({ filter: { warehouse: w }, sort: ['-available'] }))).toEqual([5, 4, 3, 2, 1]);
      expect(ids(await stock.find({ filter: { warehouse: w, available: { $gte: 2, $lt: 5 } }, sort: ['available'] }))).toEqual([
        2, 3, 4,
      ]);
      expect(ids(await stock.find({ filter: { warehouse: w, available: { $in: [1, 5, 9] } }, sort: ['available'] }))).toEqual([
        1, 5,
      ]);
      expect(ids(await stock.find({ filter: { warehouse: w, note: { $exists: false } }, sort: ['available'] }))).toEqual([2, 4]);
      expect(ids(await stock.find({ filter: { warehouse: w, note: null }, sort: ['available'] }))).toEqual([2, 4]);
      expect(ids(await stock.find({ filter: { warehouse: w, 'meta.color': 'red' }, sort: ['available'] }))).toEqual([4, 5]);
      expect(
        ids(await stock.find({ filter: { warehouse: w, available: { $ne: 3 } }, sort: ['available'], offset: 1, limit: 2 })),
      ).toEqual([2, 4]);
      expect(
        ids(await stock.find({ filter: { warehouse: w }, search: { text: 'odd item', fields: ['note'] }, sort: ['available'] })),
      ).toEqual([1, 3, 5]);
      expect(await stock.count({ filter: { warehouse: w, available: { $gt: 2 } } })).toBe(3);
      expect(await stock.count({ filter: { warehouse: w }, search: { text: 'ITEM 3', fields: ['note'] } })).toBe(1);
      expect((await stock.getMany([docs[0].id, 'nope', docs[2].id])).map((d) => d.available).sort()).toEqual([1, 3]);
      await expect(stock.find({ filter: { nosuch: 1 } })).rejects.toThrow(/Unknown field/);
    });

    it_('updates with $set, $inc and $unset, bumping the version', async () => {
      const doc = await stock.insert(stockDoc({ note: 'x' }));
      const next = await stock.update(doc.id, { $set: { active: true }, $inc: { available: -2 }, $unset: ['note'] });
      expect(next).toEqual({ id: doc.id, sku: doc.sku, warehouse: 'w1', available: 3, active: true, version: 2 });
      expect(await stock.get(doc.id)).toEqual(next);
      expect(await stock.update('missing', { $set: { active: true } })).toBeNull();
    });

    it_('applies a conditional update only when its condition holds', async () => {
      const doc = await stock.insert(stockDoc({ available: 1 }));
      const where = { available: { $gte: 1 } };
      expect((await stock.update(doc.id, { $inc: { available: -1 } }, { where }))?.available).toBe(0);
      expect(await stock.update(doc.id, { $inc: { available: -1 } }, { where })).toBeNull();
      expect((await stock.get(doc.id))?.available).toBe(0);
    });

    it_(
      '200 concurrent conditional decrements of a stock of 50 apply exactly 50 times',
      async () => {
        const doc = await stock.insert(stockDoc({ available: 50 }));
        const results = await Promise.all(
          Array.from({ length: 200 }, () =>
            stock.update(doc.id, { $inc: { available: -1 } }, { where: { available: { $gte: 1 } } }),
          ),
        );
        const applied = results.filter(Boolean) as StockDoc[];
        expect(applied).toHaveLength(50);
        expect(Math.min(...applied.map((r) => r.available))).toBe(0);
        expect(new Set(applied.map((r) => r.available)).size).toBe(50);
        expect(await stock.get(doc.id)).toMatchObject({ available: 0, version: 51 });
      },
      60_000,
    );

    it_('rejects a stale version and applies a current one', async () => {
      const doc = await stock.insert(stockDoc());
      expect((await stock.update(doc.id, { $set: { note: 'a' } }, { expectVersion: 1 }))?.version).toBe(2);
      await expect(stock.update(doc.id, { $set: { note: 'b' } }, { expectVersion: 1 })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect((await stock.get(doc.id))?.note).toBe('a');
    });

    it_('makes a duplicate id or unique key a typed conflict', async () => {
      const doc = await stock.insert(stockDoc());
      await expect(stock.insert({ ...stockDoc(), id: doc.id })).rejects.toBeInstanceOf(UniqueConflictError);
      await expect(stock.insert(stockDoc({ sku: doc.sku, warehouse: doc.warehouse }))).rejects.toBeInstanceOf(
        UniqueConflictError,
      );
      const other = await stock.insert(stockDoc({ sku: doc.sku, warehouse: 'w2' }));
      await expect(stock.update(other.id, { $set: { warehouse: doc.warehouse } })).rejects.toBeInstanceOf(UniqueConflictError);
      expect((await stock.get(other.id))?.warehouse).toBe('w2');
      await stock.remove(doc.id);
      await expect(stock.update(other.id, { $set: { warehouse: doc.warehouse } })).resolves.toMatchObject({ warehouse: 'w1' });
      const outbox = store.collection('outbox');
      await outbox.insert({ id: uid('o'), type: 't', key: 'k1' });
      await expect(outbox.insert({ id: uid('o'), type: 't', key: 'k1' })).rejects.toBeInstanceOf(UniqueConflictError);
    });

    it_('commits an atomic unit whole, or nothing of it', async () => {
      const a = await stock.insert(stockDoc({ available: 3 }));
      const b = await stock.insert(stockDoc({ available: 0 }));
      const dec = (id: string) => ({
        op: 'update' as const,
        collection: 'stock',
        id,
        change: { $inc: { available: -1 } },
        where: { available: { $gte: 1 } },
      });
      const outboxId = uid('o');
      const err = await store
        .atomic([dec(a.id), { op: 'insert', collection: 'outbox', doc: { id: outboxId, type: 'x' } }, dec(b.id)])
        .catch((e) => e);
      expect(err).toBeInstanceOf(ConditionFailedError);
      expect(err.data.opIndex).toBe(2);
      expect((await stock.get(a.id))?.available).toBe(3);
      expect(await store.collection('outbox').get(outboxId)).toBeNull();

      await store.atomic([
        dec(a.id),
        { op: 'insert', collection: 'outbox', doc: { id: outboxId, type: 'x', payload: { n: 1 } } },
      ]);
      expect(await stock.get(a.id)).toMatchObject({ available: 2, version: 2 });
      expect(await store.collection('outbox').get(outboxId)).toMatchObject({ payload: { n: 1 } });

      const dup = await store
        .atomic([dec(a.id), { op: 'insert', collection: 'outbox', doc: { id: outboxId, type: 'y' } }])
        .catch((e) => e);
      expect(dup).toBeInstanceOf(UniqueConflictError);
      expect((await stock.get(a.id))?.available).toBe(2);
      await expect(
        store.atomic([{ op: 'update', collection: 'stock', id: 'missing', change: { $set: { note: 'n' } } }]),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      await expect(
        store.atomic([{ op: 'update', collection: 'stock', id: a.id, change: { $set: { note: 'n' } }, expectVersion: 1 }]),
      ).rejects.toBeInstanceOf(VersionConflictError);
      await store.atomic([{ op: 'remove', collection: 'stock', id: b.id }]);
      expect(await stock.get(b.id)).toBeNull();
    });

    it_('never returns an expired record, and purges it', async () => {
      const orderId = uid('ord');
      const past = { id: uid('h'), orderId, qty: 1, expiresAt: Date.now() - 1000 };
      const future = { id: uid('h'), orderId, qty: 2, expiresAt: Date.now() + 3_600_000 };
      await holds.insertMany([past, future]);
      expect(await holds.get(past.id)).toBeNull();
      expect((await holds.find({ filter: { orderId } })).map((h) => h.id)).toEqual([future.id]);
      expect(await holds.count({ filter: { orderId } })).toBe(1);
      expect(await holds.getMany([past.id, future.id])).toHaveLength(1);
      expect(await holds.update(past.id, { $set: { qty: 9 } })).toBeNull();
      expect(await holds.purgeExpired()).toBeGreaterThanOrEqual(1);
      expect(await holds.remove(past.id)).toBeNull();
    });

    it_('updates and removes many, and removes conditionally', async () => {
      const w = uid('wh');
      await stock.insertMany([1, 2, 3].map((n) => stockDoc({ warehouse: w, available: n })));
      expect(await stock.updateMany({ warehouse: w, available: { $lte: 2 } }, { $set: { active: true } })).toBe(2);
      expect(await stock.count({ filter: { warehouse: w, active: true } })).toBe(2);
      const [first] = await stock.find({ filter: { warehouse: w }, sort: ['available'], limit: 1 });
      expect(await stock.remove(first.id, { where: { available: 99 } })).toBeNull();
      expect((await stock.remove(first.id))?.id).toBe(first.id);
      expect(await stock.removeMany({ warehouse: w })).toBe(2);
      expect(await stock.count({ filter: { warehouse: w } })).toBe(0);
    });

    it_('applies migrations once, reverts them, and re-applies', async () => {
      const names = contractSchema.migrations.map((m) => m.name);
      expect(await store.appliedMigrations()).toEqual(names);
      await store.connect();
      expect(await store.appliedMigrations()).toEqual(names);
      const fresh = await harness.createStore('migr', contractSchema);
      try {
        expect(await fresh.migrateDown(1)).toEqual([names[1]]);
        expect(await fresh.appliedMigrations()).toEqual([names[0]]);
        await fresh.connect();
        expect(await fresh.appliedMigrations()).toEqual(names);
        await fresh.collection('outbox').insert({ id: 'o1', type: 't', key: 'k' });
        await expect(fresh.collection('outbox').insert({ id: 'o2', type: 't', key: 'k' })).rejects.toBeInstanceOf(
          UniqueConflictError,
        );
      } finally {
        await fresh.disconnect();
      }
    });

    scanContract(it_, () => stock, () => holds, uid);

    it_('serves moleculer-db standard actions through the adapter bridge', () => checkMoleculerDbActions(store));

    it_('answers ping while connected', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

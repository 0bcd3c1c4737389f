/**
 * A full export of N stock records from DynamoDB Local, paged two ways: the keyset `find` the
 * exports used before (`id > after`, sorted, limited: DynamoDB answers each page with a Scan of the
 * whole table) and the store's native `scan` (one Scan segment per page). Prints items read and time.
 *
 *   npx tsx bench/store.scan.ts [N ...]   (default 2000 10000; page 500, as a search rebuild reads)
 */
import { startDynamoLocal } from '../mixins/store/dynamodb/dynamodb-local';
import { createDynamoStore } from '../mixins/store/dynamodb/dynamodb.store';
import type { Collection, Doc } from '../mixins/store/store.types';
import { inventorySchema } from '../services/inventory/inventory.schema';

const PAGE = 500;

async function byFind(stock: Collection<Doc>): Promise<number> {
  let read = 0;
  for (let after: string | undefined; ; ) {
    const rows = await stock.find({ ...(after ? { filter: { id: { $gt: after } } } : {}), sort: ['id'], limit: PAGE });
    read += rows.length;
    if (rows.length < PAGE) return read;
    after = rows[rows.length - 1].id;
  }
}

async function byScan(stock: Collection<Doc>): Promise<number> {
  let read = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await stock.scan({ cursor, limit: PAGE });
    read += page.docs.length;
    if (!page.cursor) return read;
    cursor = page.cursor;
  }
}

async function timed(what: string, n: number, run: () => Promise<number>): Promise<void> {
  const t0 = performance.now();
  const read = await run();
  const ms = performance.now() - t0;
  console.log(`${what.padEnd(6)} N=${String(n).padStart(6)}  pages=${Math.ceil(n / PAGE)}  records=${read}  ${(ms / 1000).toFixed(2)} s`);
  if (read !== n) throw new Error(`${what} read ${read} of ${n}`);
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const local = await startDynamoLocal({});
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  try {
    for (const n of sizes.length ? sizes : [2_000, 10_000]) {
      const store = createDynamoStore({
        name: 'inventory',
        schema: inventorySchema,
        endpoint: local.endpoint,
        region: 'us-east-1',
        tablePrefix: `bench${n}_`,
        credentials,
      });
      await store.connect();
      const stock = store.collection('stock');
      for (let i = 0; i < n; i += 1_000) {
        const docs = Array.from({ length: Math.min(1_000, n - i) }, (_, k) => {
          const sku = `SKU-${String(i + k).padStart(7, '0')}`;
          return { id: `${sku}#main`, sku, warehouse: 'main', onHand: 5, reserved: 0, reorderPoint: 0, priority: 0 };
        });
        await stock.insertMany(docs);
      }
      await timed('find', n, () => byFind(stock));
      await timed('scan', n, () => byScan(stock));
      await store.disconnect();
    }
  } finally {
    await local.stop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

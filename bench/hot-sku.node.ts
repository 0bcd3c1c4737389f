/**
 * Scenario 3 on one engine (a child process; argv: postgres|dynamodb, concurrent, stock, rounds).
 * An inventory node through the test harness (NATS, Redis; the inventory store on the engine), then
 * per round: `concurrent` simultaneous one-unit reservations of one SKU holding `stock`, through
 * the broker as the platform; the same number of bare conditional increments through the store
 * contract; and through the engine's own driver. Each on a fresh SKU. Reports, then cleans up.
 */
import { randomBytes } from 'node:crypto';
import { startDynamoLocal, type DynamoLocal } from '../mixins/store/dynamodb/dynamodb-local';
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { Collection, Store } from '../mixins/store/store.types';
import type { StockRecord } from '../services/inventory/inventory.contract';
import { startPlatform } from '../test/support/platform';
import { report } from './children';
import { rawDecrement } from './hot-sku.raw';
import { runConcurrent, type ConcurrentResult } from './load';

type Engine = 'postgres' | 'dynamodb';

export interface PathResult extends ConcurrentResult<string> {
  successes: number;
  oversell: number;
  finalAvailable: number;
  finalReserved: number;
}

const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };
const hex = (n: number) => randomBytes(n).toString('hex');

async function main(): Promise<void> {
  const [engine, concurrent, stock, rounds] = [process.argv[2] as Engine, ...process.argv.slice(3).map(Number)];
  if (engine !== 'postgres' && engine !== 'dynamodb') throw new Error(`unknown engine ${engine}`);
  // A signal skips 'exit' handlers, and DynamoDB Local's JVM is killed by one: exit instead (the parent drops the databases).
  process.once('SIGTERM', () => process.exit(143));
  let dynamo: DynamoLocal | undefined;
  let env: Record<string, string> = { STORE_INVENTORY: 'postgres' };
  if (engine === 'dynamodb') {
    dynamo = await startDynamoLocal({});
    env = {
      STORE_INVENTORY: 'dynamodb',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
  }
  const platform = await startPlatform(['inventory'], { LOG_LEVEL: 'warn', ...env }).catch(async (err: Error) => {
    await dynamo?.stop();
    throw err;
  });
  report({ prefix: process.env.STORE_PREFIX });
  try {
    const { config } = await import('../config/config');
    const store = (platform.broker.getLocalService('inventory') as unknown as { store(name: string): Store }).store('inventory');
    const rows = store.collection<StockRecord>('stock');
    const raw = await rawDecrement(engine, config(), stock);
    const results: Record<'platform' | 'store' | 'raw', PathResult[]> = { platform: [], store: [], raw: [] };
    try {
      for (let round = 0; round < rounds; round++) {
        const freshSku = async (tag: string) => {
          const sku = `HOT-${tag}-${hex(4).toUpperCase()}`;
          await platform.broker.call(
            'inventory.receive',
            { sku, warehouse: 'main', quantity: stock, ref: `bench-${sku}` },
            asSystem,
          );
          return { sku, id: `${sku}#main` };
        };
        const hot = await freshSku('P');
        const run = await runConcurrent(concurrent, concurrent, async (i) => {
          const orderId = `bench-${hex(6)}-${i}`;
          try {
            await platform.broker.call('inventory.reserve', { orderId, lines: [{ sku: hot.sku, quantity: 1 }] }, asSystem);
            return 'ok';
          } catch (err) {
            const type = (err as { type?: string }).type;
            if (type === 'INSUFFICIENT_STOCK') return 'refused';
            throw err;
          }
        });
        results.platform.push(await outcome(run, rows, hot.id, stock));

        const viaStore = await freshSku('S');
        // The contract's where cannot subtract two fields; with onHand fixed, `reserved < onHand` is the same guard.
        const storeRun = await runConcurrent(concurrent, concurrent, async () =>
          (await rows.update(viaStore.id, { $inc: { reserved: 1 } }, { where: { reserved: { $lt: stock } } })) ? 'ok' : 'refused',
        );
        results.store.push(await outcome(storeRun, rows, viaStore.id, stock));

        const viaDriver = await freshSku('R');
        const rawRun = await runConcurrent(concurrent, concurrent, async () =>
          (await raw.decrement(viaDriver.id)) ? 'ok' : 'refused',
        );
        results.raw.push(await outcome(rawRun, rows, viaDriver.id, stock));
      }
    } finally {
      await raw.close();
    }
    report({ engine, results, raw: raw.describe, rssMiB: Math.round(process.memoryUsage().rss / 1048576) });
  } finally {
    await platform.stop();
    await dynamo?.stop();
  }
}

async function outcome(
  run: ConcurrentResult<string>,
  rows: Collection<StockRecord>,
  id: string,
  stock: number,
): Promise<PathResult> {
  const row = await rows.get(id);
  const successes = run.outcomes.ok ?? 0;
  return {
    ...run,
    successes,
    oversell: Math.max(0, successes - stock),
    finalAvailable: row ? row.onHand - row.reserved : NaN,
    finalReserved: row ? row.reserved : NaN,
  };
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);

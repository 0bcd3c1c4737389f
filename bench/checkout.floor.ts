/**
 * Scenario 2's floor (a child process; argv: orders, concurrency, skus, warmup, single): the writes
 * of one checkout (checkout.plan.ts) per order with `pg` alone (no Moleculer, no store layer), one
 * database per store as the platform keeps them, at the platform's pool size per store. The tables
 * are the platform's own: each store's migrations run once through the store layer, untimed.
 * Protocol with the parent: reports its prefix, sets up and reports ready; runs when a line comes
 * on stdin (so its set-up can overlap the platform's, never its measured run); closes its pools and
 * reports; drops its databases once stdin closes (drops checkpoint: the parent asks after both runs).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { config } from '../config/config';
import { storeDatabaseName, type StoreName } from '../config/stores';
import { databaseUrl } from '../mixins/store/postgres/postgres.connection';
import { createPostgresStore } from '../mixins/store/postgres/postgres.store';
import { collectionsOf } from '../mixins/store/store.schema';
import type { CollectionDef } from '../mixins/store/store.types';
import { STORE_SCHEMAS } from '../services/store-schemas';
import { report, untilStdinEnds } from './children';
import { CHECKOUT_WRITES } from './checkout.plan';
import { compile, type Order } from './checkout.sql';
import { dropDatabases } from './cleanup';
import { sampleCpu, type CpuUse } from './cpu';
import { runConcurrent, summarize, type Summary } from './load';

export interface FloorResult extends Summary {
  /** Start → the unit that makes the order CONFIRMED, ms. */
  toConfirmed: { p50: number; p99: number };
  /** `single` orders one at a time: start → the confirming unit, ms. */
  alone: { p50: number; p99: number };
  transactionsPerOrder: number;
  rowWritesPerOrder: number;
  poolSize: number;
  /** The floor process's CPU and the machine's during the measured orders. */
  cpu: CpuUse;
}

const STORES = [...new Set(CHECKOUT_WRITES.map((t) => t.store))];

/** Every planned write changes exactly one row: a version-checked update that matched none would flatter the floor. */
function changed(result: { rowCount: number | null; command: string }): void {
  if (result.rowCount !== 1) throw new Error(`${result.command} changed ${result.rowCount} rows, not 1`);
}

async function main(): Promise<void> {
  const [orders, concurrency, skus, warmup, single] = process.argv.slice(2).map(Number);
  const total = orders + warmup + single;
  const prefix = `t${randomBytes(4).toString('hex')}_`;
  const { url, poolSize } = config().postgres;
  const stop = untilStdinEnds();
  let gone = false;
  void stop.then(() => (gone = true));
  const go = Promise.race([new Promise((resolve) => process.stdin.once('data', resolve)), stop]);
  report({ prefix });
  const pools = new Map<StoreName, Pool>();
  try {
    const defs = new Map<StoreName, Map<string, CollectionDef>>();
    for (const store of STORES) {
      const database = storeDatabaseName(store, prefix);
      const schema = STORE_SCHEMAS[store]!;
      const migrated = createPostgresStore({ name: store, schema, connection: { kind: 'server', url, database, poolSize: 1 } });
      await migrated.connect();
      await migrated.disconnect();
      defs.set(store, collectionsOf(schema));
      pools.set(store, new Pool({ connectionString: databaseUrl(url, database), max: poolSize }));
    }
    const plan = CHECKOUT_WRITES.map((t) => ({ ...t, run: t.ops.map((op) => compile(op, defs.get(t.store)!)) }));
    // A stock row per SKU holding enough for every order, and every order's cart to clear.
    const seed = (store: StoreName, table: string, id: string, row: string) =>
      pools.get(store)!.query(compile({ ins: table, row }, defs.get(store)!)({ id, cart: '', sku: '', versions: new Map() }));
    for (let s = 0; s < skus; s++) {
      await seed('inventory', 'stock', `SKU-${s}`, 'main');
      await pools
        .get('inventory')!
        .query('UPDATE "stock" SET "onHand" = $2, "reserved" = 0 WHERE "id" = $1', [`SKU-${s}:main`, total]);
    }
    for (let i = 0; i < total; i++) await seed('carts', 'carts', 'cart', String(i));
    report({ ready: true });
    await go;
    if (gone) throw new Error('the parent went away before the run');

    let confirmedAt: number[] = [];
    const checkout = async (i: number) => {
      const order: Order = { id: randomUUID(), cart: `cart:${i}`, sku: `SKU-${i % skus}:main`, versions: new Map() };
      const t0 = performance.now();
      for (const unit of plan) {
        const pool = pools.get(unit.store)!;
        if (unit.run.length === 1) changed(await pool.query(unit.run[0](order)));
        else {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            for (const statement of unit.run) changed(await client.query(statement(order)));
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          } finally {
            client.release();
          }
        }
        if (unit.confirms) confirmedAt.push(performance.now() - t0);
      }
      return 'ok' as const;
    };
    await runConcurrent(warmup, concurrency, checkout);
    confirmedAt = [];
    const alone = await runConcurrent(single, 1, (i) => checkout(warmup + i));
    const aloneConfirmed = summarize(confirmedAt, 1);
    confirmedAt = [];
    const cpu = sampleCpu(process.pid);
    const run = await runConcurrent(orders, concurrency, (i) => checkout(warmup + single + i));
    const used = cpu();
    // Give the connections back before the platform runs: both together would pass max_connections.
    await Promise.all([...pools.values()].map((p) => p.end()));
    pools.clear();
    const failed = run.errors.concat(alone.errors);
    if (failed.length) throw new Error(`floor writes failed: ${failed.join('; ')}`);
    const confirmed = summarize(confirmedAt, 1);
    const { outcomes: _outcomes, errors: _errors, ...summary } = run;
    const result: FloorResult = {
      ...summary,
      toConfirmed: { p50: confirmed.p50, p99: confirmed.p99 },
      alone: { p50: aloneConfirmed.p50, p99: aloneConfirmed.p99 },
      transactionsPerOrder: plan.length,
      rowWritesPerOrder: plan.reduce((n, t) => n + t.ops.length, 0),
      poolSize,
      cpu: used,
    };
    report(result);
    await stop;
  } finally {
    await Promise.all([...pools.values()].map((p) => p.end()));
    await dropDatabases(prefix);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);

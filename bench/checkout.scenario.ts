import { randomBytes } from 'node:crypto';
import { dropStreams } from '../test/support/platform';
import type { SagaView } from '../sagas/saga.view';
import { breakdown, type Breakdown } from './checkout.breakdown';
import { spawnBench, type BenchChild } from './children';
import type { FloorResult } from './checkout.floor';
import type { CheckoutSetup } from './checkout.node';
import { dropDatabases } from './cleanup';
import { sampleCpu, type CpuUse } from './cpu';
import { runConcurrent } from './load';

/**
 * Scenario 2: checkouts end to end on the cluster platform (checkout.node.ts): POST /api/orders,
 * then GET /api/orders/:id every `pollMs` until the order leaves PENDING, `concurrency` orders in
 * flight; against the floor (checkout.floor.ts), the same database writes per order with the bare
 * driver at the same concurrency. Both set up side by side; the floor runs while the platform
 * idles, then the platform; their databases are dropped once both have run.
 */

export interface CheckoutSettings {
  orders: number;
  /** Orders before the measured ones (pools, JIT, streams), on both sides. */
  warmup: number;
  /** Orders one at a time, for the latency without queueing. */
  single: number;
  concurrency: number;
  /** Products the shoppers spread over: one hot stock row per SKU. */
  skus: number;
  pollMs: number;
}

export interface CheckoutResult {
  settings: CheckoutSettings;
  platform: {
    /** Orders CONFIRMED per second: first POST → last CONFIRMED seen. */
    throughput: number;
    /** POST → CONFIRMED seen (at most one poll late), ms. */
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    /** The same, one order at a time. */
    alone: { p50: number; p99: number };
    /** Where those one-at-a-time orders spent their time, from their sagas' records. */
    breakdown: Breakdown | null;
    outcomes: Partial<Record<string, number>>;
    errors: string[];
    /** Orders per second counting until every saga had ended (capture, commit and notice too). */
    sagasEndedThroughput: number;
    pollsPerOrder: number;
    /** The platform node's CPU and the machine's during the measured orders. */
    cpu: CpuUse;
  };
  floor: FloorResult;
  /** Platform throughput / floor throughput. */
  ratio: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ADDRESS = { name: 'Bench', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };

async function json<T>(res: Response, what: string, want: number): Promise<T> {
  const text = await res.text();
  if (res.status !== want) throw new Error(`${what}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

export async function checkoutScenario(s: CheckoutSettings, log: (line: string) => void): Promise<CheckoutResult> {
  const prefixes: string[] = [];
  let namespace: string | undefined;
  const children: BenchChild[] = [];
  try {
    const shoppers = s.warmup + s.single + s.orders;
    const node = spawnBench('bench/checkout.node.ts', [shoppers, s.skus].map(String), {}, true);
    const floorNode = spawnBench(
      'bench/checkout.floor.ts',
      [s.orders, s.concurrency, s.skus, s.warmup, s.single].map(String),
      {},
      true,
    );
    children.push(node, floorNode);
    const early = await node.next<{ prefix: string; namespace: string }>(90_000);
    prefixes.push(early.prefix);
    namespace = early.namespace;
    prefixes.push((await floorNode.next<{ prefix: string }>(30_000)).prefix);
    const setup = await node.next<CheckoutSetup>(120_000);
    await floorNode.next(60_000);

    floorNode.child.stdin!.write('go\n');
    const floor = await floorNode.next<FloorResult>(180_000);
    log(`  floor: ${floor.throughput.toFixed(1)} orders/s, p50 ${floor.p50.toFixed(0)} ms, p99 ${floor.p99.toFixed(0)} ms`);

    const run = randomBytes(3).toString('hex');
    let polls = 0;
    const seen: { id: string; sentAt: number; seenAt: number }[] = [];
    const checkout = async (i: number): Promise<string> => {
      const headers = { authorization: `Bearer ${setup.shoppers[i]}` };
      const sentAt = Date.now();
      const placed = await json<{ id: string }>(
        await fetch(`${setup.api}/orders`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `bench-${run}-${i}` },
          body: JSON.stringify({ shippingAddress: ADDRESS, paymentToken: 'tok_visa' }),
        }),
        'POST /orders',
        202,
      );
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        await sleep(s.pollMs);
        polls++;
        const order = await json<{ status: string }>(
          await fetch(`${setup.api}/orders/${placed.id}`, { headers }),
          'GET /orders/:id',
          200,
        );
        if (order.status === 'PENDING') continue;
        seen.push({ id: placed.id, sentAt, seenAt: Date.now() });
        return order.status === 'CONFIRMED' ? 'confirmed' : order.status.toLowerCase();
      }
      throw new Error(`order ${placed.id} still PENDING after 30 s`);
    };
    await runConcurrent(s.warmup, s.concurrency, checkout);
    await sagasEnded(setup);
    seen.length = 0;
    const alone = await runConcurrent(s.single, 1, (i) => checkout(s.warmup + i));
    await sagasEnded(setup);
    const admin = { headers: { authorization: `Bearer ${setup.adminToken}` } };
    const timelines = await Promise.all(
      seen.map(async (t) => ({
        ...t,
        saga: await json<SagaView>(await fetch(`${setup.api}/admin/sagas/${t.id}`, admin), 'GET /admin/sagas/:id', 200),
      })),
    );
    polls = 0;
    const cpu = sampleCpu(node.pid);
    const start = performance.now();
    const measured = await runConcurrent(s.orders, s.concurrency, (i) => checkout(s.warmup + s.single + i));
    await sagasEnded(setup);
    const ended = performance.now() - start;
    const platformCpu = cpu();
    log(
      `  platform: ${measured.throughput.toFixed(1)} orders/s CONFIRMED, p50 ${measured.p50.toFixed(0)} ms, ` +
        `p99 ${measured.p99.toFixed(0)} ms ${JSON.stringify(measured.outcomes)}`,
    );
    return {
      settings: s,
      platform: {
        throughput: measured.throughput,
        p50Ms: measured.p50,
        p99Ms: measured.p99,
        maxMs: measured.max,
        alone: { p50: alone.p50, p99: alone.p99 },
        breakdown: breakdown(timelines),
        outcomes: measured.outcomes,
        errors: [...measured.errors, ...alone.errors],
        sagasEndedThroughput: (s.orders * 1000) / ended,
        pollsPerOrder: polls / s.orders,
        cpu: platformCpu,
      },
      floor,
      ratio: measured.throughput / floor.throughput,
    };
  } finally {
    // Both drop their databases as they stop; this covers a node that had to be killed.
    await Promise.all(children.map((c) => c.stop(30_000)));
    for (const prefix of prefixes) {
      const left = await dropDatabases(prefix);
      if (left) log(`  dropped ${left} database(s) a node left behind (${prefix})`);
    }
    if (namespace) await dropStreams(namespace);
  }
}

/** Until no checkout saga is running or compensating, through the operators' route. */
async function sagasEnded(setup: CheckoutSetup): Promise<void> {
  const headers = { authorization: `Bearer ${setup.adminToken}` };

  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(20)) {
    const totals = await Promise.all(
      ['RUNNING', 'COMPENSATING'].map(
        async (status) =>
          (
            await json<{ total: number }>(
              await fetch(`${setup.api}/admin/sagas?status=${status}&pageSize=1`, { headers }),
              'GET /admin/sagas',
              200,
            )
          ).total,
      ),
    );
    if (totals.every((n) => n === 0)) return;
  }
  throw new Error('sagas still running 60 s after the last order');
}

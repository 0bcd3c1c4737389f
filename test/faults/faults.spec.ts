import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { outboxFile } from '../../services/notifications/notifications.mailer';
import type { AuditReport } from '../../ops/audit/audit.types';
import { inBatches, waitFor } from '../checkout/checkout.world';
import { requireOrSkip } from '../support/engine-harness';
import type { Identity } from '../support/identities';
import { privateServersReason } from '../support/private-servers';
import { killMidNotice, placeWithRetries, startFaultWorld, type Attempt, type FaultWorld, type Phase } from './fault.world';
import { consumersDrained, redeliverAll } from './redeliver';

/**
 * Faults during a batch of checkouts in cluster mode: NATS restarts, Redis stops for a while,
 * PostgreSQL restarts, the notifications consumer is SIGKILLed; afterwards every event is
 * delivered a second time. Then the consistency auditor finds nothing, every order exists once per
 * Idempotency-Key, and every notice was mailed once.
 */
let f: FaultWorld | undefined;
beforeAll(async () => {
  if (requireOrSkip(privateServersReason(), 'fault tests')) f = await startFaultWorld();
}, 180_000);
afterAll(() => f?.stop(), 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHOPPERS = 160;
/** Orders are started at this pace, so the batch spans the faults instead of finishing before them. */
const PACE_MS = 200;

it('loses nothing and doubles nothing through NATS, Redis, PostgreSQL and consumer faults', async () => {
  const { w } = f!;
  const run = randomBytes(3).toString('hex');
  const sku = await w.product(1_000);
  const shoppers = await inBatches(Array.from({ length: SHOPPERS }), 8, () => w.shopper(sku, 1));

  let phase: Phase = 'steady';
  let stopPlacing = false;
  const attempts: Attempt[] = [];
  const reads: Attempt[] = [];
  const accepted = new Map<string, Identity>();
  const placed: Promise<string>[] = [];
  const declined = new Set<string>();
  const timings: Record<string, number> = {};
  const placer = (async () => {
    for (const [i, who] of shoppers.entries()) {
      if (stopPlacing) break;
      const key = `fault-${run}-${i}`;
      // Every fourth card is declined: those orders are cancelled, and their notice comes through the consumer.
      const token = i % 4 === 3 ? 'tok_chargeDeclined' : 'tok_visa';
      if (token !== 'tok_visa') declined.add(key);
      placed.push(placeWithRetries(w, who, key, () => phase, attempts, token).then((id) => (accepted.set(id, who), id)));
      await sleep(PACE_MS);
    }
  })();
  let reading = true;
  const reader = (async () => {
    while (reading) {
      const at = phase;
      const res = await fetch(`${w.platform.api}/products?search=hot`).catch((e: Error) => ({
        status: 0,
        statusText: e.message,
      }));
      reads.push({ phase: at, status: res.status });
      await sleep(40);
    }
  })();
  const afterMore = async (n: number) => {
    const target = accepted.size + n;
    await waitFor(async () => accepted.size >= target, `${n} more orders accepted`, 60_000);
  };
  const during = async (p: Phase, fault: () => Promise<void>) => {
    await afterMore(4);
    phase = p;
    const t0 = Date.now();
    await fault();
    timings[p] = Date.now() - t0;
    phase = 'steady';
  };

  await during('nats-restart', () => f!.nats.restart(1_000));
  await during('redis-down', async () => {
    await f!.redis.stop();
    await sleep(3_000);
    await f!.redis.start();
  });
  await during('postgres-restart', () => f!.postgres.restart(1_000));
  let killedMidNotice: string[] = [];
  await during('consumer-killed', async () => {
    // Killed holding a notice's claim: the next call must send it (once), not wait out the claim.
    killedMidNotice = await killMidNotice(f!);
    await f!.notifications.stop();
    await sleep(1_000);
    await f!.restartNotifications();
  });
  await afterMore(4);
  stopPlacing = true;
  await placer;
  const ids = await Promise.all(placed);
  reading = false;
  await reader;
  expect(ids.length).toBeLessThan(SHOPPERS);
  if (process.env.FAULT_DEBUG) console.log(timings, summary(ids.length, attempts, reads));

  // Clients saw no error while Redis was away.
  const redisWindow = [...attempts, ...reads].filter((a) => a.phase === 'redis-down');
  expect(redisWindow.length).toBeGreaterThan(0);
  expect(redisWindow.filter((a) => a.status >= 500 || a.status === 0)).toEqual([]);
  expect(reads.filter((r) => r.phase === 'redis-down' && r.status !== 200)).toEqual([]);

  const { config } = await import('../../config/config');
  const { runAudit } = await import('../../ops/audit/audit.runner');
  const { formatReport } = await import('../../ops/audit/audit.report');
  const { createStore } = await import('../../mixins/store/store.factory');
  const { STORE_SCHEMAS } = await import('../../services/store-schemas');
  const cfg = config();
  const [sagaStore, orderStore] = [
    createStore(cfg, 'saga', STORE_SCHEMAS.saga!),
    createStore(cfg, 'orders', STORE_SCHEMAS.orders!),
  ];
  await Promise.all([sagaStore.connect(), orderStore.connect()]);
  try {
    const wanted = new Set(ids);
    await waitFor(
      async () => {
        const sagas = await sagaStore.collection<{ id: string; status: string }>('sagas').find({});
        return sagas.filter((s) => wanted.has(s.id) && ['COMPLETED', 'COMPENSATED'].includes(s.status)).length === wanted.size;
      },
      'every saga ended',
      150_000,
    );
    // One order per Idempotency-Key, however often the client retried.
    const orders = await orderStore.collection<{ id: string }>('orders').find({});
    expect(orders.map((o) => o.id).sort()).toEqual([...wanted].sort());
  } finally {
    await Promise.all([sagaStore.disconnect(), orderStore.disconnect()]);
  }
  // An undelivered outbox row is a violation at threshold 0: wait for the relays to catch up.
  const audit = (): Promise<AuditReport> => runAudit(cfg, { outboxStaleMs: 0 });
  await waitFor(
    async () => (await audit()).violations.every((v) => v.invariant !== 'outbox-delivered'),
    'outboxes drained',
    60_000,
  );
  await consumersDrained(f!.nats.url, f!.namespace, 60_000);

  // Every event a second time: inboxes and idempotent effects must absorb it.
  expect(await redeliverAll(f!.nats.url, f!.namespace)).toBeGreaterThan(ids.length);
  await consumersDrained(f!.nats.url, f!.namespace, 60_000);

  const report = await audit();
  if (report.violations.length) console.log(formatReport(report));
  expect(report.violations).toEqual([]);
  expect(report.counts.orders).toBe(ids.length);

  // Each notice mailed once: one message per order and subject ("Your order <ref> is confirmed").
  const mails = readFileSync(outboxFile(w.platform.dataDir), 'utf8').trim().split('\n');
  const subjects = mails.map((line) => String((JSON.parse(line) as { subject?: string }).subject));
  const perOrder = ids.map((id) => {
    const ref = id.replace(/-/g, '').slice(0, 8).toUpperCase();
    return { id, subjects: subjects.filter((s) => s.includes(` ${ref} `)) };
  });
  expect(killedMidNotice.length).toBeGreaterThan(0);
  expect(perOrder.filter((o) => o.subjects.length !== 1)).toEqual([]);
  expect(perOrder.filter((o) => /cancelled/.test(o.subjects[0])).length).toBe(declined.size);
}, 600_000);

/** What clients saw per phase (FAULT_DEBUG=1 prints it): status → count. */
function summary(orders: number, attempts: Attempt[], reads: Attempt[]): string {
  const count = (list: Attempt[]) =>
    list.reduce<Record<string, Record<number, number>>>((acc, a) => {
      const row = (acc[a.phase] ??= {});
      row[a.status] = (row[a.status] ?? 0) + 1;
      return acc;
    }, {});
  const failures = [
    ...new Set(attempts.filter((a) => a.status >= 500 || a.status === 0).map((a) => `${a.phase} ${a.status} ${a.detail}`)),
  ];
  return JSON.stringify({ orders, checkouts: count(attempts), reads: count(reads), failures: failures.slice(0, 12) }, null, 1);
}

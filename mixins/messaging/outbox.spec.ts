import { postgresServerHarness } from '../../test/support/harness.postgres';
import { requireOrSkip } from '../../test/support/engine-harness';
import type { Collection, Store } from '../store/store.types';
import { relayOutbox } from './outbox.relay';
import { createOutbox, outboxInsert, OUTBOX, type OutboxRow } from './outbox';
import { applyOnce, createInbox } from './inbox';

/** Outbox relay and inbox dedupe on the real PostgreSQL server. */
const harness = postgresServerHarness();
let store: Store;
let outbox: Collection<OutboxRow>;
let ready = false;

beforeAll(async () => {
  ready = requireOrSkip(await harness.setup(), 'outbox on PostgreSQL');
  if (!ready) return;
  store = await harness.createStore('outbox', { migrations: [{ name: '0001-messaging', steps: [createOutbox, createInbox] }] });
  outbox = store.collection<OutboxRow>(OUTBOX.name);
}, 60_000);
afterAll(() => harness.teardown());

const silent = { warn: () => undefined };

it('two relays racing publish every row exactly once and mark it sent', async () => {
  if (!ready) return;
  await store.atomic(Array.from({ length: 30 }, (_, i) => outboxInsert('test', 'thing.happened', { i }).op));
  const seen: number[] = [];
  const target = { ...silent, emit: (_e: string, p: unknown) => void seen.push((p as { data: { i: number } }).data.i) };
  const [a, b] = await Promise.all([relayOutbox(outbox, target), relayOutbox(outbox, target)]);
  expect(a + b).toBe(30);
  expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  expect(await outbox.count({ filter: { status: 'sent' } })).toBe(30);
  expect(await relayOutbox(outbox, target)).toBe(0);
});

it('a failed publish is retried later with backoff, and a lapsed claim is taken over', async () => {
  if (!ready) return;
  const { op, envelope } = outboxInsert('test', 'thing.failed', { n: 1 });
  await store.atomic([op]);
  const failing = { ...silent, emit: () => Promise.reject(new Error('transporter down')) };
  expect(await relayOutbox(outbox, failing)).toBe(0);
  const row = (await outbox.get(envelope.id))!;
  expect(row).toMatchObject({ status: 'pending', attempts: 1 });
  expect(row.availableAt).toBeGreaterThan(Date.now());

  // A relay that died mid-send: its claim is in the past, so the next pass sends the row.
  await outbox.update(envelope.id, { $set: { status: 'sending', availableAt: Date.now() - 1 } });
  const sent: string[] = [];
  expect(await relayOutbox(outbox, { ...silent, emit: (e: string) => void sent.push(e) })).toBe(1);
  expect(sent).toEqual(['thing.failed']);
});

it('keeps write order: a failed publish ends the pass, and later rows wait while an earlier one backs off', async () => {
  if (!ready) return;
  const t = Date.now() + 60_000; // after every row the other tests left
  const rows = [0, 1, 2].map((i) => outboxInsert('test', 'order.step', { i }, t + i));
  await store.atomic(rows.map((r) => r.op));
  let fail = true;
  const seen: number[] = [];
  const target = {
    ...silent,
    emit: async (_e: string, p: unknown) => {
      const i = (p as { data: { i: number } }).data.i;
      if (fail && i === 1) throw new Error('nats away');
      seen.push(i);
    },
  };
  // Rows dated in the future are still due (only availableAt gates); make them so.
  for (const r of rows) await outbox.update(r.envelope.id, { $set: { availableAt: Date.now() - 1 } });
  expect(await relayOutbox(outbox, target)).toBe(1);
  expect(seen).toEqual([0]);
  fail = false;
  expect(await relayOutbox(outbox, target)).toBe(0); // row 1 backs off; row 2 must not overtake it
  await outbox.update(rows[1].envelope.id, { $set: { availableAt: Date.now() - 1 } });
  expect(await relayOutbox(outbox, target)).toBe(2);
  expect(seen).toEqual([0, 1, 2]);
});

it('one node relays at a time: the lease holder sends, another takes over once the lease lapses or is released', async () => {
  if (!ready) return;
  const { RelayLease, LEASE_ID } = await import('./outbox.lease');
  const a = new RelayLease(outbox, 'node-a', 300);
  const b = new RelayLease(outbox, 'node-b', 300);
  const sentBy: Record<string, number> = { a: 0, b: 0 };
  const relayAs = (name: 'a' | 'b', lease: InstanceType<typeof RelayLease>) =>
    relayOutbox(outbox, { ...silent, emit: () => void sentBy[name]++, mayRelay: () => lease.hold() });
  const add = (n: number) => store.atomic(Array.from({ length: n }, (_, i) => outboxInsert('test', 'lease.test', { i }).op));

  await add(3);
  expect(await relayAs('a', a)).toBe(3);
  await add(2);
  expect(await relayAs('b', b)).toBe(0); // a holds the lease: b leaves the rows alone
  expect(await relayAs('a', a)).toBe(2);
  expect(await outbox.get(LEASE_ID)).toMatchObject({ status: 'lease', payload: { owner: 'node-a' } });

  await add(1);
  await new Promise((r) => setTimeout(r, 350)); // a went quiet: its lease lapses
  expect(await relayAs('b', b)).toBe(1);
  expect(await relayAs('a', a)).toBe(0);
  await b.release(); // b stops: a may take over at once
  await add(1);
  expect(await relayAs('a', a)).toBe(1);
  expect(sentBy).toEqual({ a: 6, b: 1 });
  // The lease row is no event: the relay never sends it, and it never counts as undelivered.
  expect(await outbox.count({ filter: { status: 'lease' } })).toBe(1);
});

it('applyOnce applies a redelivered event once', async () => {
  if (!ready) return;
  const { envelope } = outboxInsert('test', 'thing.counted', {});
  // The consumer's own write: here, a row of a kind nothing else writes, so it can be counted.
  const effect = () => [outboxInsert('test', 'consumer.effect', {}).op];
  expect(await applyOnce(store, envelope, effect())).toBe(true);
  expect(await applyOnce(store, envelope, effect())).toBe(false);
  expect(await outbox.count({ filter: { event: 'consumer.effect' } })).toBe(1);
});

describe('runOnce', () => {
  it('applies the work once per key, also when two calls race, and returns the first result to both', async () => {
    if (!ready) return;
    const { runOnce, createProcessedCalls } = await import('./idempotency');
    const s = await harness.createStore('once', { migrations: [{ name: '0001', steps: [createOutbox, createProcessedCalls] }] });
    let n = 0;
    const work = async () => ({ ops: [outboxInsert('test', 'paid', { n: ++n }).op], result: { n } });
    const [a, b] = await Promise.all([runOnce(s, 'saga-1:pay', 'pay', work), runOnce(s, 'saga-1:pay', 'pay', work)]);
    const again = await runOnce(s, 'saga-1:pay', 'pay', work);
    expect([a.fresh, b.fresh].filter(Boolean)).toHaveLength(1);
    expect(again).toEqual({ result: a.fresh ? a.result : b.result, fresh: false });
    expect(await s.collection('outbox').count({ filter: { event: 'paid' } })).toBe(1);
  });
});

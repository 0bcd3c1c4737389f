import { postgresServerHarness } from '../../test/support/harness.postgres';
import { requireOrSkip } from '../../test/support/engine-harness';
import { createInbox } from '../messaging/inbox';
import { createOutbox, outboxInsert, type OutboxRow } from '../messaging/outbox';
import { purgeRetained } from './retention';
import type { Store } from './store.types';

/** The retention purge on the real PostgreSQL server: what it drops, and everything it must keep. */
const harness = postgresServerHarness();
let store: Store;
let ready = false;
const DAY = 86_400_000;

beforeAll(async () => {
  ready = requireOrSkip(await harness.setup(), 'retention on PostgreSQL');
  if (!ready) return;
  store = await harness.createStore('retention', {
    migrations: [
      {
        name: '0001',
        steps: [
          createOutbox,
          createInbox,
          { createCollection: { name: 'idempotency_keys', fields: { key: 'string', createdAt: 'timestamp' } } },
          { createCollection: { name: 'notes', fields: { createdAt: 'timestamp' } } },
        ],
      },
    ],
  });
}, 60_000);
afterAll(() => harness.teardown());

it('drops delivered outbox rows, inbox and key records past the cutoff; keeps undelivered rows, newer rows and other collections', async () => {
  if (!ready) return;
  const now = Date.now();
  const old = now - 8 * DAY;
  const event = (at: number, status: OutboxRow['status'], publishedAt?: number) => {
    const { op } = outboxInsert('test', 'thing.happened', {}, at);
    const doc = op.op === 'insert' ? (op.doc as OutboxRow) : undefined;
    return { ...doc!, status, ...(publishedAt ? { publishedAt } : {}) };
  };
  const outbox = [event(old, 'sent', old), event(old, 'pending'), event(old, 'sending'), event(now, 'sent', now)];
  await store.collection<OutboxRow>('outbox').insertMany(outbox);
  await store.collection('inbox').insertMany([
    { id: 'e-old', event: 'x.y', source: 't', receivedAt: old },
    { id: 'e-new', event: 'x.y', source: 't', receivedAt: now },
  ]);
  await store.collection('idempotency_keys').insertMany([
    { id: 'k-old', key: 'a', createdAt: old },
    { id: 'k-new', key: 'b', createdAt: now },
  ]);
  await store.collection('notes').insert({ id: 'n-old', createdAt: old });

  const removed = await purgeRetained(store, ['outbox', 'inbox', 'idempotency_keys', 'notes'], now - 7 * DAY);
  expect(removed).toEqual({ outbox: 1, inbox: 1, idempotency_keys: 1 });
  const ids = async (c: string) => (await store.collection(c).find({})).map((d) => d.id).sort();
  expect(await ids('outbox')).toEqual(outbox.slice(1).map((r) => r.id).sort());
  expect(await ids('inbox')).toEqual(['e-new']);
  expect(await ids('idempotency_keys')).toEqual(['k-new']);
  expect(await ids('notes')).toEqual(['n-old']);
  expect(await purgeRetained(store, ['outbox', 'inbox', 'idempotency_keys'], now - 7 * DAY)).toEqual({
    outbox: 0,
    inbox: 0,
    idempotency_keys: 0,
  });
});

import { randomBytes } from 'node:crypto';
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { Store } from '../../mixins/store/store.types';
import { eventually } from '../support/eventually';
import { client, type Call } from '../support/http';
import { startPlatform, type Platform } from '../support/platform';

/**
 * Durable events on the real NATS JetStream: the gateway and auth on one node, the users service
 * on another that goes down and comes back.
 */
let platform: Platform;
let call: Call;
let ns: string;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth']);
  call = client(platform.api);
  ns = process.env.NAMESPACE!;
}, 60_000);
afterAll(async () => {
  await platform?.stop();
  await dropStreams();
});

type WithStore = { store(name: string): Store };
const storeOf = (broker: ServiceBroker, service: string, store: string) =>
  (broker.getLocalService(service) as unknown as WithStore).store(store);

async function register(name = 'Dee'): Promise<string> {
  const email = `durable-${randomBytes(4).toString('hex')}@example.com`;
  const res = await call<{ user: { id: string } }>('POST', '/auth/register', { email, password: 'a-long-enough-secret', name });
  expect(res.status).toBe(201);
  return res.body.user.id;
}

async function registeredEnvelope(userId: string): Promise<EventEnvelope> {
  const rows = await storeOf(platform.broker, 'auth', 'auth')
    .collection<OutboxRow>('outbox')
    .find({ filter: { event: 'user.registered' } });
  const row = rows.find((r) => (r.payload.data as { id: string }).id === userId)!;
  await eventually(
    async () => (await storeOf(platform.broker, 'auth', 'auth').collection<OutboxRow>('outbox').get(row.id))?.status === 'sent',
  );
  return row.payload;
}

async function nats() {
  const { connect } = await import('nats');
  return connect({ servers: process.env.TRANSPORTER! });
}

/** Leaves no stream of this run's namespace on the shared server. */
async function dropStreams() {
  const nc = await nats();
  const jsm = await nc.jetstreamManager();
  for await (const s of jsm.streams.list()) if (s.config.name.startsWith(`${ns}_`)) await jsm.streams.delete(s.config.name);
  await nc.close();
}

it('an event published while its consumer node is down is handled once after the node returns', async () => {
  const first = await platform.addNode(['users'], 'users-1');
  const early = await register();
  const profiles = () => storeOf(first, 'users', 'users').collection('profiles');
  await eventually(() => profiles().get(early), 10_000);
  await first.stop();

  const userId = await register();
  const envelope = await registeredEnvelope(userId);

  const again = await platform.addNode(['users'], 'users-2');
  const users = storeOf(again, 'users', 'users');
  const profile = await eventually(() => users.collection('profiles').get(userId), 10_000);
  expect(profile).toMatchObject({ id: userId, name: 'Dee' });
  expect(await users.collection('inbox').count({ filter: { id: envelope.id } })).toBe(1);

  // The same envelope once more: the server drops the re-publish by id, and a copy that got past it
  // (published without the id, as after the duplicate window) is absorbed by the consumer's inbox.
  const nc = await nats();
  const js = nc.jetstream();
  const dup = await js.publish(`${ns}.events.user.registered`, new TextEncoder().encode(JSON.stringify(envelope)), {
    msgID: envelope.id,
  });
  expect(dup.duplicate).toBe(true);
  const copy = await js.publish(`${ns}.events.user.registered`, new TextEncoder().encode(JSON.stringify(envelope)));
  const jsm = await nc.jetstreamManager();
  await eventually(
    async () => (await jsm.consumers.info(copy.stream, `${ns}_users_user_registered`)).ack_floor.stream_seq >= copy.seq,
    10_000,
  );
  await nc.close();
  expect(await users.collection('profiles').count({ filter: { id: userId } })).toBe(1);
  expect(await users.collection('inbox').count({ filter: { event: 'user.registered' } })).toBe(2);
}, 30_000);

it('a handler that keeps failing lands in the dead letters after its attempts, and replay delivers it again', async () => {
  const { ConsumerMixin } = await import('../../mixins/messaging/consumer.mixin');
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  let broken = true;
  const handled: string[] = [];
  const attempts = new Map<string, number>();
  const probe = {
    name: 'flaky-probe',
    mixins: [ConsumerMixin({ maxAttempts: 3, backoffMs: () => 100 })],
    eventConsumers: {
      async 'user.registered'(envelope: EventEnvelope) {
        const { id, name } = envelope.data as { id: string; name: string };
        attempts.set(id, (attempts.get(id) ?? 0) + 1);
        if (broken && name === 'Poison') throw new Error(`cannot handle ${id}`);
        handled.push(id);
      },
    },
  } as unknown as ServiceSchema;
  platform.broker.createService(probe);
  await platform.broker.waitForServices(['flaky-probe']);
  const opts = { meta: { user: SYSTEM_PRINCIPAL } };
  const dlq = (action: string, params: object = {}) => platform.broker.call(`flaky-probe.deadLetters.${action}`, params, opts);

  const healthy = await register();
  const poison = await register('Poison');
  await eventually(async () => handled.includes(healthy), 10_000);
  const letters = await eventually(async () => {
    const list = (await dlq('list')) as { id: string; envelope: EventEnvelope; attempts: number; error: string }[];
    return list.length > 0 && list;
  }, 10_000);
  expect(letters).toHaveLength(1);
  expect(letters[0]).toMatchObject({
    group: 'flaky-probe',
    event: 'user.registered',
    attempts: 3,
    error: `cannot handle ${poison}`,
  });
  expect((letters[0].envelope.data as { id: string }).id).toBe(poison);
  expect(attempts.get(poison)).toBe(3);
  expect(handled).not.toContain(poison);
  expect(await dlq('get', { id: letters[0].id })).toEqual(letters[0]);

  broken = false;
  expect(await dlq('replay', { id: letters[0].id })).toEqual({ replayed: letters[0].id });
  await eventually(async () => handled.includes(poison), 10_000);
  expect(attempts.get(poison)).toBe(4);
  expect(await dlq('list')).toEqual([]);
  await expect(dlq('get', { id: letters[0].id })).rejects.toMatchObject({ code: 404 });
  await expect(dlq('replay', { id: letters[0].id })).rejects.toMatchObject({ code: 404 });
}, 30_000);

it('the retention purge drops delivered outbox rows (storesPurge), never an undelivered one', async () => {
  const userId = await register('Rita');
  await registeredEnvelope(userId); // delivered: marked sent
  const outbox = storeOf(platform.broker, 'auth', 'auth').collection<OutboxRow>('outbox');
  const { envelope } = (await import('../../mixins/messaging/outbox')).outboxInsert('auth', 'user.held-back', {});
  // A row the relay cannot send yet (its retry is an hour away): old, but undelivered.
  const at = Date.now() - 1_000;
  const held: OutboxRow = {
    id: envelope.id,
    event: envelope.event,
    payload: envelope,
    status: 'pending',
    attempts: 1,
    availableAt: Date.now() + 3_600_000,
    createdAt: at,
  };
  await outbox.insert(held);
  const sent = await outbox.count({ filter: { status: 'sent' } });
  expect(sent).toBeGreaterThan(0);
  const opts = { meta: { user: (await import('../../mixins/access/access.types')).SYSTEM_PRINCIPAL } };
  const purged = (await platform.broker.call('auth.storesPurge', { olderThanMs: 0 }, opts)) as {
    store: string;
    removed: Record<string, number>;
  }[];
  expect(purged).toEqual([{ store: 'auth', removed: { outbox: sent } }]);
  expect(await outbox.count({ filter: { status: 'sent' } })).toBe(0);
  expect(await outbox.get(held.id)).toMatchObject({ status: 'pending' });
  await outbox.remove(held.id);
});

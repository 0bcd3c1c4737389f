import { startCheckoutWorld, type CheckoutWorld } from '../checkout/checkout.world';
import type { Identity } from '../support/identities';
import { runScript, type RunningProcess } from '../support/processes';
import { privateNats, privatePostgres, privateRedis, type PrivateServer } from '../support/private-servers';

/**
 * A cluster on servers of its own (NATS with JetStream, Redis, PostgreSQL), so that the test may
 * restart and stop them: the gateway with identity and catalog in this process, the commerce node
 * (orders, payments, saga coordinator, discounts, shipping, returns) and the notifications consumer as child processes.
 */
export interface FaultWorld {
  w: CheckoutWorld;
  nats: PrivateServer;
  redis: PrivateServer;
  postgres: PrivateServer;
  namespace: string;
  commerce: RunningProcess;
  notifications: RunningProcess;
  restartNotifications(): Promise<void>;
  stop(): Promise<void>;
}

const LOCAL = ['api', 'auth', 'users', 'products', 'inventory', 'carts', 'search'];
const COMMERCE = ['orders', 'payments', 'sagas', 'discounts', 'shipping', 'returns'];
const node = (services: string, tag: string) =>
  runScript('scripts/node.ts', { SERVICES: services, NODE_ID: `${tag}-${process.pid}-${Date.now()}`, LOG_LEVEL: 'warn' });

export async function startFaultWorld(): Promise<FaultWorld> {
  const [nats, redis, postgres] = await Promise.all([privateNats(), privateRedis(), privatePostgres()]);
  const w = await startCheckoutWorld(
    {
      TRANSPORTER: nats.url,
      REDIS_URL: redis.url,
      POSTGRES_URL: postgres.url,
      CACHER: 'redis',
      COUNTER_STORE: 'redis',
      LOG_LEVEL: 'warn',
      // Quicker resumes and failure detection than production, so the test ends in bounded time.
      SAGA_RESUME_INTERVAL_MS: '1000',
      SAGA_LEASE_MS: '3000',
      REQUEST_TIMEOUT_MS: '5000',
    },
    LOCAL,
  );
  // The children inherit the environment the platform set (namespace, servers, keys, prefix).
  const world: FaultWorld = {
    w,
    nats,
    redis,
    postgres,
    namespace: process.env.NAMESPACE!,
    commerce: node(COMMERCE.join(','), 'commerce'),
    notifications: node('notifications', 'notifications'),
    async restartNotifications() {
      world.notifications = node('notifications', 'notifications');
      await w.platform.broker.waitForServices(['notifications'], 60_000);
    },
    async stop() {
      await Promise.all([world.commerce.stop(), world.notifications.stop()]);
      await w.platform.stop().catch(() => undefined);
      await Promise.all([nats.destroy(), redis.destroy(), postgres.destroy()]);
    },
  };
  await w.platform.broker.waitForServices([...COMMERCE, 'notifications'], 90_000);
  return world;
}

/**
 * SIGKILLs the notifications node while it holds an order notice's claim (between claiming and
 * marking it done), as a crash mid-send would: it is paused until a claim is open, then killed.
 */
export async function killMidNotice(world: FaultWorld): Promise<string[]> {
  const { config } = await import('../../config/config');
  const { createStore } = await import('../../mixins/store/store.factory');
  const { STORE_SCHEMAS } = await import('../../services/store-schemas');
  const store = createStore(config(), 'notifications', STORE_SCHEMAS.notifications!);
  await store.connect();
  const { child } = world.notifications;
  let open: { id: string; orderId: string }[] = [];
  try {
    for (let i = 0; i < 2_000 && !open.length; i++) {
      if (i) child.kill('SIGCONT');
      await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGSTOP');
      open = await store.collection<{ id: string; orderId: string }>('notices').find({ filter: { status: 'sending' } });
    }
  } finally {
    child.kill('SIGKILL');
    await store.disconnect();
  }
  return open.map((n) => n.orderId);
}

export type Phase = 'steady' | 'nats-restart' | 'redis-down' | 'postgres-restart' | 'consumer-killed';
export interface Attempt {
  phase: Phase;
  /** HTTP status, or 0 when the request itself failed. */
  status: number;
  detail?: string;
}

/**
 * Places an order the way a well-behaved client does: on a network error, a 5xx or a 409 (the
 * same key still being processed) it retries with the same Idempotency-Key until it gets the order.
 */
export async function placeWithRetries(
  w: CheckoutWorld,
  who: Identity,
  key: string,
  phase: () => Phase,
  attempts: Attempt[],
  paymentToken = 'tok_visa',
  deadlineMs = 120_000,
): Promise<string> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const at = phase();
    try {
      const res = await w.checkout(who, key, paymentToken);
      attempts.push({
        phase: at,
        status: res.status,
        detail: res.status >= 300 ? JSON.stringify(res.body).slice(0, 200) : undefined,
      });
      if (res.status === 202 || res.status === 200) return res.body.id;
      if (res.status < 500 && res.status !== 409) throw new Error(`checkout ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    } catch (err) {
      if ((err as Error).message.startsWith('checkout ')) throw err;
      attempts.push({ phase: at, status: 0, detail: (err as Error).message });
    }
    if (Date.now() > deadline) throw new Error(`checkout ${key} never accepted: ${JSON.stringify(attempts.slice(-3))}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

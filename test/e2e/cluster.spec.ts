import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { findDynamoLocal, startDynamoLocal } from '../../mixins/store/dynamodb/dynamodb-local';
import { startMongoStandIn } from '../support/mongo-standin';
import { requireOrSkip } from '../support/engine-harness';
import { freePort, runScript, waitForStatus, type RunningProcess } from '../support/processes';
import { portReason } from '../support/servers';
import { checkoutStory } from '../checkout/checkout.story';
import { dropStreams } from '../support/platform';
import { REGISTRY } from '../../services/registry';

interface Health {
  status: string;
  failing: string[];
  transporter: { kind: string; connected: boolean };
  services: { service: string; nodes: string[]; stores: { store: string; engine: string }[] }[];
}

/** Three broker processes over real NATS, Redis, PostgreSQL and DynamoDB Local (Mongo: the stand-in). */
describe('cluster mode over NATS', () => {
  const id = randomBytes(4).toString('hex');
  const prefix = `t${id}_`;
  const procs: RunningProcess[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  let ready = false;
  let env: Record<string, string> = {};
  let api = '';

  beforeAll(async () => {
    const reasons = await Promise.all([portReason(5432, 'PostgreSQL'), portReason(6379, 'Redis'), portReason(4222, 'NATS')]);
    const reason = reasons.find(Boolean) ?? (findDynamoLocal() ? null : 'Java or DynamoDB Local is missing');
    ready = requireOrSkip(reason ?? null, 'cluster e2e');
    if (!ready) return;
    const mongo = await startMongoStandIn();
    const dynamo = await startDynamoLocal({});
    cleanups.push(
      () => mongo.stop(),
      () => dynamo.stop(),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}/api`;
    env = {
      MODE: 'cluster',
      NAMESPACE: `t${id}`,
      TRANSPORTER: 'nats://127.0.0.1:4222',
      CACHER: 'redis',
      REDIS_URL: 'redis://127.0.0.1:6379',
      POSTGRES_URL: process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      MONGO_URL: mongo.url,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      STORE_PREFIX: prefix,
      ADMIN_PASSWORD: 'correct-horse-battery-staple',
      JWT_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      PII_KEYS: `p1:${randomBytes(32).toString('base64')}`,
      PAYMENT_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
      SHIPPING_WEBHOOK_SECRET: `shipsec_${randomBytes(24).toString('hex')}`,
      // The sandbox carrier moves shipments along in a fraction of a second, so the story sees them delivered.
      SANDBOX_CARRIER_STEP_MS: '200',
      PORT: String(port),
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    if (!ready) return;
    const pg = new Client({ connectionString: env.POSTGRES_URL });
    await pg.connect();
    for (const store of ['auth', 'users', 'orders', 'payments', 'saga', 'shipping', 'shipments', 'returns'])
      await pg.query(`DROP DATABASE IF EXISTS "${prefix}${store}" WITH (FORCE)`);
    await pg.end();
    const redis = new Redis(env.REDIS_URL);
    const keys = await redis.keys(`t${id}-cache*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await dropStreams(`t${id}`);
    for (const c of cleanups) await c();
  }, 60_000);

  it('serves health and reads across nodes, caches in Redis, and names a node that leaves', async () => {
    if (!ready) return;
    const node = (nodeId: string, services: string) => {
      const p = runScript('scripts/node.ts', { ...env, NODE_ID: `${nodeId}-${id}`, SERVICES: services });
      procs.push(p);
      return p;
    };
    // The compose layout: each node runs the services the registry places on it.
    const servicesOf = (name: string) => REGISTRY.nodes.get(name)!.join(',');
    const gateway = node('gateway', servicesOf('gateway'));
    node('identity', servicesOf('identity'));
    const catalog = node('catalog', servicesOf('catalog'));
    node('commerce', servicesOf('commerce'));
    node('fulfilment', servicesOf('fulfilment'));

    const health = (await waitForStatus(`${api}/health`, 200, 90_000, gateway)) as Health;
    expect(health.transporter).toEqual({ kind: 'nats', connected: true });
    const byService = Object.fromEntries(health.services.map((s) => [s.service, s]));
    expect(byService.api.nodes).toEqual([`gateway-${id}`]);
    expect(byService.inventory.nodes).toEqual([`catalog-${id}`]);
    const engines = Object.fromEntries(health.services.flatMap((s) => s.stores.map((st) => [st.store, st.engine])));
    expect(engines).toEqual({
      auth: 'postgres',
      users: 'postgres',
      catalog: 'mongo',
      inventory: 'dynamodb',
      carts: 'dynamodb',
      orders: 'postgres',
      'order-history': 'dynamodb',
      payments: 'postgres',
      notifications: 'mongo',
      saga: 'postgres',
      search: 'postgres',
      discounts: 'postgres',
      tax: 'postgres',
      shipping: 'postgres',
      shipments: 'postgres',
      returns: 'postgres',
    });

    const products = (await (await fetch(`${api}/products`)).json()) as { total: number };
    expect(products.total).toBe(0);
    // Inventory asks the catalog on another node: no product has this SKU, so its stock is not public.
    const levels = await fetch(`${api}/inventory/NO-SUCH-SKU`);
    expect([levels.status, await levels.json()]).toEqual([404, { error: { type: 'NOT_FOUND', message: 'SKU not found' } }]);
    // A product read goes through the catalog's cached internal reads (listings are the search service's, uncached).
    expect((await fetch(`${api}/products/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const redis = new Redis(env.REDIS_URL);
    try {
      expect((await redis.keys(`t${id}-cache*products.priceBoundaries*`)).length).toBe(1);
    } finally {
      redis.disconnect();
    }

    // Identity across nodes: the gateway verifies the token auth signed; users builds the profile from auth's event.
    const reg = await fetch(`${api}/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'node-hopper@example.com', password: 'a long enough passphrase', name: 'Hopper' }),
    });
    expect(reg.status).toBe(201);
    const { accessToken } = (await reg.json()) as { accessToken: string };
    const me = await fetch(`${api}/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'node-hopper@example.com', name: 'Hopper' });

    // The whole checkout story across four processes.
    await checkoutStory(api, { email: 'admin@example.com', password: env.ADMIN_PASSWORD });

    await catalog.stop();
    const after = (await waitForStatus(`${api}/health`, 503, 30_000, gateway)) as Health;
    expect(after.failing).toEqual(
      expect.arrayContaining([
        'service products: no node runs this service',
        'service inventory: no node runs this service',
        'service carts: no node runs this service',
      ]),
    );
  }, 180_000);
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServiceBroker } from 'moleculer';
import { Client } from 'pg';
import { STORE_NAMES, storeEnvVar } from '../../config/stores';
import type { LoadableName as ServiceName } from '../../services';
import { freePort } from './processes';

const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Platform {
  broker: ServiceBroker;
  /** e.g. http://127.0.0.1:PORT/api */
  api: string;
  /** Log lines every logger wrote (for leak checks). */
  logs: string[];
  dataDir: string;
  /** Starts another node of the same cluster (same namespace, NATS, Redis and databases) in this process. */
  addNode(services: ServiceName[], nodeId: string): Promise<ServiceBroker>;
  stop(): Promise<void>;
}

/**
 * An in-process cluster node running `services` against the real servers: NATS transporter, Redis
 * cacher and counters, every store on the PostgreSQL server (each store's engine is config, and
 * the contract suite proves the engines equal). A unique namespace and store prefix keep parallel
 * runs apart; stop() drops the databases it made.
 *
 * Must be called before anything imports config/ (the config is read once per Jest module registry).
 */
export async function startPlatform(services: ServiceName[], env: Record<string, string> = {}): Promise<Platform> {
  const id = randomBytes(4).toString('hex');
  const prefix = `t${id}_`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shop-platform-'));
  const port = await freePort();
  const allPostgres = Object.fromEntries(STORE_NAMES.map((s) => [storeEnvVar(s), 'postgres']));
  Object.assign(process.env, {
    MODE: 'cluster',
    TRANSPORTER: 'nats://127.0.0.1:4222',
    NAMESPACE: `t${id}`,
    NODE_ID: `test-${id}`,
    STORE_PREFIX: prefix,
    CACHER: 'redis',
    COUNTER_STORE: 'redis',
    JWT_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
    PII_KEYS: `p1:${randomBytes(32).toString('base64')}`,
    PAYMENT_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
    SHIPPING_WEBHOOK_SECRET: `shipsec_${randomBytes(24).toString('hex')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ADMIN_PASSWORD: '',
    REQUEST_RETRIES: '0',
    // Tests send thousands of requests from one address; the limit itself has its own test.
    RATE_LIMIT: '1000000',
    ...allPostgres,
    // A world without the shipping service is a shop that charges no shipping (an outage is not).
    ...(services.includes('shipping') ? {} : { SHIPPING_CHARGES: 'none' }),
    ...env,
  });
  const logs: string[] = [];
  const { createNode } = await import('../../scripts/boot');
  const { broker } = await createNode(services, { logSink: (line) => logs.push(line) });
  const extra: ServiceBroker[] = [];
  const api = `http://127.0.0.1:${port}/api`;
  try {
    await broker.start();
    if (services.includes('api')) await waitHealthy(api, services);
  } catch (err) {
    // Leave nothing behind that would keep Jest from finishing (cacher and transporter connections).
    await broker.stop().catch(() => undefined);
    await dropDatabases(prefix).catch(() => undefined);
    throw new Error(`platform failed to start: ${(err as Error).message}\n${logs.slice(-20).join('\n')}`);
  }
  return {
    broker,
    api,
    logs,
    dataDir,
    async addNode(more, nodeId) {
      const node = (await createNode(more, { logSink: (line) => logs.push(line), nodeId })).broker;
      extra.push(node);
      await node.start();
      return node;
    },
    async stop() {
      await Promise.all(extra.map((n) => n.stop()));
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
      await dropDatabases(prefix);
      await dropStreams(`t${id}`);
    },
  };
}

/** Healthy as far as the started services go: a partial platform never reports 200 overall. */
async function waitHealthy(api: string, services: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${api}/health`).catch((e: Error) => ({ status: 0, json: async () => ({ failing: [e.message] }) }));
    const body = (await res.json()) as { failing?: string[] };
    const mine = (body.failing ?? []).filter(
      (f) => !/^service (\w+): no node runs/.test(f) || services.includes(/^service (\w+)/.exec(f)![1]),
    );
    if ((res.status === 200 || res.status === 503) && mine.length === 0) return;
    last = JSON.stringify(body);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`platform never became healthy: ${last}`);
}

/** Drops every database of a run's store prefix (refusing anything but a test prefix `t<8 hex>_`). */
export async function dropDatabases(prefix: string): Promise<number> {
  if (!/^t[0-9a-f]{8}_$/.test(prefix)) throw new Error(`refusing to drop databases for an unexpected prefix ${prefix}`);
  const pg = new Client({ connectionString: PG_URL });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [
      prefix,
    ]);
    for (const { datname } of rows) await pg.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  } finally {
    await pg.end();
  }
}

/** The JetStream streams this run's namespace made (`<namespace>_EVENTS_*`): the shared server keeps nothing of a test. */
export async function dropStreams(namespace: string): Promise<void> {
  const { connect } = await import('nats');
  const nc = await connect({ servers: process.env.TRANSPORTER ?? 'nats://127.0.0.1:4222' });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list())
      if (s.config.name.startsWith(`${namespace}_`)) await jsm.streams.delete(s.config.name);
  } finally {
    await nc.close();
  }
}

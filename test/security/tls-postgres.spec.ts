import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../config/config';
import { withServer } from '../../mixins/store/postgres/postgres.connection';
import { createStore } from '../../mixins/store/store.factory';
import type { Store, StoreSchema } from '../../mixins/store/store.types';
import { requireOrSkip } from '../support/engine-harness';
import { privatePostgres, privateServersReason, type PrivateServer } from '../support/private-servers';
import { makeTestPki, pkiReason, type TestPki } from '../support/tls-certs';

/**
 * PostgreSQL over TLS, end to end through config and the store factory: a server of the test's own
 * with ssl on, a throwaway CA, and pg_hba admitting TCP clients over TLS only.
 */
const SCHEMA: StoreSchema = {
  migrations: [{ name: '0001', steps: [{ createCollection: { name: 'notes', fields: { text: 'string' } } }] }],
};

let ready = false;
let pki: TestPki;
let pg: PrivateServer;
const opened: Store[] = [];
const prefix = `t${randomBytes(4).toString('hex')}_`;

beforeAll(async () => {
  ready = requireOrSkip(privateServersReason() ?? pkiReason(), 'PostgreSQL over TLS');
  if (!ready) return;
  pki = makeTestPki();
  pg = await privatePostgres(pki);
}, 60_000);

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.disconnect().catch(() => undefined)));
});

afterAll(async () => {
  await pg?.destroy();
  pki?.remove();
});

const at = (host: string, query = '') => `postgres://postgres@${host}:${pg.port}/postgres${query}`;

/**
 * The config a cluster node would load from `env` (TLS settings read and checked by loadConfig);
 * only the mode is switched afterwards, so this test does not depend on every cluster-only secret.
 */
function cluster(env: Record<string, string>): AppConfig {
  return { ...loadConfig({ STORE_PREFIX: prefix, ...env }), mode: 'cluster' };
}

/** The orders store as a cluster node would make it from `env`, connected (and migrated). */
async function ordersStore(env: Record<string, string>): Promise<Store> {
  const store = createStore(cluster(env), 'orders', SCHEMA);
  opened.push(store);
  await store.connect();
  return store;
}

it('connects with sslmode=verify-full and the CA, and every store connection is encrypted', async () => {
  if (!ready) return;
  const url = at('localhost', '?sslmode=verify-full');
  const store = await ordersStore({ POSTGRES_URL: url, POSTGRES_CA_FILE: pki.caFile });
  await store.collection('notes').insert({ id: 'n1', text: 'over TLS' });
  expect(await store.collection('notes').get('n1')).toMatchObject({ id: 'n1', text: 'over TLS' });

  // The server's own view of the store's pooled sessions.
  const sessions: { ssl: boolean }[] = await withServer(
    url,
    (ds) =>
      ds.query(`SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'store:orders'`),
    undefined,
    pki.caFile,
  );
  expect(sessions.length).toBeGreaterThan(0);
  expect(sessions.every((s) => s.ssl === true)).toBe(true);
});

it('refuses a server whose certificate the configured CA did not sign, saying what to check', async () => {
  if (!ready) return;
  const refused = ordersStore({ POSTGRES_URL: at('localhost', '?sslmode=verify-full'), POSTGRES_CA_FILE: pki.otherCaFile });
  await expect(refused).rejects.toThrow(
    /TLS certificate was refused \(unable to verify the first certificate.*\): check POSTGRES_CA_FILE/,
  );
});

it('verify-full checks the host name against the certificate; verify-ca checks only the CA', async () => {
  if (!ready) return;
  // 127.0.0.1 reaches the same server, but the certificate names only `localhost`.
  const wrongName = ordersStore({ POSTGRES_URL: at('127.0.0.1', '?sslmode=verify-full'), POSTGRES_CA_FILE: pki.caFile });
  await expect(wrongName).rejects.toThrow(/TLS certificate was refused.*altnames.*host name in POSTGRES_URL/);
  const store = await ordersStore({ POSTGRES_URL: at('127.0.0.1', '?sslmode=verify-ca'), POSTGRES_CA_FILE: pki.caFile });
  expect(await store.collection('notes').count()).toBeGreaterThanOrEqual(0);
});

it('is turned away by the server without TLS (pg_hba admits hostssl only)', async () => {
  if (!ready) return;
  await expect(ordersStore({ POSTGRES_URL: at('localhost') })).rejects.toThrow(/pg_hba\.conf rejects connection.*no encryption/);
  await expect(ordersStore({ POSTGRES_URL: at('localhost', '?sslmode=disable') })).rejects.toThrow(/no encryption/);
});

it('fails at config load, before any connection, on a CA file that holds no certificate', () => {
  if (!ready) return;
  expect(() => cluster({ POSTGRES_URL: at('localhost', '?sslmode=verify-full'), POSTGRES_CA_FILE: pki.keyFile })).toThrow(
    /POSTGRES_CA_FILE must be a readable PEM certificate file .*no PEM certificate in it/,
  );
});

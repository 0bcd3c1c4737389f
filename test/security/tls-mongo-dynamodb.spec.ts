import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../config/config';
import { findDynamoLocal, startDynamoLocal, type DynamoLocal } from '../../mixins/store/dynamodb/dynamodb-local';
import { createStore } from '../../mixins/store/store.factory';
import type { Store, StoreSchema } from '../../mixins/store/store.types';
import { requireOrSkip } from '../support/engine-harness';
import { startMongoStandIn } from '../support/mongo-standin';
import { makeTestPki, pkiReason, type TestPki } from '../support/tls-certs';
import { tlsProxy, type TlsProxy } from '../support/tls-proxy';

/**
 * MongoDB (MONGO_URL tls=true, MONGO_CA_FILE) and DynamoDB (https DYNAMODB_ENDPOINT,
 * DYNAMODB_CA_FILE) over TLS, through the store factory as a cluster node makes its stores. No
 * MongoDB server runs here and DynamoDB Local speaks only http, so each sits behind a TLS front
 * with a throwaway CA's certificate for `localhost`.
 */
const SCHEMA: StoreSchema = {
  migrations: [{ name: '0001', steps: [{ createCollection: { name: 'notes', fields: { text: 'string' } } }] }],
};
const prefix = `t${randomBytes(4).toString('hex')}_`;
let pki: TestPki | undefined;
const cleanups: (() => Promise<void>)[] = [];
const opened: Store[] = [];

beforeAll(() => {
  if (requireOrSkip(pkiReason(), 'MongoDB and DynamoDB over TLS')) pki = makeTestPki();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.disconnect().catch(() => undefined)));
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  pki?.remove();
});

const node = (env: Record<string, string>): AppConfig => ({ ...loadConfig({ STORE_PREFIX: prefix, ...env }), mode: 'cluster' });
async function connected(cfg: AppConfig, store: 'catalog' | 'inventory'): Promise<Store> {
  const s = createStore(cfg, store, SCHEMA);
  opened.push(s);
  await s.connect();
  return s;
}
async function roundTrip(store: Store): Promise<void> {
  await store.collection('notes').insert({ id: 'n1', text: 'over TLS' });
  expect(await store.collection('notes').get('n1')).toMatchObject({ text: 'over TLS' });
}

describe('MongoDB over TLS', () => {
  let proxy: TlsProxy;
  beforeAll(async () => {
    if (!pki) return;
    const standIn = await startMongoStandIn();
    const { port } = new URL(standIn.url);
    proxy = await tlsProxy({ host: '127.0.0.1', port: Number(port) }, pki);
    cleanups.push(
      () => standIn.stop(),
      () => proxy.close(),
    );
  });
  // directConnection: the stand-in announces its own plaintext address as the replica set member.
  const url = () => `mongodb://localhost:${proxy.port}/?tls=true&directConnection=true&serverSelectionTimeoutMS=3000`;

  it('connects with tls=true and MONGO_CA_FILE, and its traffic goes through TLS', async () => {
    if (!pki) return;
    await roundTrip(await connected(node({ MONGO_URL: url(), MONGO_CA_FILE: pki.caFile }), 'catalog'));
    expect(proxy.sessions()).toBeGreaterThan(0);
  });

  it('refuses a server the CA did not sign', async () => {
    if (!pki) return;
    await expect(connected(node({ MONGO_URL: url(), MONGO_CA_FILE: pki.otherCaFile }), 'catalog')).rejects.toThrow(/certificate/);
  });
});

describe('DynamoDB over https', () => {
  let proxy: TlsProxy;
  let local: DynamoLocal | undefined;
  const keys = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY };
  beforeAll(async () => {
    if (!pki || !requireOrSkip(findDynamoLocal() ? null : 'DynamoDB Local is not available', 'DynamoDB over https')) return;
    local = await startDynamoLocal({});
    const { port } = new URL(local.endpoint);
    proxy = await tlsProxy({ host: '127.0.0.1', port: Number(port) }, pki);
    cleanups.push(
      () => local!.stop(),
      () => proxy.close(),
    );
    // Cluster mode leaves credentials to the SDK's chain; DynamoDB Local takes any.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  }, 120_000);
  afterAll(() => {
    for (const [k, v] of Object.entries(keys))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('connects to an https endpoint behind a private CA with DYNAMODB_CA_FILE', async () => {
    if (!local) return;
    const endpoint = `https://localhost:${proxy.port}`;
    await roundTrip(await connected(node({ DYNAMODB_ENDPOINT: endpoint, DYNAMODB_CA_FILE: pki!.caFile }), 'inventory'));
    expect(proxy.sessions()).toBeGreaterThan(0);
  });

  it('refuses the endpoint without that CA (Node trusts only its public roots)', async () => {
    if (!local) return;
    const endpoint = `https://localhost:${proxy.port}`;
    await expect(connected(node({ DYNAMODB_ENDPOINT: endpoint }), 'inventory')).rejects.toThrow(/certificate/);
  });
});

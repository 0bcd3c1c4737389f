import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from './config';
import { mongoEncrypts, natsEncrypts } from './tls';
import { plaintextConnections } from './tls-required';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-config-'));
const ca = path.join(dir, 'ca.pem');
const notPem = path.join(dir, 'notes.txt');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
writeFileSync(notPem, 'hello');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every secret cluster mode insists on, so that only TLS decides whether it loads. */
const CLUSTER = {
  MODE: 'cluster',
  TRANSPORTER: 'nats://nats:4222',
  JWT_KEYS: `k1:${'s'.repeat(32)}`,
  PII_KEYS: `p1:${randomBytes(32).toString('base64')}`,
  PAYMENT_WEBHOOK_SECRET: 'w'.repeat(32),
  DYNAMODB_ENDPOINT: 'http://dynamodb:8000',
};
const ALL_TLS = {
  TRANSPORTER: 'tls://nats:4222',
  REDIS_URL: 'rediss://redis:6380',
  POSTGRES_URL: 'postgres://shop@db:5432/postgres?sslmode=verify-full',
  MONGO_URL: 'mongodb://mongo:27017/?replicaSet=rs0&tls=true',
  DYNAMODB_ENDPOINT: 'https://dynamodb.internal',
};

describe('TLS settings', () => {
  it('are off by default and change nothing', () => {
    expect(loadConfig({}).tls).toEqual({ required: false, nats: {} });
  });

  it('take CA files for every connection, and a tls:// transporter', () => {
    const cfg = loadConfig({
      ...ALL_TLS,
      POSTGRES_CA_FILE: ca,
      REDIS_CA_FILE: ca,
      MONGO_CA_FILE: ca,
      DYNAMODB_CA_FILE: ca,
      NATS_TLS_CA_FILE: ca,
      NATS_TLS_CERT_FILE: ca,
      NATS_TLS_KEY_FILE: notPem,
    });
    expect(cfg.transporter).toBe('tls://nats:4222');
    expect(cfg.tls).toEqual({
      required: false,
      postgresCaFile: ca,
      redisCaFile: ca,
      mongoCaFile: ca,
      dynamodbCaFile: ca,
      nats: { caFile: ca, certFile: ca, keyFile: notPem },
    });
  });

  it.each([
    [
      { POSTGRES_CA_FILE: path.join(dir, 'missing.pem') },
      /POSTGRES_CA_FILE must be a readable PEM certificate file .*missing\.pem: not readable/,
    ],
    [
      { REDIS_URL: 'rediss://r:6380', REDIS_CA_FILE: notPem },
      /REDIS_CA_FILE must be a readable PEM certificate file .*no PEM certificate in it/,
    ],
    [{ POSTGRES_CA_FILE: ca }, /POSTGRES_CA_FILE must be set only with POSTGRES_URL with sslmode=verify-full/],
    [{ REDIS_CA_FILE: ca }, /REDIS_CA_FILE must be set only with a rediss:\/\/ REDIS_URL/],
    [{ MONGO_CA_FILE: ca }, /MONGO_CA_FILE must be set only with MONGO_URL with tls=true/],
    [
      { DYNAMODB_ENDPOINT: 'http://d:8000', DYNAMODB_CA_FILE: ca },
      /DYNAMODB_CA_FILE must be set only with an https:\/\/ DYNAMODB_ENDPOINT/,
    ],
    [{ NATS_TLS_CERT_FILE: ca }, /NATS_TLS_KEY_FILE must be set together with NATS_TLS_CERT_FILE/],
    [
      { POSTGRES_URL: 'postgres://shop:s3cret@db/x?sslmode=prefer' },
      /POSTGRES_URL must be a URL whose sslmode is one of disable, require, verify-ca, verify-full \(got "postgres:\/\/shop:\*\*\*@db/,
    ],
    [{ REQUIRE_TLS: 'maybe' }, /REQUIRE_TLS must be true or false/],
    [{ TRANSPORTER: 'http://nats:4222' }, /TRANSPORTER must be a URL starting with nats:\/\/ or tls:\/\//],
  ])('fail fast naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echo a password from POSTGRES_URL', () => {
    expect(() => loadConfig({ POSTGRES_URL: 'postgres://shop:s3cret@db/x?sslmode=prefer' })).not.toThrow(/s3cret/);
  });

  it('read TLS from each URL form', () => {
    expect(mongoEncrypts('mongodb://m/?tls=true')).toBe(true);
    expect(mongoEncrypts('mongodb://m/?ssl=true')).toBe(true);
    expect(mongoEncrypts('mongodb+srv://m/')).toBe(true);
    expect(mongoEncrypts('mongodb+srv://m/?tls=false')).toBe(false);
    expect(mongoEncrypts('mongodb://m/')).toBe(false);
    expect(natsEncrypts('nats://n:4222', {})).toBe(false);
    expect(natsEncrypts('nats://n:4222', { caFile: ca })).toBe(true);
    expect(natsEncrypts('tls://n:4222', {})).toBe(true);
  });
});

describe('REQUIRE_TLS', () => {
  /** A cluster node's config, mode switched after loading (so only the connections matter). */
  const node = (env: Record<string, string> = {}): AppConfig => ({ ...loadConfig(env), mode: 'cluster' });

  it('names every plaintext connection a node uses, with the variable to change', () => {
    const plain = node({ CACHER: 'redis', DYNAMODB_ENDPOINT: 'http://dynamodb:8000' });
    expect(plaintextConnections({ ...plain, transporter: 'nats://n:4222' })).toEqual([
      'NATS (TRANSPORTER: use tls:// or set NATS_TLS_CA_FILE)',
      'Redis (REDIS_URL: use rediss://)',
      'PostgreSQL (POSTGRES_URL: add sslmode=verify-full, verify-ca or require)',
      'MongoDB (MONGO_URL: add tls=true)',
      'DynamoDB (DYNAMODB_ENDPOINT: use https://)',
    ]);
  });

  it('counts only the servers the node uses: its services’ stores, Redis only when cacher or counters are on it', () => {
    const orders = node({ SERVICES: 'orders', CACHER: 'memory', COUNTER_STORE: 'memory', DYNAMODB_ENDPOINT: 'http://d:8000' });
    // orders owns `orders` (postgres) and `order-history` (dynamodb); no MongoDB store, no Redis.
    expect(plaintextConnections({ ...orders, transporter: 'tls://n:4222' })).toEqual([
      'PostgreSQL (POSTGRES_URL: add sslmode=verify-full, verify-ca or require)',
      'DynamoDB (DYNAMODB_ENDPOINT: use https://)',
    ]);
    // No endpoint means AWS's own, which is https.
    expect(plaintextConnections({ ...node({ SERVICES: 'carts' }), transporter: 'tls://n:4222' })).toEqual([]);
  });

  it('finds nothing when every connection is TLS, and nothing in embedded mode (no servers)', () => {
    expect(plaintextConnections({ ...node({ ...ALL_TLS, CACHER: 'redis' }) })).toEqual([]);
    expect(plaintextConnections(loadConfig({ CACHER: 'redis', TRANSPORTER: 'nats://n:4222' }))).toEqual([]);
  });

  it('stops a cluster node from loading its config while any connection is plaintext, naming each', () => {
    expect(() => loadConfig({ ...CLUSTER, REQUIRE_TLS: 'true' })).toThrow(
      /REQUIRE_TLS must be true only when every connection uses TLS \(got "plaintext: NATS .*; Redis .*; PostgreSQL .*; MongoDB .*; DynamoDB .*"\)/,
    );
    expect(() => loadConfig({ ...CLUSTER, ...ALL_TLS, MONGO_URL: 'mongodb://m/', REQUIRE_TLS: 'true' })).toThrow(
      /got "plaintext: MongoDB \(MONGO_URL: add tls=true\)"/,
    );
    expect(loadConfig({ ...CLUSTER, ...ALL_TLS, REQUIRE_TLS: 'true' }).tls.required).toBe(true);
    // Off (the default), a plaintext cluster still starts.
    expect(loadConfig(CLUSTER).tls.required).toBe(false);
  });
});

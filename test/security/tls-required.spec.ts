import { randomBytes } from 'node:crypto';
import { runScript } from '../support/processes';

/** REQUIRE_TLS=true: a cluster node refuses to start at all while a connection it uses is plaintext. */
it('stops a cluster node before it connects anywhere, naming each plaintext connection and no secret', async () => {
  const jwtSecret = randomBytes(32).toString('base64url');
  const node = runScript('scripts/node.ts', {
    MODE: 'cluster',
    SERVICES: 'orders',
    NODE_ID: `tls-required-${process.pid}`,
    TRANSPORTER: 'nats://127.0.0.1:4222',
    REDIS_URL: 'redis://127.0.0.1:6379',
    POSTGRES_URL: 'postgres://shop:pg-s3cret@127.0.0.1:5432/postgres',
    DYNAMODB_ENDPOINT: 'https://dynamodb.example.internal',
    JWT_KEYS: `k1:${jwtSecret}`,
    PII_KEYS: `p1:${randomBytes(32).toString('base64')}`,
    PAYMENT_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
    REQUIRE_TLS: 'true',
  });
  const code = await new Promise<number | null>((resolve) => {
    if (node.child.exitCode !== null) resolve(node.child.exitCode);
    node.child.once('exit', resolve);
  });
  const out = node.output();
  expect(code).toBe(1);
  expect(out).toMatch(/REQUIRE_TLS must be true only when every connection uses TLS/);
  // The orders node uses NATS, Redis (cluster default for cacher and counters), PostgreSQL and DynamoDB (https here).
  expect(out).toMatch(/plaintext: NATS \(TRANSPORTER: .*\); Redis \(REDIS_URL: .*\); PostgreSQL \(POSTGRES_URL: [^)]*\)"/);
  expect(out).not.toMatch(/MongoDB|DynamoDB \(/);
  expect(out).not.toContain('pg-s3cret');
  expect(out).not.toContain(jwtSecret);
}, 60_000);

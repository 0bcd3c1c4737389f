import { loadConfig } from './config';
import { STORE_DEFAULTS } from './stores';
import { effectiveEngine } from './effective-engine';

describe('config', () => {
  it('defaults to embedded mode with the production store map', () => {
    const cfg = loadConfig({});
    expect(cfg.mode).toBe('embedded');
    expect(cfg.cacher).toEqual({ kind: 'memory' });
    expect(cfg.stores.catalog).toBe('mongo');
    expect(cfg.stores.inventory).toBe('dynamodb');
    expect(cfg.stores.orders).toBe('postgres');
    expect(cfg.stores['order-history']).toBe('dynamodb');
    expect(Object.keys(cfg.stores).sort()).toEqual(Object.keys(STORE_DEFAULTS).sort());
  });

  it('moves a store to another engine by configuration alone', () => {
    const cfg = loadConfig({
      MODE: 'cluster',
      TRANSPORTER: 'nats://127.0.0.1:4222',
      JWT_KEYS: `k1:${'s'.repeat(32)}`,
      PAYMENT_WEBHOOK_SECRET: 'w'.repeat(32),
      PII_KEYS: `p1:${Buffer.alloc(32, 7).toString('base64')}`,
      STORE_INVENTORY: 'postgres',
      STORE_ORDER_HISTORY: 'mongo',
    });
    expect(cfg.stores.inventory).toBe('postgres');
    expect(cfg.stores['order-history']).toBe('mongo');
    expect(effectiveEngine(cfg, 'inventory')).toBe('postgres');
    expect(cfg.cacher).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379' });
  });

  it.each([
    [{ MODE: 'cluster' }, /TRANSPORTER must be set in cluster mode/],
    [{ MODE: 'sideways' }, /MODE must be one of embedded, cluster \(got "sideways"\)/],
    [{ PORT: 'eighty' }, /PORT must be an integer from 0 to 65535/],
    [{ STORE_CATALOG: 'oracle' }, /STORE_CATALOG must be one of postgres, pglite, mongo, dynamodb/],
    [{ TRANSPORTER: 'amqp://x' }, /TRANSPORTER must be a URL starting with nats:\/\//],
    [{ METRICS: 'maybe' }, /METRICS must be true or false/],
    [{ CACHER: 'memcached' }, /CACHER must be memory, redis or none/],
    [{ MODE: 'cluster', TRANSPORTER: 'nats://n:4222' }, /JWT_KEYS must be set in cluster mode/],
    [
      { MODE: 'cluster', TRANSPORTER: 'nats://n:4222', JWT_KEYS: `k:${'s'.repeat(32)}` },
      /PAYMENT_WEBHOOK_SECRET must be set in cluster mode/,
    ],
    [{ JWT_KEYS: 'k1:short' }, /JWT_KEYS must be kid:secret pairs/],
    [{ JWT_KEYS: `a:${'x'.repeat(32)},a:${'y'.repeat(32)}` }, /JWT_KEYS must be pairs with distinct key ids/],
    [{ COUNTER_STORE: 'mongo' }, /COUNTER_STORE must be one of redis, memory/],
  ])('fails fast naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads rotating JWT keys, the first one signing, and never echoes a secret', () => {
    const keys = loadConfig({ JWT_KEYS: `new:${'n'.repeat(40)}, old:${'o'.repeat(40)}` }).security.jwtKeys;
    expect(keys).toEqual([
      { kid: 'new', secret: 'n'.repeat(40) },
      { kid: 'old', secret: 'o'.repeat(40) },
    ]);
    expect(() => loadConfig({ JWT_KEYS: 'k1:tooshortsecret' })).not.toThrow(/tooshortsecret/);
  });

  it('never echoes a password from a bad URL', () => {
    expect(() => loadConfig({ POSTGRES_URL: 'mysql://shop:s3cret@db/x' })).toThrow(/shop:\*\*\*@db/);
    expect(() => loadConfig({ POSTGRES_URL: 'mysql://shop:s3cret@db/x' })).not.toThrow(/s3cret/);
  });

  it('substitutes engines in embedded mode: PGlite, DynamoDB Local only when an endpoint exists', () => {
    const plain = loadConfig({});
    expect(effectiveEngine(plain, 'orders')).toBe('pglite');
    expect(effectiveEngine(plain, 'catalog')).toBe('pglite');
    expect(effectiveEngine(plain, 'inventory')).toBe('pglite');
    expect(effectiveEngine(loadConfig({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' }), 'inventory')).toBe('dynamodb');
  });
});

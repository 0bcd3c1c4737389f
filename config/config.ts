import path from 'node:path';
import { ConfigError, envReader, type Env } from './env';
import { mailConfig, type MailConfig } from './mail';
import { paymentsConfig, type PaymentsConfig } from './payments';
import { piiConfig, type PiiConfig } from './pii';
import { sagaSettings, type SagaSettings } from './sagas';
import { searchConfig, type SearchConfig } from './search';
import { shippingConfig, type ShippingConfig } from './shipping';
import { parseJwtKeys, type SecurityConfig } from './security';
import { tlsConfig, type TlsConfig } from './tls';
import { assertTlsWhereRequired } from './tls-required';
import { ENGINES, STORE_DEFAULTS, STORE_NAMES, storeEnvVar, type StoreName } from './stores';
import type { EngineName } from '../mixins/store/store.types';

export type Mode = 'embedded' | 'cluster';
export type CacherConfig = { kind: 'memory' } | { kind: 'redis'; url: string } | { kind: 'none' };

export interface AppConfig {
  mode: Mode;
  namespace: string;
  nodeId?: string;
  /** Services this node runs; `all` expands to every implemented service. */
  services: string[];
  transporter?: string;
  cacher: CacherConfig;
  /** Used by the Redis cacher and by Redis counters (rate limits, login throttling). */
  redisUrl: string;
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'; format: 'full' | 'json' };
  broker: { requestTimeoutMs: number; retries: number; bulkheadConcurrency: number; bulkheadMaxQueue: number };
  metrics: { enabled: boolean; port: number };
  tracing: { enabled: boolean };
  gateway: { port: number; host: string; corsOrigins: string[]; bodyLimit: string };
  /** Engine each store is configured for (before embedded substitution). */
  stores: Record<StoreName, EngineName>;
  postgres: { url: string; poolSize: number };
  mongo: { url: string };
  dynamodb: { endpoint?: string; region: string };
  /** Prefix of every store's database (PostgreSQL, MongoDB) or tables (DynamoDB): environments can share a server. */
  storePrefix: string;
  dataDir: string;
  /** Embedded mode only: start AWS's DynamoDB Local (needs Java) for DynamoDB stores. */
  embeddedDynamo: boolean;
  admin: { email: string; password?: string };
  security: SecurityConfig;
  /** How often expired reservations are released, and how long a reservation holds when the caller names no expiry. */
  inventory: { sweepIntervalMs: number; defaultHoldS: number };
  carts: { customerTtlDays: number; anonymousTtlDays: number; maxLines: number; maxQuantity: number };
  mail: MailConfig;
  /** How often the notice retry sweep looks for order mail lost to a crash or a failed send. */
  notices: { retrySweepMs: number };
  /** Days delivered outbox rows, inbox records and Idempotency-Key records are kept. */
  retentionDays: number;
  /** A catalog node's own copies of hot answers (read stamp, product views): how long, how many; 0 ms: none. */
  catalog: { nodeCacheMs: number; nodeCacheMax: number };
  payments: PaymentsConfig;
  /** Key-encryption keys for personal data at rest. */
  pii: PiiConfig;
  sagas: SagaSettings;
  /** The search index: read replica, rebuild lease and page size. */
  search: SearchConfig;
  /** Quotes' lifetime and the sandbox carrier (config/shipping.ts). */
  shipping: ShippingConfig;
  /** Durable event consumers: deliveries before a dead letter, and the redelivery backoff (doubling from base up to max). */
  events: { maxAttempts: number; retryBaseMs: number; retryMaxMs: number; consumerConcurrency: number };
  /** TLS in transit: CA files per connection and REQUIRE_TLS (config/tls.ts). */
  tls: TlsConfig;
}

/** Reads and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const e = envReader(env);
  const transporter = e.url('TRANSPORTER', ['nats', 'tls']);
  const mode = e.oneOf<Mode>('MODE', ['embedded', 'cluster'], 'embedded');
  if (mode === 'cluster' && !transporter)
    throw new ConfigError('TRANSPORTER', 'set in cluster mode (nats://host:4222, or tls://host:4222)', '');

  const redisUrl = e.url('REDIS_URL', ['redis', 'rediss'], 'redis://127.0.0.1:6379')!;
  const cacherRaw = e.str('CACHER', mode === 'cluster' ? 'redis' : 'memory');
  let cacher: CacherConfig;
  if (cacherRaw === 'memory' || cacherRaw === 'none') cacher = { kind: cacherRaw };
  else if (cacherRaw === 'redis') cacher = { kind: 'redis', url: redisUrl };
  else throw new ConfigError('CACHER', 'memory, redis or none', cacherRaw);

  const jwtKeys = parseJwtKeys(e.optional('JWT_KEYS'));
  if (mode === 'cluster' && jwtKeys.length === 0)
    throw new ConfigError('JWT_KEYS', 'set in cluster mode (kid:secret, same on every node)', '');

  const stores = {} as Record<StoreName, EngineName>;
  for (const name of STORE_NAMES) stores[name] = e.oneOf(storeEnvVar(name), ENGINES, STORE_DEFAULTS[name].engine);

  const base: Omit<AppConfig, 'tls'> = {
    mode,
    namespace: e.str('NAMESPACE', 'shop'),
    nodeId: e.optional('NODE_ID'),
    services: e.list('SERVICES', ['all']),
    transporter,
    cacher,
    redisUrl,
    log: {
      level: e.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], 'info'),
      format: e.oneOf('LOG_FORMAT', ['full', 'json'], 'full'),
    },
    broker: {
      requestTimeoutMs: e.int('REQUEST_TIMEOUT_MS', 10_000, 100, 600_000),
      retries: e.int('REQUEST_RETRIES', 2, 0, 10),
      bulkheadConcurrency: e.int('BULKHEAD_CONCURRENCY', 64, 1, 10_000),
      bulkheadMaxQueue: e.int('BULKHEAD_MAX_QUEUE', 1_000, 0, 1_000_000),
    },
    metrics: { enabled: e.bool('METRICS', false), port: e.int('METRICS_PORT', 3030, 1, 65535) },
    tracing: { enabled: e.bool('TRACING', false) },
    gateway: {
      port: e.int('PORT', 3000, 0, 65535),
      host: e.str('HOST', mode === 'embedded' ? '127.0.0.1' : '0.0.0.0'),
      corsOrigins: e.list('CORS_ORIGINS', []),
      bodyLimit: e.str('BODY_LIMIT', '100kb'),
    },
    stores,
    postgres: {
      url: e.url('POSTGRES_URL', ['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/postgres')!,
      poolSize: e.int('POSTGRES_POOL_SIZE', 10, 1, 200),
    },
    mongo: { url: e.url('MONGO_URL', ['mongodb', 'mongodb+srv'], 'mongodb://127.0.0.1:27017/?replicaSet=rs0')! },
    dynamodb: {
      endpoint: e.url('DYNAMODB_ENDPOINT', ['http', 'https']),
      region: e.str('AWS_REGION', 'us-east-1'),
    },
    storePrefix: e.match('STORE_PREFIX', /^[a-z][a-z0-9_]{0,23}$/, 'lowercase letters, digits and _ (at most 24)', 'shop_'),
    dataDir: path.resolve(e.str('DATA_DIR', './data')),
    embeddedDynamo: e.bool('EMBEDDED_DYNAMODB', true),
    admin: { email: e.str('ADMIN_EMAIL', 'admin@example.com').toLowerCase(), password: e.optional('ADMIN_PASSWORD') },
    security: {
      jwtKeys,
      accessTokenTtlS: e.int('ACCESS_TOKEN_TTL_S', 900, 30, 86_400),
      refreshTokenTtlS: e.int('REFRESH_TOKEN_TTL_S', 30 * 86_400, 300, 365 * 86_400),
      resetTokenTtlS: e.int('RESET_TOKEN_TTL_S', 1_800, 60, 86_400),
      verifyTokenTtlS: e.int('VERIFY_TOKEN_TTL_S', 2 * 86_400, 300, 30 * 86_400),
      counterStore: e.oneOf('COUNTER_STORE', ['redis', 'memory'], mode === 'cluster' ? 'redis' : 'memory'),
      rateLimit: {
        limit: e.int('RATE_LIMIT', 600, 1, 1_000_000),
        windowMs: e.int('RATE_LIMIT_WINDOW_MS', 60_000, 1_000, 3_600_000),
      },
      loginThrottle: {
        perEmail: e.int('LOGIN_MAX_FAILURES_PER_EMAIL', 5, 1, 10_000),
        perIp: e.int('LOGIN_MAX_FAILURES_PER_IP', 50, 1, 1_000_000),
        windowS: e.int('LOGIN_THROTTLE_WINDOW_S', 900, 10, 86_400),
      },
      trustProxy: e.bool('TRUST_PROXY', false),
      trustProxyHops: e.int('TRUST_PROXY_HOPS', 1, 1, 10),
    },
    inventory: {
      sweepIntervalMs: e.int('RESERVATION_SWEEP_MS', 5_000, 100, 3_600_000),
      defaultHoldS: e.int('RESERVATION_HOLD_S', 900, 10, 7 * 86_400),
    },
    carts: {
      customerTtlDays: e.int('CART_TTL_DAYS', 30, 1, 365),
      anonymousTtlDays: e.int('ANON_CART_TTL_DAYS', 7, 1, 365),
      maxLines: e.int('CART_MAX_LINES', 30, 1, 500),
      maxQuantity: e.int('CART_MAX_QUANTITY', 99, 1, 10_000),
    },
    mail: mailConfig(env),
    notices: { retrySweepMs: e.int('NOTICE_RETRY_SWEEP_MS', 30_000, 100, 3_600_000) },
    retentionDays: e.int('RETENTION_DAYS', 7, 1, 3_650),
    catalog: {
      nodeCacheMs: e.int('CATALOG_NODE_CACHE_MS', 1_000, 0, 60_000),
      nodeCacheMax: e.int('CATALOG_NODE_CACHE_MAX', 10_000, 1, 1_000_000),
    },
    payments: paymentsConfig(env, mode),
    pii: piiConfig(env, mode),
    sagas: sagaSettings(env),
    search: searchConfig(env),
    shipping: shippingConfig(env),
    events: {
      maxAttempts: e.int('EVENT_MAX_ATTEMPTS', 5, 1, 100),
      retryBaseMs: e.int('EVENT_RETRY_BASE_MS', 500, 10, 600_000),
      retryMaxMs: e.int('EVENT_RETRY_MAX_MS', 30_000, 10, 3_600_000),
      consumerConcurrency: e.int('EVENT_CONSUMER_CONCURRENCY', 8, 1, 256),
    },
  };
  const { postgres, redisUrl: redis, mongo, dynamodb } = base;
  const tls = tlsConfig(env, {
    postgres: postgres.url,
    redis,
    transporter,
    mongo: mongo.url,
    dynamodbEndpoint: dynamodb.endpoint,
  });
  const cfg: AppConfig = { ...base, tls };
  assertTlsWhereRequired(cfg);
  return cfg;
}

let cached: AppConfig | undefined;

/** The process-wide config, read on first use. */
export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}

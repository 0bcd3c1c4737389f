import type { AppConfig } from './config';
import { ConfigError } from './env';
import { STORE_NAMES, storesOf } from './stores';
import { dynamodbEncrypts, mongoEncrypts, natsEncrypts, postgresEncrypts, redisEncrypts } from './tls';

type Inputs = Pick<
  AppConfig,
  'mode' | 'services' | 'stores' | 'transporter' | 'cacher' | 'redisUrl' | 'postgres' | 'mongo' | 'dynamodb' | 'security' | 'tls'
>;

/**
 * The connections this node would open without TLS, each named with the variable to change. Only
 * what the node uses counts: the transporter, Redis when the cacher or counters are on it, and
 * the servers of the stores its services own (embedded mode opens none of these).
 */
export function plaintextConnections(cfg: Inputs): string[] {
  if (cfg.mode !== 'cluster') return [];
  const found: string[] = [];
  if (cfg.transporter && !natsEncrypts(cfg.transporter, cfg.tls.nats))
    found.push('NATS (TRANSPORTER: use tls:// or set NATS_TLS_CA_FILE)');
  const redisUsed = cfg.cacher.kind === 'redis' || cfg.security.counterStore === 'redis';
  if (redisUsed && !redisEncrypts(cfg.redisUrl)) found.push('Redis (REDIS_URL: use rediss://)');
  const all = cfg.services.includes('all');
  const engines = new Set((all ? STORE_NAMES : storesOf(cfg.services)).map((s) => cfg.stores[s]));
  if (engines.has('postgres') && !postgresEncrypts(cfg.postgres.url))
    found.push('PostgreSQL (POSTGRES_URL: add sslmode=verify-full, verify-ca or require)');
  if (engines.has('mongo') && !mongoEncrypts(cfg.mongo.url)) found.push('MongoDB (MONGO_URL: add tls=true)');
  if (engines.has('dynamodb') && !dynamodbEncrypts(cfg.dynamodb.endpoint))
    found.push('DynamoDB (DYNAMODB_ENDPOINT: use https://)');
  return found;
}

/** REQUIRE_TLS=true: refuse to start, naming every plaintext connection at once. */
export function assertTlsWhereRequired(cfg: Inputs): void {
  if (!cfg.tls.required) return;
  const plaintext = plaintextConnections(cfg);
  if (plaintext.length)
    throw new ConfigError('REQUIRE_TLS', 'true only when every connection uses TLS', `plaintext: ${plaintext.join('; ')}`);
}

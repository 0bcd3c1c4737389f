import { readFileSync } from 'node:fs';
import { encrypts, PgSslError, sslModeOf } from '../mixins/store/postgres/postgres.tls';
import { ConfigError, envReader, redact, type Env } from './env';

/**
 * TLS in transit. Each connection turns TLS on by its URL (POSTGRES_URL `sslmode`, `rediss://`,
 * `tls://` or NATS_TLS_* files, MONGO_URL `tls=true`, an `https://` DYNAMODB_ENDPOINT); the *_FILE
 * variables name PEM files for private CAs (and the NATS client certificate). Files are checked
 * when config loads, so a typo fails the start rather than the first connection.
 */
export interface TlsConfig {
  /** REQUIRE_TLS: a cluster node refuses to start while any connection it opens is plaintext. */
  required: boolean;
  postgresCaFile?: string;
  redisCaFile?: string;
  mongoCaFile?: string;
  dynamodbCaFile?: string;
  nats: { caFile?: string; certFile?: string; keyFile?: string };
}

/** The URLs config has already validated: TLS settings must agree with them. */
export interface ConnectionUrls {
  postgres: string;
  redis: string;
  transporter?: string;
  mongo: string;
  dynamodbEndpoint?: string;
}

export const postgresEncrypts = (url: string): boolean => encrypts(sslModeOf(url));
export const redisEncrypts = (url: string): boolean => new URL(url).protocol === 'rediss:';
export function mongoEncrypts(url: string): boolean {
  const u = new URL(url);
  const flag = u.searchParams.get('tls') ?? u.searchParams.get('ssl');
  // mongodb+srv turns TLS on unless the URL turns it off.
  return flag === null ? u.protocol === 'mongodb+srv:' : flag === 'true';
}
/** No endpoint: AWS's regional endpoint, which is https. */
export const dynamodbEncrypts = (endpoint?: string): boolean => !endpoint || new URL(endpoint).protocol === 'https:';
export const natsEncrypts = (url: string, nats: TlsConfig['nats']): boolean =>
  new URL(url).protocol === 'tls:' || Object.values(nats).some((f) => f !== undefined);

export function tlsConfig(env: Env, urls: ConnectionUrls): TlsConfig {
  const e = envReader(env);
  try {
    sslModeOf(urls.postgres);
  } catch (err) {
    if (err instanceof PgSslError) throw new ConfigError('POSTGRES_URL', (err as Error).message, redact(urls.postgres));
    throw err;
  }
  const cfg: TlsConfig = {
    required: e.bool('REQUIRE_TLS', false),
    postgresCaFile: e.pemFile('POSTGRES_CA_FILE'),
    redisCaFile: e.pemFile('REDIS_CA_FILE'),
    mongoCaFile: e.pemFile('MONGO_CA_FILE'),
    dynamodbCaFile: e.pemFile('DYNAMODB_CA_FILE'),
    nats: {
      caFile: e.pemFile('NATS_TLS_CA_FILE'),
      certFile: e.pemFile('NATS_TLS_CERT_FILE'),
      keyFile: e.pemFile('NATS_TLS_KEY_FILE', 'key'),
    },
  };
  // A CA beside a plaintext URL would silently do nothing: say which URL must change.
  const unused: [string | undefined, boolean, string, string][] = [
    [
      cfg.postgresCaFile,
      postgresEncrypts(urls.postgres),
      'POSTGRES_CA_FILE',
      'POSTGRES_URL with sslmode=verify-full (or verify-ca, require)',
    ],
    [cfg.redisCaFile, redisEncrypts(urls.redis), 'REDIS_CA_FILE', 'a rediss:// REDIS_URL'],
    [cfg.mongoCaFile, mongoEncrypts(urls.mongo), 'MONGO_CA_FILE', 'MONGO_URL with tls=true'],
    [cfg.dynamodbCaFile, dynamodbEncrypts(urls.dynamodbEndpoint), 'DYNAMODB_CA_FILE', 'an https:// DYNAMODB_ENDPOINT'],
  ];
  for (const [file, tls, name, needs] of unused) if (file && !tls) throw new ConfigError(name, `set only with ${needs}`, file);
  if ((cfg.nats.certFile === undefined) !== (cfg.nats.keyFile === undefined))
    throw new ConfigError('NATS_TLS_KEY_FILE', 'set together with NATS_TLS_CERT_FILE (a client certificate needs its key)', '');
  return cfg;
}

/** The PEM text of a CA file config has checked, read when a client is made (undefined: Node's trusted roots). */
export const caText = (file?: string): string | undefined => (file === undefined ? undefined : readFileSync(file, 'utf8'));

import type { ConnectionOptions, TlsOptions } from 'node:tls';

/**
 * The `sslmode` values a POSTGRES_URL may carry, with libpq's meaning. pg's own parser reads
 * `require` and `verify-ca` as `verify-full` (and would drop any CA given beside the URL), so the
 * URL's SSL parameters are read here and turned into pg's `ssl` option instead.
 */
export const PG_SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type PgSslMode = (typeof PG_SSL_MODES)[number];

/** URL parameters pg would act on by itself; the CA comes from POSTGRES_CA_FILE instead. */
const OWN_PARAMS = ['sslrootcert', 'sslcert', 'sslkey', 'ssl'];

export class PgSslError extends Error {}

/** What pg hands to tls.connect; TypeORM types its `ssl` as TlsOptions, which lacks the client-side hook. */
export type PgSsl = TlsOptions & Pick<ConnectionOptions, 'checkServerIdentity'>;

/** The URL's sslmode (undefined when absent); throws PgSslError, saying what is expected, for a mode or parameter not supported. */
export function sslModeOf(url: string): PgSslMode | undefined {
  const params = new URL(url).searchParams;
  const other = OWN_PARAMS.find((p) => params.has(p));
  if (other) throw new PgSslError(`a URL without ${other} (give the CA in POSTGRES_CA_FILE)`);
  const mode = params.get('sslmode') ?? undefined;
  if (mode !== undefined && !(PG_SSL_MODES as readonly string[]).includes(mode))
    throw new PgSslError(`a URL whose sslmode is one of ${PG_SSL_MODES.join(', ')}`);
  return mode as PgSslMode | undefined;
}

/** Whether the mode encrypts the connection (libpq's `allow`/`prefer` fall back to plaintext and are not offered). */
export const encrypts = (mode: PgSslMode | undefined): boolean => mode !== undefined && mode !== 'disable';

/**
 * pg's connection settings for `url`: the URL without its SSL parameters (pg would otherwise let
 * them override `ssl`) and the TLS options its sslmode asks for. `ca` is the PEM text of the CA
 * that signed the server's certificate; without it Node's trusted roots are used.
 */
export function postgresTls(url: string, ca?: string): { url: string; ssl: false | PgSsl } {
  const mode = sslModeOf(url);
  const parsed = new URL(url);
  parsed.searchParams.delete('sslmode');
  const bare = parsed.toString();
  switch (mode) {
    case undefined:
    case 'disable':
      // false, not undefined: pg would otherwise read PGSSLMODE from the environment behind config's back.
      return { url: bare, ssl: false };
    case 'require':
      // libpq: encryption only, unless a root certificate is given, which makes it verify-ca.
      return { url: bare, ssl: ca ? { ca, checkServerIdentity: () => undefined } : { rejectUnauthorized: false } };
    case 'verify-ca':
      return { url: bare, ssl: { ...(ca ? { ca } : {}), checkServerIdentity: () => undefined } };
    case 'verify-full':
      return { url: bare, ssl: { ...(ca ? { ca } : {}), rejectUnauthorized: true } };
  }
}

/** Node's codes for a certificate the client would not accept. */
const CERT_REJECTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A TLS failure said in terms of the settings that fix it (Node's own words kept in the message);
 * any other error is returned as it is.
 */
export function explainTlsFailure(err: unknown): unknown {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CERT_REJECTED.has(code))
    return new Error(
      `PostgreSQL's TLS certificate was refused (${String(message)}): check POSTGRES_CA_FILE and the host name in POSTGRES_URL`,
    );
  if (message === 'The server does not support SSL connections')
    return new Error('PostgreSQL does not offer TLS, but POSTGRES_URL asks for it (sslmode)');
  return err;
}

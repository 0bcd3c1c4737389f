import { connect, type NatsConnection, type TlsOptions } from 'nats';
import { natsEncrypts, type TlsConfig } from '../../config/tls';

/**
 * nats.js's `tls` option for the transporter, the JetStream bus and the healthcheck. A tls://
 * URL or any NATS_TLS_* file makes the client insist on TLS: nats.js strips the URL's scheme, and
 * without this option it would go on in plaintext with a server that does not offer TLS.
 * Undefined: plaintext, as with a nats:// URL and no files.
 */
export function natsTls(url: string, files: TlsConfig['nats']): TlsOptions | undefined {
  if (!natsEncrypts(url, files)) return undefined;
  return Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined)) as TlsOptions;
}

/** A NATS server for nats.js: its URL and, for TLS, the `tls` option natsTls made. */
export interface NatsServer {
  url: string;
  tls?: TlsOptions;
}

/** The bus's own connection (apart from the transporter's), reconnecting forever so it outlives NATS restarts. */
export function connectNats(server: string | NatsServer, name: string): Promise<NatsConnection> {
  const { url, tls } = typeof server === 'string' ? { url: server, tls: undefined } : server;
  return connect({ servers: url, tls, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
}

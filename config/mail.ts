import { ConfigError, envReader, type Env } from './env';

export type MailTransportConfig = { kind: 'json' } | { kind: 'smtp'; url: string };

export interface MailConfig {
  transport: MailTransportConfig;
  /** The From header: `Name <address>` or a bare address. */
  from: string;
}

export const DEFAULT_MAIL_FROM = 'Shop <no-reply@example.com>';

/**
 * MAIL_TRANSPORT: `json` (default: messages become JSON lines under DATA_DIR/mail) or an
 * `smtp://` / `smtps://` URL (credentials in the URL are never echoed). MAIL_FROM: the sender.
 */
export function mailConfig(env: Env = process.env): MailConfig {
  const e = envReader(env);
  const raw = e.optional('MAIL_TRANSPORT');
  const transport: MailTransportConfig =
    raw === undefined || raw === 'json' ? { kind: 'json' } : { kind: 'smtp', url: e.url('MAIL_TRANSPORT', ['smtp', 'smtps'])! };
  const from = e.str('MAIL_FROM', DEFAULT_MAIL_FROM);
  // One header line with one address in it: no CR/LF (header injection), bounded.
  if (from.length > 200 || /[\p{Cc}]/u.test(from) || !/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(from)) {
    throw new ConfigError('MAIL_FROM', 'an address, optionally as "Name <address>"', from);
  }
  return { transport, from };
}

import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Service, ServiceBroker } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { maskEmail } from './auth.domain';

export type MailTemplate = 'password-reset' | 'email-verification';

export interface Mail {
  to: string;
  template: MailTemplate;
  token: string;
  link: string;
}

export interface MailerDeps {
  broker: ServiceBroker;
  logger: Service['logger'];
  dataDir: string;
}

export const NOTIFY_ACTION = 'notifications.send';

export const mailboxFile = (dataDir: string): string => path.join(dataDir, 'mailbox', 'mail.jsonl');

/**
 * Sends through the notifications service's email channel when one runs; until then appends to a
 * dev mailbox under DATA_DIR (owner-only). The token goes to the recipient only: never into a log line.
 */
export async function deliverMail(
  { broker, logger, dataDir }: MailerDeps,
  mail: Mail,
  requestId?: string,
): Promise<'notifications' | 'mailbox'> {
  if (broker.registry.actions.isAvailable(NOTIFY_ACTION)) {
    await broker.call(
      NOTIFY_ACTION,
      { channel: 'email', to: mail.to, template: mail.template, data: { token: mail.token, link: mail.link } },
      { meta: { user: SYSTEM_PRINCIPAL }, requestID: requestId ?? undefined },
    );
    return 'notifications';
  }
  const file = mailboxFile(dataDir);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const line = JSON.stringify({
    at: new Date().toISOString(),
    to: mail.to,
    template: mail.template,
    token: mail.token,
    link: mail.link,
  });
  await appendFile(file, `${line}\n`, { mode: 0o600 });
  logger.info(`mail ${mail.template} to ${maskEmail(mail.to)} in dev mailbox`);
  return 'mailbox';
}

/** Where a mail's link points; the web client owns these pages and reads the token from the fragment, which no server logs. */
export const mailLink = (template: MailTemplate, token: string): string =>
  template === 'password-reset' ? `/account/reset-password#token=${token}` : `/account/verify-email#token=${token}`;

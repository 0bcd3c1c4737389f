import { appendFile, chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../../config/mail';

export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
  format: 'text' | 'html';
  headers?: Record<string, string>;
}

export interface Mailer {
  readonly kind: 'json' | 'smtp';
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** Whether the message carrying this X-Delivery-Id went out: known for the outbox file, undefined over SMTP. */
  wasSent(deliveryId: string): Promise<boolean | undefined>;
  close(): void;
}

/** The JSON transport's outbox: one message per line, owner-only (reset links are in it). */
export const outboxFile = (dataDir: string): string => path.join(dataDir, 'mail', 'outbox.jsonl');

/** Mail through nodemailer: its JSON transport appended to the outbox file, or SMTP. */
export function createMailer(cfg: MailConfig, dataDir: string): Mailer {
  const transport =
    cfg.transport.kind === 'json'
      ? nodemailer.createTransport({ jsonTransport: true })
      : nodemailer.createTransport(cfg.transport.url);
  const file = outboxFile(dataDir);
  let prepared: Promise<void> | undefined;
  // Appends from one process go one after another, so concurrent sends never interleave a line.
  let appending: Promise<unknown> = Promise.resolve();

  const prepare = () =>
    (prepared ??= (async () => {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await chmod(path.dirname(file), 0o700);
      await appendFile(file, '', { mode: 0o600 });
      await chmod(file, 0o600);
    })().catch((err) => {
      prepared = undefined;
      throw err;
    }));

  return {
    kind: cfg.transport.kind,
    async send(mail) {
      const content = mail.format === 'html' ? { html: mail.body } : { text: mail.body };
      const info = await transport.sendMail({
        from: cfg.from,
        to: mail.to,
        subject: mail.subject,
        headers: mail.headers,
        ...content,
      });
      if (cfg.transport.kind === 'json') {
        await prepare();
        const line = `${String(info.message)}\n`;
        const write = appending.then(() => appendFile(file, line, { mode: 0o600 }));
        appending = write.catch(() => undefined);
        await write;
      }
      return { messageId: String(info.messageId) };
    },
    async wasSent(deliveryId) {
      if (cfg.transport.kind !== 'json') return undefined;
      // Asked only when taking over a dead sender's claim, so reading the whole outbox is rare.
      const outbox = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      return outbox.includes(deliveryId);
    },
    close: () => transport.close(),
  };
}

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceBroker, type Service } from 'moleculer';
import { deliverMail, mailboxFile, mailLink } from './auth.mailer';

const TOKEN = 'tok_0123456789abcdefghijklmnopqrstuvwxyzABCDE';

function capture() {
  const lines: string[] = [];
  const log = (...a: unknown[]) => lines.push(a.map(String).join(' '));
  return { lines, logger: { info: log, warn: log, error: log, debug: log } as unknown as Service['logger'] };
}

describe('deliverMail', () => {
  let dataDir: string;
  let broker: ServiceBroker;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'auth-mailer-'));
    broker = new ServiceBroker({ logger: false });
  });
  afterEach(async () => {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('appends to an owner-only dev mailbox and logs the mail without its token or full address', async () => {
    await broker.start();
    const { lines, logger } = capture();
    const mail = {
      to: 'ann.smith@example.com',
      template: 'password-reset' as const,
      token: TOKEN,
      link: mailLink('password-reset', TOKEN),
    };
    await expect(deliverMail({ broker, logger, dataDir }, mail)).resolves.toBe('mailbox');
    await deliverMail({ broker, logger, dataDir }, { ...mail, template: 'email-verification' });

    const file = mailboxFile(dataDir);
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      to: mail.to,
      template: 'password-reset',
      token: TOKEN,
      link: `/account/reset-password#token=${TOKEN}`,
    });
    expect(Number.isNaN(Date.parse(rows[0].at))).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(lines).toEqual([
      'mail password-reset to an***@example.com in dev mailbox',
      'mail email-verification to an***@example.com in dev mailbox',
    ]);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('hands the mail to notifications.send when that action exists, and writes no mailbox', async () => {
    const received: unknown[] = [];
    broker.createService({
      name: 'notifications',
      actions: { send: { access: 'internal', handler: (ctx) => void received.push(ctx.params) } },
    });
    await broker.start();
    const { lines, logger } = capture();
    const mail = {
      to: 'bob@example.com',
      template: 'email-verification' as const,
      token: TOKEN,
      link: mailLink('email-verification', TOKEN),
    };
    await expect(deliverMail({ broker, logger, dataDir }, mail)).resolves.toBe('notifications');
    expect(received).toEqual([
      { channel: 'email', to: mail.to, template: mail.template, data: { token: TOKEN, link: mail.link } },
    ]);
    expect(() => statSync(mailboxFile(dataDir))).toThrow();
    expect(lines).toEqual([]);
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/support/processes';
import { createMailer, outboxFile } from './notifications.mailer';

describe('mailer on the JSON transport', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(path.join(os.tmpdir(), 'notifications-mailer-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes each message as one JSON line in an owner-only outbox, also when sends overlap', async () => {
    const mailer = createMailer({ transport: { kind: 'json' }, from: 'Shop <shop@example.com>' }, dataDir);
    const sends = Array.from({ length: 20 }, (_, i) =>
      mailer.send({
        to: `u${i}@example.com`,
        subject: `Hello ${i}`,
        body: `<p>line one\nline two ${i}</p>`,
        format: 'html',
        headers: { 'X-Template': 't@1' },
      }),
    );
    const ids = (await Promise.all(sends)).map((r) => r.messageId);
    await mailer.send({ to: 'plain@example.com', subject: 'Plain', body: 'just text', format: 'text' });
    mailer.close();

    const file = outboxFile(dataDir);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(21);
    expect(
      lines
        .map((l) => l.messageId)
        .slice(0, 20)
        .sort(),
    ).toEqual([...ids].sort());
    const third = lines.find((l) => l.subject === 'Hello 3');
    expect(third).toMatchObject({
      from: { address: 'shop@example.com', name: 'Shop' },
      to: [{ address: 'u3@example.com' }],
      html: '<p>line one\nline two 3</p>',
      headers: { 'X-Template': 't@1' },
    });
    expect(lines[20]).toMatchObject({ subject: 'Plain', text: 'just text' });
    expect(lines[20].html).toBeUndefined();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('tells whether the message carrying a delivery id went out (no outbox yet: it did not)', async () => {
    const mailer = createMailer({ transport: { kind: 'json' }, from: 'Shop <shop@example.com>' }, dataDir);
    expect(await mailer.wasSent('d-1')).toBe(false);
    await mailer.send({ to: 'a@example.com', subject: 's', body: 'b', format: 'text', headers: { 'X-Delivery-Id': 'd-1' } });
    expect([await mailer.wasSent('d-1'), await mailer.wasSent('d-2')]).toEqual([true, false]);
    mailer.close();
  });

  it('sends over SMTP when configured: an unreachable server rejects the send and nothing lands in the outbox file', async () => {
    const port = await freePort();
    const mailer = createMailer(
      { transport: { kind: 'smtp', url: `smtp://user:pw@127.0.0.1:${port}` }, from: 'shop@example.com' },
      dataDir,
    );
    expect(mailer.kind).toBe('smtp');
    await expect(mailer.send({ to: 'a@example.com', subject: 'x', body: 'y', format: 'text' })).rejects.toMatchObject({
      code: 'ESOCKET',
    });
    mailer.close();
    expect(() => statSync(outboxFile(dataDir))).toThrow();
  });
});

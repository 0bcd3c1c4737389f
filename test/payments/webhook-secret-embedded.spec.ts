import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalPayload, signPayload, WEBHOOK_SECRET_FILE } from '../../services/payments/payments.signature';
import { client } from '../support/http';
import { startEmbedded } from '../support/embedded';
import { freePort } from '../support/processes';

/** The secret older versions verified embedded-mode webhooks with: it is in the published source. */
const PUBLISHED_SECRET = 'whsec_sandbox_development_only_do_not_deploy';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shop-webhook-secret-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const event = () => ({
  id: `evt_${randomBytes(8).toString('hex')}`,
  type: 'charge.refunded',
  providerRef: 'ch_unknown',
  created: Math.floor(Date.now() / 1000),
});

const start = (port: number) =>
  startEmbedded(
    dataDir,
    port,
    { SERVICES: 'api,auth,payments', PAYMENT_WEBHOOK_SECRET: '', ADMIN_PASSWORD: 'a-strong-admin-passphrase' },
    async (call) => (await call('POST', '/payments/webhooks/sandbox', event())).status === 400,
  );

it('embedded mode verifies webhooks with a secret of its own, made on first start; the published one is refused', async () => {
  const port = await freePort();
  const call = client(`http://127.0.0.1:${port}/api`);
  const deliver = (e: object, secret: string) =>
    call('POST', '/payments/webhooks/sandbox', e, {
      headers: { 'X-Sandbox-Signature': signPayload(secret, canonicalPayload(e)) },
    });
  const proc = await start(port);
  try {
    const file = path.join(dataDir, WEBHOOK_SECRET_FILE);
    const secret = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);

    const forged = await deliver(event(), PUBLISHED_SECRET);
    expect([forged.status, forged.body]).toEqual([400, { error: expect.objectContaining({ type: 'INVALID_SIGNATURE' }) }]);
    const genuine = await deliver(event(), secret);
    expect([genuine.status, genuine.body]).toEqual([200, { received: true, duplicate: false, outcome: 'ignored' }]);
    expect(proc.output()).not.toContain(secret);
  } finally {
    await proc.stop();
  }
}, 120_000);

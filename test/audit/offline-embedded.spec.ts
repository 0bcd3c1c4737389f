import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditReport } from '../../ops/audit/audit.types';
import { chooseCheapest } from '../checkout/checkout.shipping.story';
import { checkoutStory } from '../checkout/checkout.story';
import { client } from '../support/http';
import { freePort, ROOT, runScript, waitForOutput, waitForStatus } from '../support/processes';

/** One more order that stays CONFIRMED (the story ends with every order cancelled): its reservation must be found. */
async function confirmedOrder(api: string): Promise<void> {
  const call = client(api);
  // The demo phone: stocked in both warehouses (generated demo products may be sold out).
  const page = await call<{ rows: { variants: { sku: string }[] }[] }>('GET', '/products?pageSize=1&search=AUR-X-128-BLK');
  const sku = page.body.rows[0].variants[0].sku;
  const email = `offline-audit-${Date.now()}@example.com`;
  const me = await call<{ accessToken: string }>('POST', '/auth/register', {
    email,
    password: 'a long audit passphrase',
    name: 'Audit',
  });
  const asMe = { token: me.body.accessToken };
  // A postcode the story's own zones leave to the seeded Germany zone (rates in US dollars, as the phone is priced).
  const address = { name: 'Audit', line1: '1 Main St', city: 'Berlin', postalCode: '10117', country: 'DE' };
  const { body: addr } = await call<{ id: string }>('POST', '/me/addresses', address, asMe);
  expect((await call('POST', '/cart/items', { sku, quantity: 1 }, asMe)).status).toBe(200);
  expect((await call('PUT', '/cart/address', { shippingAddressId: addr.id }, asMe)).status).toBe(200);
  const ok = async <T>(res: Promise<{ status: number; body: T }>, status: number) => {
    const r = await res;
    expect(r.status).toBe(status);
    return r.body;
  };
  await chooseCheapest({ call, ok, asMe });
  const headers = { 'Idempotency-Key': `offline-audit-${Date.now()}` };
  const placed = await call<{ id: string }>(
    'POST',
    '/orders',
    { shippingAddressId: addr.id, paymentToken: 'tok_visa' },
    { ...asMe, headers },
  );
  expect(placed.status).toBe(202);
  const deadline = Date.now() + 30_000;
  while ((await call<{ status: string }>('GET', `/orders/${placed.body.id}`, undefined, asMe)).body.status !== 'CONFIRMED') {
    if (Date.now() > deadline) throw new Error('the order was never confirmed');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The seed's 1,555 stock records reach the search index one event at a time; an index still taking
 * them would be named as drift by the offline audit. A rebuild reads the sources directly and
 * switches when caught up, so once it is done the index agrees with what the server wrote.
 */
async function searchCaughtUp(api: string, admin: { email: string; password: string }): Promise<void> {
  const call = client(api);
  const login = await call<{ accessToken: string }>('POST', '/auth/login', admin);
  const asAdmin = { token: login.body.accessToken };
  const started = await call<{ job: { id: string } }>('POST', '/admin/search/reindex', undefined, asAdmin);
  expect(started.status).toBe(202);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await call<{ state: string }>('GET', `/admin/search/reindex/${started.body.job.id}`, undefined, asAdmin);
    if (job.body.state === 'done') return;
    if (Date.now() > deadline) throw new Error(`the search rebuild never finished (last: ${job.body.state})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `npm run audit -- --offline --json` as an operator runs it, with `env`; its exit code and report. */
function offlineAudit(env: Record<string, string>): Promise<{ code: number; report: AuditReport | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/audit.ts', '--offline', '--json'],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? Number((err as { code?: number }).code ?? 2) : 0;
        let report: AuditReport | null = null;
        try {
          report = JSON.parse(stdout) as AuditReport;
        } catch {
          // Left null: the assertion below shows the output.
        }
        resolve({ code, report, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

/** After `npm start` is stopped, the offline audit reads the very data it left, DynamoDB Local included. */
describe('offline audit of an embedded run', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shop-offline-audit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is clean after the storefront story and reads the stock the server wrote', async () => {
    const port = await freePort();
    const admin = { email: 'admin@example.com', password: 'an-offline-audit-admin-passphrase' };
    const env = {
      DATA_DIR: dataDir,
      MODE: '',
      TRANSPORTER: '',
      ADMIN_PASSWORD: admin.password,
      DYNAMODB_ENDPOINT: '',
      // The story follows the sandbox carrier's shipments to delivered.
      SANDBOX_CARRIER_STEP_MS: '200',
    };
    const server = runScript('scripts/start.ts', { ...env, PORT: String(port) });
    try {
      const api = `http://127.0.0.1:${port}/api`;
      await waitForStatus(`${api}/health`, 200, 60_000, server);
      // Seeded first: the shipping seed keeps away from a shop that already has zones of its own (the story makes some).
      await waitForOutput(server, /Ready in/);
      await checkoutStory(api, admin);
      await confirmedOrder(api);
      await searchCaughtUp(api, admin);
    } finally {
      expect(await server.stop()).not.toBeNull();
    }

    const { code, report, output } = await offlineAudit(env);
    expect({ code, violations: report?.violations, output: code === 0 ? '' : output }).toEqual({
      code: 0,
      violations: [],
      output: '',
    });
    // The seeded catalog's stock and the story's product: read from where the server kept them.
    expect(report!.counts.stock).toBeGreaterThanOrEqual(4);
    expect(report!.counts.orders).toBeGreaterThan(0);
    expect(report!.counts.reservations).toBeGreaterThan(0);
  }, 240_000);
});

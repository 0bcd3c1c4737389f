import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findDynamoLocal } from '../../mixins/store/dynamodb/dynamodb-local';
import { demoListedCount } from '../../scripts/demo-catalog';
import { checkoutStory } from '../checkout/checkout.story';
import { untilListed } from '../catalog/catalog-listed';
import { client } from '../support/http';
import { freePort, runScript, waitForOutput, waitForStatus } from '../support/processes';

interface Health {
  status: string;
  transporter: { kind: string };
  services: { service: string; stores: { store: string; engine: string; ok: boolean }[] }[];
}

const LISTED = demoListedCount();

/** `npm start` as a newcomer runs it: no servers, one process, data kept under DATA_DIR. */
describe('embedded mode (npm start)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shop-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts healthy with every service and its engine, seeds, and keeps data across a restart', async () => {
    const port = await freePort();
    // The sandbox carrier moves shipments along in a fraction of a second, so the story sees them delivered.
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      MODE: '',
      TRANSPORTER: '',
      ADMIN_PASSWORD: '',
      DYNAMODB_ENDPOINT: '',
      SANDBOX_CARRIER_STEP_MS: '200',
    };
    const api = `http://127.0.0.1:${port}/api`;
    let seededSku = '';

    const first = runScript('scripts/start.ts', env);
    try {
      const health = (await waitForStatus(`${api}/health`, 200, 60_000, first)) as Health;
      expect(health.status).toBe('ok');
      expect(health.transporter.kind).toBe('none');
      expect(health.services.map((s) => s.service).sort()).toEqual([
        'api',
        'auth',
        'carts',
        'discounts',
        'inventory',
        'notifications',
        'ops',
        'orders',
        'payments',
        'products',
        'returns',
        'sagas',
        'search',
        'shipping',
        'users',
      ]);
      const engines = Object.fromEntries(health.services.flatMap((s) => s.stores.map((st) => [st.store, st.engine])));
      // DynamoDB stores run on DynamoDB Local when Java can run it, as on CI; else on PGlite.
      const dynamo = findDynamoLocal() ? 'dynamodb' : 'pglite';
      expect(engines).toEqual({
        auth: 'pglite',
        users: 'pglite',
        catalog: 'pglite',
        inventory: dynamo,
        carts: dynamo,
        orders: 'pglite',
        'order-history': dynamo,
        payments: 'pglite',
        notifications: 'pglite',
        saga: 'pglite',
        discounts: 'pglite',
        tax: 'pglite',
        search: 'pglite',
        shipping: 'pglite',
        shipments: 'pglite',
        returns: 'pglite',
      });
      await waitForOutput(first, /Ready in/);

      // Every active demo product, listed by the search read model once it has indexed the seed.
      const page = await untilListed(client(api), '/products?pageSize=10&search=AUR-X-128-BLK', (p) => p.total >= 1);
      await untilListed(client(api), '/products', (p) => p.total === LISTED);
      seededSku = page.rows[0].variants[0].sku;
      expect(seededSku).toBe('AUR-X-128-BLK');
      const sku = seededSku;
      const levels = (await (await fetch(`${api}/inventory/${sku}`)).json()) as { available: number };
      expect(levels.available).toBe(50);

      const password = /created with password\s+(\S+)/.exec(first.output())?.[1];
      expect(password).toBeDefined();
      const file = path.join(dataDir, 'initial-admin-password');
      expect(readFileSync(file, 'utf8').trim()).toBe(password);
      expect(statSync(file).mode & 0o077).toBe(0);
      expect(first.output().split(password!).length - 1).toBe(1);

      await checkoutStory(api, { email: 'admin@example.com', password: password! });
    } finally {
      expect(await first.stop()).not.toBeNull();
    }

    const second = runScript('scripts/start.ts', env);
    try {
      await waitForStatus(`${api}/health`, 200, 60_000, second);
      await waitForOutput(second, /Ready in/);
      // The seeded products and the one the checkout story added; stock of a seeded SKU as left.
      await untilListed(client(api), '/products', (p) => p.total === LISTED + 1);
      const levels = (await (await fetch(`${api}/inventory/${seededSku}`)).json()) as { available: number };
      expect(levels.available).toBe(50);
      expect(second.output()).not.toMatch(/created with password/);
    } finally {
      await second.stop();
    }
  }, 180_000);
});

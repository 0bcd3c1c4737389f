import { randomBytes } from 'node:crypto';
import { startCheckoutWorld, type CheckoutWorld } from '../checkout/checkout.world';

let w: CheckoutWorld;
beforeAll(async () => {
  w = await startCheckoutWorld({}, ['api', 'auth', 'products', 'inventory']);
}, 90_000);
afterAll(() => w?.platform.stop());

/** A product in `status` with 7 units of its one SKU in stock. */
async function productIn(status: 'active' | 'draft' | 'archived'): Promise<string> {
  const sku = `VIS-${randomBytes(3).toString('hex').toUpperCase()}`;
  const admin = { token: w.cast.admin.token };
  const body = {
    slug: `vis-${sku.toLowerCase()}`,
    name: `Visibility ${sku}`,
    brand: 'Vis',
    status,
    variants: [{ sku, prices: [{ amount: 500, currency: 'EUR' }] }],
  };
  expect((await w.call('POST', '/products', body, admin)).status).toBe(201);
  const receipt = { sku, warehouse: 'main', quantity: 7, ref: `po-${sku}` };
  expect((await w.call('POST', '/inventory/receipts', receipt, admin)).status).toBe(201);
  return sku;
}

describe('GET /api/inventory/:sku', () => {
  it('shows the stock of an active product’s SKU to anyone', async () => {
    const sku = await productIn('active');
    const res = await w.call<{ available: number }>('GET', `/inventory/${sku}`);
    expect([res.status, res.body.available]).toEqual([200, 7]);
  });

  it('a draft’s or archived product’s SKU, or one no product has, is 404 to the public and customers; staff see it', async () => {
    const ghost = `VIS-GHOST-${randomBytes(2).toString('hex').toUpperCase()}`;
    for (const sku of [await productIn('draft'), await productIn('archived'), ghost]) {
      for (const token of [undefined, w.cast.customerA.token]) {
        const res = await w.call<{ error?: { type: string } }>('GET', `/inventory/${sku}`, undefined, { token });
        expect([sku, res.status, res.body.error?.type]).toEqual([sku, 404, 'NOT_FOUND']);
        expect(res.text).not.toContain('available');
      }
      for (const token of [w.cast.admin.token, w.cast.support.token]) {
        const res = await w.call<{ sku: string }>('GET', `/inventory/${sku}`, undefined, { token });
        expect([res.status, res.body.sku]).toEqual([200, sku]);
      }
    }
  });
});

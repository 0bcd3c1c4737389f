import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import { randomBytes } from 'node:crypto';
import type { Collection, Doc, Store } from '../../mixins/store/store.types';
import type { AuditReport } from '../../ops/audit/audit.types';
import { client, type Call } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast, type Identity } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/** Every service this build has: the checkout touches them all. */
export const ALL_SERVICES = IMPLEMENTED_SERVICES;

export interface CheckoutWorld {
  platform: Platform;
  cast: Cast;
  call: Call;
  /** A collection of a service's store, read directly: the invariants look behind the API. */
  collection<T extends Doc>(service: string, store: string, name: string): Collection<T>;
  /** A product with `stock` units of one SKU in warehouse `main`. */
  product(stock: number): Promise<string>;
  /** A new customer with `quantity` of `sku` in the cart. */
  shopper(sku: string, quantity: number): Promise<Identity>;
  checkout(who: Identity, key: string, paymentToken?: string): Promise<{ status: number; body: { id: string; status: string } }>;
}

/** `beforeCast`: starts what the cast needs that this process does not run (other nodes with auth and users). */
export async function startCheckoutWorld(
  env: Record<string, string>,
  services: readonly string[] = ALL_SERVICES,
  beforeCast?: (platform: Platform) => Promise<void>,
): Promise<CheckoutWorld> {
  const platform = await startPlatform([...services] as never, { ADMIN_PASSWORD, ...env });
  await beforeCast?.(platform).catch(async (err: Error) => {
    await platform.stop().catch(() => undefined);
    throw err;
  });
  const cast = await castOf(platform.api);
  const call = client(platform.api);
  const admin = { token: cast.admin.token };
  return {
    platform,
    cast,
    call,
    collection<T extends Doc>(service: string, store: string, name: string) {
      const svc = platform.broker.getLocalService(service) as unknown as { store(n: string): Store };
      return svc.store(store).collection<T>(name);
    },
    async product(stock) {
      const sku = `HOT-${randomBytes(3).toString('hex').toUpperCase()}`;
      const slug = `hot-${sku.toLowerCase()}`;
      const res = await call(
        'POST',
        '/products',
        {
          slug,
          name: `Hot ${sku}`,
          brand: 'Hot',
          status: 'active',
          variants: [{ sku, prices: [{ amount: 1999, currency: 'EUR' }] }],
        },
        admin,
      );
      if (res.status !== 201) throw new Error(`product: ${res.status} ${res.text}`);
      const rec = await call('POST', '/inventory/receipts', { sku, warehouse: 'main', quantity: stock, ref: `po-${sku}` }, admin);
      if (rec.status !== 201) throw new Error(`receipt: ${rec.status} ${rec.text}`);
      return sku;
    },
    async shopper(sku, quantity) {
      const who = await cast.newCustomer();
      const res = await call('POST', '/cart/items', { sku, quantity }, { token: who.token });
      if (res.status !== 200) throw new Error(`cart: ${res.status} ${res.text}`);
      return who;
    },
    checkout: (who, key, paymentToken = 'tok_visa') =>
      call<{ id: string; status: string }>(
        'POST',
        '/orders',
        {
          shippingAddress: { name: 'Hot', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
          paymentToken,
        },
        { token: who.token, headers: { 'Idempotency-Key': key } },
      ),
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

export async function waitFor(probe: () => Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The consistency auditor over the platform's stores; call after the platform started (config is read once, from its environment). */
export async function auditorOf(): Promise<() => Promise<AuditReport>> {
  const { config } = await import('../../config/config');
  const { runAudit } = await import('../../ops/audit/audit.runner');
  return () => runAudit(config());
}

import { randomBytes } from 'node:crypto';
import type { LoadableName } from '../../services';
import type { CartView } from '../../services/carts/carts.contract';
import { client, type Reply } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast, type Identity } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/** Limits small enough to reach in a test. */
export const MAX_LINES = 25;
export const MAX_QUANTITY = 10;
export const STICKERS = Array.from({ length: MAX_LINES + 1 }, (_, i) => `STICKER-${String(i + 1).padStart(2, '0')}`);

export type Body = CartView & { error: { type: string; message: string; fields?: { field: string }[] } };

export interface World {
  platform: Platform;
  cast: Cast;
  /** Product ids by name. */
  products: Record<'mug' | 'poster' | 'lamp' | 'secret' | 'old' | 'cap' | 'stickers', string>;
  req(method: string, route: string, opts?: { as?: Identity; token?: string; body?: unknown }): Promise<Reply<Body>>;
  /** Calls an action as the platform itself (seeding, price changes). */
  system<T>(action: string, params: unknown): Promise<T>;
}

/** A well-formed token nobody was ever issued. */
export const madeUpToken = () => randomBytes(32).toString('base64url');

/**
 * The platform the carts suite runs on: gateway, auth, catalog, inventory, carts and discounts, with a small
 * catalog and stock seeded through the services' own actions.
 */
export async function startWorld(env: Record<string, string>, more: LoadableName[] = []): Promise<World> {
  // Carts are priced by discounts (promotions and tax): without it every cart shows `pricing: 'unavailable'`.
  const platform = await startPlatform(['api', 'auth', 'products', 'inventory', 'carts', 'discounts', ...more], {
    ADMIN_PASSWORD,
    CART_MAX_LINES: String(MAX_LINES),
    CART_MAX_QUANTITY: String(MAX_QUANTITY),
    ...env,
  });
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const system = <T>(action: string, params: unknown) =>
    platform.broker.call<T, unknown>(action, params, { meta: { user: SYSTEM_PRINCIPAL } });
  const product = async (slug: string, status: string, variants: { sku: string; amount: number; currency?: string }[]) => {
    const created = await system<{ id: string }>('products.create', {
      slug,
      name: slug[0].toUpperCase() + slug.slice(1),
      brand: 'Acme',
      status,
      variants: variants.map((v) => ({ sku: v.sku, price: { amount: v.amount, currency: v.currency ?? 'EUR' } })),
    });
    return created.id;
  };
  const products = {
    mug: await product('mug', 'active', [
      { sku: 'MUG-RED', amount: 1250 },
      { sku: 'MUG-BLUE', amount: 1250 },
    ]),
    poster: await product('poster', 'active', [{ sku: 'POSTER-A', amount: 990 }]),
    lamp: await product('lamp', 'active', [{ sku: 'LAMP-1', amount: 4999 }]),
    secret: await product('secret', 'draft', [{ sku: 'SECRET-1', amount: 100 }]),
    old: await product('old', 'archived', [{ sku: 'OLD-1', amount: 100 }]),
    cap: await product('cap', 'active', [{ sku: 'CAP-US', amount: 1500, currency: 'USD' }]),
    stickers: await product(
      'stickers',
      'active',
      STICKERS.map((sku) => ({ sku, amount: 150 })),
    ),
  };
  const stock: [string, number][] = [
    ['MUG-RED', 5],
    ['POSTER-A', 100],
    ['LAMP-1', 3],
    ['CAP-US', 5],
    ...STICKERS.map((s): [string, number] => [s, 50]),
  ];
  for (const [sku, quantity] of stock)
    await system('inventory.receive', { sku, warehouse: 'main', quantity, ref: `seed-${sku}` });
  const call = client(platform.api);
  const cast = await castOf(platform.api);
  return {
    platform,
    cast,
    products,
    system,
    req: (method, route, opts = {}) =>
      call<Body>(method, route, opts.body, {
        token: opts.as?.token,
        headers: opts.token ? { 'x-cart-token': opts.token } : {},
      }),
  };
}

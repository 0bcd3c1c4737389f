import type { ServiceBroker } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import type { Call } from '../support/http';

export interface SearchAnswer {
  rows: { id: string; variants: { sku: string }[] }[];
  total: number;
  facets: { brands: { value: string; count: number }[]; availability: { inStock: number; outOfStock: number } };
}

/**
 * A catalog big enough for a rebuild to take many pages: `count` active products over three
 * brands in a two-level tree, every other one with stock, through the admin routes (so every
 * write published its event). Returns the product ids in creation order.
 */
export async function seedWidgets(call: Call, broker: ServiceBroker, token: string, count: number, tag = 'w'): Promise<string[]> {
  const post = async (path: string, body: object) => {
    const res = await call<{ id: string }>('POST', path, body, { token });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
    return res.body.id;
  };
  const root = await post('/categories', { slug: `tools-${tag}`, name: 'Tools' });
  const leaf = await post('/categories', { slug: `gadgets-${tag}`, name: 'Gadgets', parentId: root });
  const ids: string[] = [];
  const brands = ['Acme', 'Globex', 'Initech'];
  for (let i = 0; i < count; i++) {
    const sku = `${tag.toUpperCase()}-${String(i).padStart(4, '0')}`;
    ids.push(
      await post('/products', {
        slug: `widget-${tag}-${i}`,
        name: `Widget ${tag} ${i}`,
        description: i % 2 ? 'A sturdy widget' : 'A light widget',
        brand: brands[i % brands.length],
        categoryId: i % 2 ? leaf : root,
        status: 'active',
        variants: [{ sku, prices: [{ amount: 1_000 + i, currency: 'USD' }] }],
      }),
    );
    if (i % 2 === 0) await receive(broker, sku, 'main', 5, `seed-${sku}`);
  }
  return ids;
}

export const receive = (broker: ServiceBroker, sku: string, warehouse: string, quantity: number, ref: string) =>
  broker.call('inventory.receive', { sku, warehouse, quantity, ref }, { meta: { user: SYSTEM_PRINCIPAL } });

/** Polls until `ok` holds of the answer (events reach the index asynchronously). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

/** What a search answers, reduced to what must not change across a rebuild. */
export const shapeOf = (a: SearchAnswer) => ({
  total: a.total,
  ids: a.rows.map((r) => r.id),
  brands: a.facets.brands,
  availability: a.facets.availability,
});

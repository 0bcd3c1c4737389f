import type { Cart } from '../../services/carts/carts.contract';
import type { Collection } from '../../mixins/store/store.types';
import type { Identity } from '../support/identities';
import type { Reply } from '../support/http';
import type { Body, World } from './carts.fixtures';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const address = { name: 'Ann Lee', line1: '1 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };

interface Ctx {
  w: World;
  carts: Collection<Cart>;
  add(who: Identity | undefined, sku?: string, quantity?: number): Promise<Reply<Body>>;
}

/** The cart's shipping address and the tax estimate it brings (US 8.25 % standard rate seeded by the suite). */
export function addressTests(it_: (name: string, fn: () => Promise<void>) => void, ctx: () => Ctx): void {
  it_('sets the shipping address, typed in or from the address book, and estimates tax from then on', async () => {
    const fay = await ctx().w.cast.newCustomer();
    const before = await ctx().add(fay, 'POSTER-A', 2);
    expect(before.body).toMatchObject({ shippingAddress: null, tax: { estimated: false }, totals: { tax: eur(0) } });
    const set = await ctx().w.req('PUT', '/cart/address', { as: fay, body: { shippingAddress: address } });
    expect(set.status).toBe(200);
    expect(set.body.shippingAddress).toEqual(address);
    expect(set.body.tax).toEqual({ estimated: true, pricesIncludeTax: false });
    // 8.25 % of 19.80 is 1.6335: one line, rounded to the cent.
    expect(set.body.totals).toMatchObject({ subtotal: eur(1980), tax: eur(163), total: eur(2143) });
    expect(set.body.lines[0].adjustments).toEqual([expect.objectContaining({ kind: 'tax', rateBps: 825, amount: eur(163) })]);

    const saved = await ctx().w.req('POST', '/me/addresses', {
      as: fay,
      body: { ...address, city: 'Dallas', postalCode: '75201' },
    });
    const fromBook = await ctx().w.req('PUT', '/cart/address', {
      as: fay,
      body: { shippingAddressId: (saved.body as unknown as { id: string }).id },
    });
    expect(fromBook.body.shippingAddress).toMatchObject({
      city: 'Dallas',
      addressId: (saved.body as unknown as { id: string }).id,
    });
  });

  it_(
    'prices by the variant’s tax class and sends its category path; a tax class the catalog does not know is refused',
    async () => {
      const admin = { as: ctx().w.cast.admin };
      const category = async (slug: string, parentId?: string) =>
        (await ctx().w.req('POST', '/categories', { ...admin, body: { slug, name: slug, ...(parentId ? { parentId } : {}) } }))
          .body as unknown as {
          id: string;
        };
      const food = await category('food');
      const bread = await category('bread', food.id);
      const variant = (taxClass: string) => ({ sku: 'LOAF-1', price: { amount: 400, currency: 'EUR' }, taxClass });
      const product = (taxClass: string) => ({
        slug: 'loaf',
        name: 'Loaf',
        brand: 'Acme',
        status: 'active',
        categoryId: bread.id,
        variants: [variant(taxClass)],
      });
      const refused = await ctx().w.req('POST', '/products', { ...admin, body: product('luxury') });
      expect([refused.status, refused.body.error.fields?.map((f) => f.field)]).toEqual([422, ['variants[0].taxClass']]);
      expect((await ctx().w.req('POST', '/products', { ...admin, body: product('zero') })).status).toBe(201);
      await ctx().w.system('inventory.receive', { sku: 'LOAF-1', warehouse: 'main', quantity: 9, ref: 'seed-loaf' });
      const [row] = await ctx().w.system<{ taxClass: string; categoryPath: string[] }[]>('products.variantsBySku', {
        skus: ['LOAF-1'],
      });
      expect(row).toMatchObject({ taxClass: 'zero', categoryPath: [food.id, bread.id] });

      const kim = await ctx().w.cast.newCustomer();
      await ctx().add(kim, 'POSTER-A', 1);
      await ctx().add(kim, 'LOAF-1', 1);
      const taxed = await ctx().w.req('PUT', '/cart/address', { as: kim, body: { shippingAddress: address } });
      const tax = Object.fromEntries(taxed.body.lines.map((l) => [l.sku, l.tax?.amount]));
      // 8.25 % of 9.90 is 0.81675; the zero-rated loaf has no US rate of its class.
      expect(tax).toEqual({ 'POSTER-A': 82, 'LOAF-1': 0 });
      expect(taxed.body.totals).toMatchObject({ subtotal: eur(1390), tax: eur(82), total: eur(1472) });
    },
  );

  it_('refuses a bad address naming the field, and another customer’s saved address, changing nothing', async () => {
    const gus = await ctx().w.cast.newCustomer();
    await ctx().add(gus);
    const put = (body: object, who: Identity = gus) => ctx().w.req('PUT', '/cart/address', { as: who, body });
    const fields = async (body: object) => (await put(body)).body.error.fields?.map((f) => f.field);
    expect(await fields({ shippingAddress: { ...address, country: 'usa' } })).toEqual(['shippingAddress.country']);
    expect(await fields({ shippingAddress: { ...address, name: 'x\u0000' } })).toEqual(['shippingAddress.name']);
    expect(await fields({ shippingAddress: address, shippingAddressId: 'a1' })).toEqual(['shippingAddress']);
    expect(await fields({})).toEqual(['shippingAddress']);
    const hal = await ctx().w.cast.newCustomer();
    const hers = await ctx().w.req('POST', '/me/addresses', { as: hal, body: address });
    const theft = await put({ shippingAddressId: (hers.body as unknown as { id: string }).id });
    expect([theft.status, theft.body.error.fields?.map((f) => f.field)]).toEqual([422, ['shippingAddressId']]);
    expect((await ctx().carts.get(`u-${gus.id}`))?.shippingAddress).toBeUndefined();
  });
}

import type { Product } from './products.contract';
import { toView } from './products.domain';
import {
  bucketOf,
  facetsOf,
  inPriceRange,
  matchesWords,
  relevance,
  searchWords,
  sortListed,
  storeWord,
  type Listed,
} from './products.listing.domain';

const product = (id: string, name: string, opts: Partial<Product> & { amounts?: number[] } = {}): Product => ({
  id,
  slug: id,
  name,
  description: opts.description ?? '',
  brand: opts.brand ?? 'Acme',
  status: 'active',
  attributes: opts.attributes ?? {},
  images: [],
  variants:
    opts.variants ??
    (opts.amounts ?? [1000]).map((amount, i) => ({
      sku: `${id.toUpperCase()}-${i}`,
      prices: [{ amount, currency: 'USD' }],
      attributes: {},
    })),
  createdAt: opts.createdAt ?? 0,
  updatedAt: 0,
});
const listed = (p: Product): Listed => ({ product: p, view: toView(p, 0) });

describe('listing rules', () => {
  describe('search', () => {
    it('splits into distinct lower-case words, bounded', () => {
      expect(searchWords('  Red   KETTLE red ')).toEqual(['red', 'kettle']);
      expect(searchWords(undefined)).toEqual([]);
      expect(searchWords(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(8);
      expect(storeWord(['red', 'kettle', 'gooseneck'])).toBe('gooseneck');
      expect(storeWord([])).toBeUndefined();
    });

    it('ANDs the words over name and description, case-insensitively', () => {
      const p = { name: 'Gooseneck Kettle', description: 'Pour-over, TEMPERATURE controlled' };
      expect(matchesWords(p, ['kettle', 'temperature'])).toBe(true);
      expect(matchesWords(p, ['kettle', 'teapot'])).toBe(false);
      expect(matchesWords(p, [])).toBe(true);
      expect(matchesWords({ name: 'X', description: undefined as unknown as string }, ['x'])).toBe(true);
    });

    it('scores a word in the name above one only in the description', () => {
      expect(relevance({ name: 'Kettle', description: 'steel' }, ['kettle', 'steel'])).toBe(3);
      expect(relevance({ name: 'Pot', description: 'kettle' }, ['kettle'])).toBe(1);
    });
  });

  it('filters prices on any variant, bounds inclusive', () => {
    const view = toView(product('p', 'P', { amounts: [1000, 5000] }), 0);
    expect(inPriceRange(view, 1000, 1000)).toBe(true);
    expect(inPriceRange(view, 1001, 4999)).toBe(false);
    expect(inPriceRange(view, 4000)).toBe(true);
    expect(inPriceRange(view, undefined, 999)).toBe(false);
    expect(inPriceRange(view)).toBe(true);
    const unpriced = toView(
      product('u', 'U', { variants: [{ sku: 'U', prices: [{ amount: 1, currency: 'USD', from: 10 }] }] }),
      0,
    );
    expect(inPriceRange(unpriced, 0)).toBe(false);
  });

  describe('sorting', () => {
    const items = [
      listed(product('b', 'banana', { amounts: [300], createdAt: 2 })),
      listed(product('a', 'Apple', { amounts: [500, 100], createdAt: 3, description: 'fresh banana' })),
      listed(product('c', 'cherry', { amounts: [200], createdAt: 1 })),
      listed(product('n', 'nothing', { variants: [{ sku: 'N', prices: [{ amount: 1, currency: 'USD', from: 5 }] }] })),
    ];
    const ids = (sort: Parameters<typeof sortListed>[1], words: string[] = []) =>
      sortListed(items, sort, words).map((i) => i.view.id);

    it('orders by name either way, case-insensitively', () => {
      expect(ids('name')).toEqual(['a', 'b', 'c', 'n']);
      expect(ids('-name')).toEqual(['n', 'c', 'b', 'a']);
    });

    it('orders by the lowest current price, unpriced last either way', () => {
      expect(ids('price')).toEqual(['a', 'c', 'b', 'n']);
      expect(ids('-price')).toEqual(['b', 'c', 'a', 'n']);
    });

    it('orders newest first, and by relevance (then name)', () => {
      expect(ids('newest')).toEqual(['a', 'b', 'c', 'n']);
      expect(ids('relevance', ['banana'])).toEqual(['b', 'a', 'c', 'n']);
      expect(ids('relevance')).toEqual(ids('name'));
    });

    it('does not reorder its input', () => {
      sortListed(items, 'price', []);
      expect(items.map((i) => i.view.id)).toEqual(['b', 'a', 'c', 'n']);
    });
  });

  describe('facets', () => {
    it('count products per brand, attribute value and price bucket', () => {
      const phone = product('ph', 'Phone', {
        brand: 'Aurora',
        attributes: { screen: '6.1in' },
        variants: [
          { sku: 'P1', prices: [{ amount: 69900, currency: 'USD' }], attributes: { colour: 'black', storage: '128GB' } },
          { sku: 'P2', prices: [{ amount: 79900, currency: 'USD' }], attributes: { colour: 'blue', storage: '256GB' } },
          { sku: 'P3', prices: [{ amount: 99900, currency: 'USD' }], attributes: { colour: 'black', storage: '512GB' } },
        ],
      });
      const tee = product('t', 'Tee', {
        brand: 'Trail',
        variants: [{ sku: 'T1', prices: [{ amount: 2500, currency: 'USD' }], attributes: { colour: 'black' } }],
      });
      const mug = product('m', 'Mug', { brand: 'Trail', amounts: [999] });
      const facets = facetsOf([phone, tee, mug].map(listed));
      expect(facets.brands).toEqual([
        { value: 'Trail', count: 2 },
        { value: 'Aurora', count: 1 },
      ]);
      expect(facets.attributes).toEqual({
        colour: [
          { value: 'black', count: 2 },
          { value: 'blue', count: 1 },
        ],
        screen: [{ value: '6.1in', count: 1 }],
        storage: [
          { value: '128GB', count: 1 },
          { value: '256GB', count: 1 },
          { value: '512GB', count: 1 },
        ],
      });
      // The phone has prices in two buckets and counts once in each (as filtering on either would find it).
      expect(facets.prices).toEqual([
        { from: 0, to: 1000, count: 1 },
        { from: 2500, to: 5000, count: 1 },
        { from: 50000, to: 100000, count: 1 },
      ]);
    });

    it('have an open-ended top bucket and are empty for an empty set', () => {
      expect(facetsOf([listed(product('x', 'X', { amounts: [9_000_000] }))]).prices).toEqual([
        { from: 500_000, to: null, count: 1 },
      ]);
      expect(facetsOf([])).toEqual({ brands: [], attributes: {}, prices: [] });
      expect([0, 999, 1000, 2499, 500_000].map(bucketOf)).toEqual([0, 0, 1000, 1000, 500_000]);
    });
  });
});

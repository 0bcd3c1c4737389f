import type { CartLine } from './carts.contract';
import { addItem, cartExpiry, CartRuleError, mergeCarts, removeItem, setQuantity, type CartContents } from './carts.domain';

const limits = { maxLines: 3, maxQuantity: 10, maxCoupons: 2 };
const line = (sku: string, quantity: number): CartLine => ({
  sku,
  productId: `p-${sku}`,
  name: `Name ${sku}`,
  quantity,
  addedAt: 1,
});
const item = (sku: string, quantity: number, currency = 'EUR') => ({
  sku,
  productId: `p-${sku}`,
  name: `Name ${sku}`,
  quantity,
  currency,
});
const cart = (...lines: CartLine[]): CartContents => ({ lines, currency: lines.length ? 'EUR' : undefined });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof CartRuleError ? err.code : `not a rule: ${String(err)}`;
  }
  return 'no error';
};

describe('addItem', () => {
  it('appends a new line and takes the currency of its price', () => {
    expect(addItem(cart(), item('A', 2), limits, 5)).toEqual({ lines: [{ ...line('A', 2), addedAt: 5 }], currency: 'EUR' });
  });

  it('adds to the existing line of the same SKU, keeping its place', () => {
    const next = addItem(cart(line('A', 2), line('B', 1)), item('A', 3), limits, 9);
    expect(next.lines.map((l) => [l.sku, l.quantity, l.addedAt])).toEqual([
      ['A', 5, 1],
      ['B', 1, 1],
    ]);
  });

  it('refuses to go over the per-line maximum, counting what is already there', () => {
    expect(addItem(cart(line('A', 4)), item('A', 6), limits, 1).lines[0].quantity).toBe(10);
    expect(codeOf(() => addItem(cart(line('A', 5)), item('A', 6), limits, 1))).toBe('QUANTITY_LIMIT');
    expect(codeOf(() => addItem(cart(), item('A', 11), limits, 1))).toBe('QUANTITY_LIMIT');
  });

  it('refuses a new line past the lines limit but still adds to an existing one', () => {
    const full = cart(line('A', 1), line('B', 1), line('C', 1));
    expect(codeOf(() => addItem(full, item('D', 1), limits, 1))).toBe('LIMIT_REACHED');
    expect(addItem(full, item('C', 1), limits, 1).lines).toHaveLength(3);
  });

  it('keeps one currency per cart; an emptied cart takes any', () => {
    expect(codeOf(() => addItem(cart(line('A', 1)), item('B', 1, 'USD'), limits, 1))).toBe('CURRENCY_MISMATCH');
    expect(addItem({ lines: [], currency: 'EUR' }, item('B', 1, 'USD'), limits, 1).currency).toBe('USD');
  });
});

describe('setQuantity and removeItem', () => {
  it('sets a line quantity within 1..max and refuses a line that is not there', () => {
    expect(setQuantity(cart(line('A', 1)), 'A', 7, limits).lines[0].quantity).toBe(7);
    expect(codeOf(() => setQuantity(cart(line('A', 1)), 'A', 0, limits))).toBe('QUANTITY_LIMIT');
    expect(codeOf(() => setQuantity(cart(line('A', 1)), 'A', 11, limits))).toBe('QUANTITY_LIMIT');
    expect(codeOf(() => setQuantity(cart(line('A', 1)), 'B', 1, limits))).toBe('NOT_IN_CART');
  });

  it('removes a line, clears the currency with the last one, and reports nothing to do for an absent line', () => {
    expect(removeItem(cart(line('A', 1), line('B', 1)), 'A')).toEqual({ lines: [line('B', 1)], currency: 'EUR' });
    expect(removeItem(cart(line('A', 1)), 'A')).toEqual({ lines: [], currency: undefined });
    expect(removeItem(cart(line('A', 1)), 'B')).toBeNull();
  });
});

describe('mergeCarts', () => {
  it('adds quantities of SKUs in both and appends the others', () => {
    const { contents, report } = mergeCarts(cart(line('A', 2)), cart(line('A', 3), line('B', 1)), limits);
    expect(contents.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['A', 5],
      ['B', 1],
    ]);
    expect(report).toEqual({ added: ['B'], increased: ['A'], capped: [], dropped: [] });
  });

  it('caps added-up quantities at the per-line maximum', () => {
    const { contents, report } = mergeCarts(cart(line('A', 8)), cart(line('A', 5)), limits);
    expect(contents.lines[0].quantity).toBe(10);
    expect(report.capped).toEqual(['A']);
  });

  it('drops the lines that do not fit under the lines limit, in the anonymous cart’s order', () => {
    const { contents, report } = mergeCarts(
      cart(line('A', 1), line('B', 1)),
      cart(line('C', 1), line('D', 1), line('A', 1)),
      limits,
    );
    expect(contents.lines.map((l) => l.sku)).toEqual(['A', 'B', 'C']);
    expect(report).toEqual({ added: ['C'], increased: ['A'], capped: [], dropped: ['D'] });
  });

  it('takes the anonymous cart as it is into an empty cart, currency included', () => {
    const { contents } = mergeCarts({ lines: [] }, { lines: [line('A', 1)], currency: 'USD' }, limits);
    expect(contents).toEqual({ lines: [line('A', 1)], currency: 'USD' });
  });

  it('drops every line priced in a currency other than the customer’s cart', () => {
    const mine = cart(line('A', 1));
    const { contents, report } = mergeCarts(mine, { lines: [line('B', 1)], currency: 'USD' }, limits);
    expect(contents).toEqual(mine);
    expect(report.dropped).toEqual(['B']);
  });

  it('merging an empty cart changes nothing', () => {
    const mine = cart(line('A', 1));
    expect(mergeCarts(mine, { lines: [] }, limits)).toEqual({
      contents: mine,
      report: { added: [], increased: [], capped: [], dropped: [] },
    });
  });
});

it('pushes the expiry out by the owner’s idle time', () => {
  const ttl = { customerTtlDays: 30, anonymousTtlDays: 7 };
  expect(cartExpiry('customer', 1_000, ttl)).toBe(1_000 + 30 * 86_400_000);
  expect(cartExpiry('anonymous', 1_000, ttl)).toBe(1_000 + 7 * 86_400_000);
});

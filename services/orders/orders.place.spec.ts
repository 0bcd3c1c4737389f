import type { CartSnapshot, Order } from './orders.contract';
import { addressSnapshot, toOrderView } from './orders.domain';
import { changeStatus, checkoutInput, placeOrder } from './order.aggregate';

const address = { name: 'Ann', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
const line = (sku: string, amount: number, quantity: number, status = 'ok') => ({
  sku,
  productId: `p-${sku}`,
  name: sku,
  quantity,
  unitPrice: status === 'unavailable' ? null : { amount, currency: 'EUR' },
  status,
});
const cart = (...lines: CartSnapshot['lines']): CartSnapshot => ({ lines, totals: { currency: lines.length ? 'EUR' : null } });
const place = (c: CartSnapshot) =>
  placeOrder({
    id: 'o1',
    userId: 'u1',
    idempotencyKey: 'k',
    cart: c,
    shippingAddress: address,
    billingAddress: address,
    payment: { paymentMethodId: 'pm1', token: 'tok_visa', brand: 'visa', last4: '4242' },
    now: 1000,
  });

describe('placing an order (aggregate)', () => {
  it('snapshots the cart’s prices into items and totals, PENDING', () => {
    const order = place(cart(line('A', 1250, 2), line('B', 990, 1)));
    expect(order).toMatchObject({ id: 'o1', userId: 'u1', status: 'PENDING', createdAt: 1000, updatedAt: 1000 });
    expect(order.items).toEqual([
      {
        sku: 'A',
        productId: 'p-A',
        name: 'A',
        quantity: 2,
        unitPrice: { amount: 1250, currency: 'EUR' },
        lineTotal: { amount: 2500, currency: 'EUR' },
        pricing: { subtotal: 2500, discount: 0, shipping: 0, tax: 0, total: 2500, adjustments: [] },
      },
      {
        sku: 'B',
        productId: 'p-B',
        name: 'B',
        quantity: 1,
        unitPrice: { amount: 990, currency: 'EUR' },
        lineTotal: { amount: 990, currency: 'EUR' },
        pricing: { subtotal: 990, discount: 0, shipping: 0, tax: 0, total: 990, adjustments: [] },
      },
    ]);
    expect(order.totals).toEqual({ currency: 'EUR', subtotal: 3490, discount: 0, tax: 0, shipping: 0, total: 3490 });
    expect(checkoutInput(order)).toEqual({
      orderId: 'o1',
      userId: 'u1',
      lines: [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 1 },
      ],
      amount: { amount: 3490, currency: 'EUR' },
      paymentToken: 'tok_visa',
    });
  });

  it('refuses an empty cart and names every line that is not ready', () => {
    expect(() => place(cart())).toThrow(expect.objectContaining({ type: 'CART_EMPTY', status: 409 }));
    const notReady = () => place(cart(line('A', 1, 1), line('B', 1, 9, 'price_missing'), line('C', 1, 1, 'unavailable')));
    expect(notReady).toThrow(expect.objectContaining({ type: 'CART_NOT_READY', message: expect.stringMatching(/B, C$/) }));
    // Short of stock by the cart's reckoning is no reason to refuse: the reservation decides.
    expect(() => place(cart(line('A', 1, 1), line('D', 1, 9, 'insufficient_stock')))).not.toThrow();
    expect(notReady).toThrow(
      expect.objectContaining({
        data: {
          lines: [
            { sku: 'B', status: 'price_missing' },
            { sku: 'C', status: 'unavailable' },
          ],
        },
      }),
    );
  });

  it('a status change names its log entry and the event it raises; the same status again is done for a saga, refused otherwise', () => {
    const order = { ...place(cart(line('A', 100, 3))), version: 1 };
    const d = changeStatus(order, 'CANCELLED', 2000, 'payment declined');
    expect(d).toMatchObject({
      changed: true,
      next: { status: 'CANCELLED', updatedAt: 2000, reason: 'payment declined' },
      logEntry: {
        id: 'o1:2',
        seq: 2,
        type: 'status-changed',
        data: { from: 'PENDING', to: 'CANCELLED', reason: 'payment declined' },
      },
      published: { orderId: 'o1', userId: 'u1', from: 'PENDING', to: 'CANCELLED', total: { amount: 300, currency: 'EUR' } },
    });
    expect(changeStatus(order, 'PENDING', 2000, undefined, true)).toEqual({
      changed: false,
      published: expect.objectContaining({ to: 'PENDING' }),
    });
    expect(() => changeStatus(order, 'PENDING', 2000)).toThrow(expect.objectContaining({ type: 'ILLEGAL_TRANSITION' }));
    expect(() => changeStatus(order, 'SHIPPED', 2000, undefined, true)).toThrow(
      expect.objectContaining({ type: 'ILLEGAL_TRANSITION' }),
    );
  });
});

describe('showing an order', () => {
  it('keeps only address fields in a snapshot, with the book entry’s id when there is one', () => {
    const saved = { ...address, id: 'a1', isDefaultShipping: true, createdAt: 1, line2: '', label: 'Home' };
    expect(addressSnapshot(saved, 'a1')).toEqual({ addressId: 'a1', ...address });
    expect(addressSnapshot(address)).toEqual(address);
  });

  it('shows the order without its payment token or idempotency key, history oldest first', () => {
    const order: Order = { ...place(cart(line('A', 100, 1))), status: 'CONFIRMED', version: 2 };
    const view = toOrderView(order, [
      { id: 'o1:CONFIRMED', orderId: 'o1', from: 'PENDING', to: 'CONFIRMED', at: 2000 },
      { id: 'o1:PENDING', orderId: 'o1', to: 'PENDING', at: 1000 },
    ]);
    expect(JSON.stringify(view)).not.toContain('tok_visa');
    expect(view).not.toHaveProperty('idempotencyKey');
    expect(view).not.toHaveProperty('version');
    expect(view.payment).toEqual({ method: 'saved', paymentMethodId: 'pm1', brand: 'visa', last4: '4242' });
    expect(view.history).toEqual([
      { to: 'PENDING', at: 1000 },
      { from: 'PENDING', to: 'CONFIRMED', at: 2000 },
    ]);
  });
});

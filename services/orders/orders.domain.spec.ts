import type { CartSnapshot, Order } from './orders.contract';
import { placeOrder } from './order.aggregate';
import { addressSnapshot, toOrderView } from './orders.domain';

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

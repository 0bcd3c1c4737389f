import { ORDER_STATUSES, type Order, type OrderStatus } from './orders.contract';
import { OrderRuleError } from './orders.errors';
import { canTransition, endingAfterRefusal, isTerminal, transition } from './order.aggregate';

const ALLOWED = new Set([
  'PENDING>CONFIRMED',
  'PENDING>REJECTED',
  'PENDING>CANCELLED',
  'CONFIRMED>PARTIALLY_SHIPPED',
  'CONFIRMED>SHIPPED',
  'CONFIRMED>DELIVERED',
  'CONFIRMED>CANCELLED',
  'PARTIALLY_SHIPPED>SHIPPED',
  'PARTIALLY_SHIPPED>DELIVERED',
  'SHIPPED>DELIVERED',
]);

const order = (status: OrderStatus): Order => ({
  id: 'o1',
  userId: 'u1',
  status,
  items: [],
  totals: { currency: 'EUR', subtotal: 0, discount: 0, tax: 0, shipping: 0, total: 0 },
  shippingAddress: { name: 'A', line1: 'x', city: 'y', postalCode: '12345', country: 'DE' },
  billingAddress: { name: 'A', line1: 'x', city: 'y', postalCode: '12345', country: 'DE' },
  payment: { token: 'tok_visa' },
  idempotencyKey: 'k',
  reason: 'earlier reason',
  createdAt: 1,
  updatedAt: 1,
  version: 3,
});

const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

describe('order status machine', () => {
  it.each(pairs)('%s → %s is allowed exactly when the machine lists it', (from, to) => {
    const allowed = ALLOWED.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) {
      const next = transition(order(from), to, 50, 'why');
      expect(next).toMatchObject({ status: to, updatedAt: 50, reason: 'why', version: 3, createdAt: 1 });
    } else {
      let thrown: unknown;
      try {
        transition(order(from), to, 50);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(OrderRuleError);
      expect(thrown).toMatchObject({ status: 409, type: 'ILLEGAL_TRANSITION', data: { from, to } });
    }
  });

  it('leaves the input alone and drops an earlier reason when the new transition gives none', () => {
    const before = order('CONFIRMED');
    const next = transition(before, 'SHIPPED', 70);
    expect(next.reason).toBeUndefined();
    expect(before).toEqual(order('CONFIRMED'));
  });

  it('knows the terminal statuses', () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['DELIVERED', 'REJECTED', 'CANCELLED']);
  });
});

describe('ending an order after a failed checkout, when the move was refused', () => {
  it('an ended order is done, a PENDING one that would not cancel is rejected, anything else stays refused', () => {
    expect(ORDER_STATUSES.map((s) => [s, endingAfterRefusal(s, 'CANCELLED'), endingAfterRefusal(s, 'REJECTED')])).toEqual([
      ['PENDING', 'REJECTED', 'refused'],
      ['CONFIRMED', 'refused', 'refused'],
      ['PARTIALLY_SHIPPED', 'refused', 'refused'],
      ['SHIPPED', 'refused', 'refused'],
      ['DELIVERED', 'refused', 'refused'],
      ['REJECTED', 'done', 'done'],
      ['CANCELLED', 'done', 'done'],
    ]);
  });
});

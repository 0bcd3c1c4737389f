import type { Order, OrderStatus } from './orders.contract';
import { cancelSagaData, paymentReportStep } from './orders.payment-reports.domain';

describe('payment changes the order did not ask for', () => {
  const statuses: OrderStatus[] = ['PENDING', 'CONFIRMED', 'REJECTED', 'SHIPPED', 'CANCELLED', 'DELIVERED', 'PARTIALLY_SHIPPED'];

  it('a refund of a confirmed order cancels it; of a (partly) shipped or delivered one, asks for review; else nothing', () => {
    const expected = ['none', 'cancel', 'none', 'review', 'none', 'review', 'review'];
    // Version 1 events (no facts) were whole refunds: the provider's, as far as the order can tell.
    expect(statuses.map((s) => paymentReportStep('payment.refunded', s))).toEqual(expected);
    expect(statuses.map((s) => paymentReportStep('payment.refunded', s, { full: true, origin: 'provider' }))).toEqual(expected);
  });

  it('only a full refund cancels a confirmed order; a partial one is the platform’s (none) or the provider’s (review)', () => {
    expect(paymentReportStep('payment.refunded', 'CONFIRMED', { full: true, origin: 'api' })).toBe('cancel');
    expect(paymentReportStep('payment.refunded', 'CONFIRMED', { full: false, origin: 'api' })).toBe('none');
    expect(paymentReportStep('payment.refunded', 'CONFIRMED', { full: false, origin: 'provider' })).toBe('review');
  });

  it('the platform’s own refunds of shipped or delivered orders (returns) need no review; the provider’s do', () => {
    for (const status of ['SHIPPED', 'DELIVERED', 'PARTIALLY_SHIPPED'] as const) {
      for (const full of [true, false]) {
        expect(paymentReportStep('payment.refunded', status, { full, origin: 'api' })).toBe('none');
        expect(paymentReportStep('payment.refunded', status, { full, origin: 'provider' })).toBe('review');
      }
    }
  });

  it('a capture of an ended order is given back; of any other, it is the checkout’s own', () => {
    expect(statuses.map((s) => paymentReportStep('payment.captured', s))).toEqual([
      'none',
      'none',
      'refund',
      'none',
      'refund',
      'none',
      'none',
    ]);
  });

  it('the cancel saga gets the order’s total and lines', () => {
    const order = {
      id: 'o1',
      userId: 'u1',
      totals: { total: 2500, currency: 'EUR' },
      items: [{ sku: 'A-1', quantity: 2 }],
    } as unknown as Order;
    expect(cancelSagaData(order, 'why')).toEqual({
      orderId: 'o1',
      userId: 'u1',
      reason: 'why',
      amount: { amount: 2500, currency: 'EUR' },
      lines: [{ sku: 'A-1', quantity: 2 }],
    });
  });
});

import type { Order, OrderStatus } from './orders.contract';
import { cancelSagaData, paymentReportStep } from './orders.payment-reports.domain';

describe('payment changes the order did not ask for', () => {
  const statuses: OrderStatus[] = ['PENDING', 'CONFIRMED', 'REJECTED', 'SHIPPED', 'CANCELLED', 'DELIVERED', 'PARTIALLY_SHIPPED'];

  it('a refund of a confirmed order cancels it; of a (partly) shipped or delivered one, asks for review; else nothing', () => {
    expect(statuses.map((s) => paymentReportStep('payment.refunded', s))).toEqual([
      'none',
      'cancel',
      'none',
      'review',
      'none',
      'review',
      'review',
    ]);
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

import { fakeContext, quick, refusal, runSaga, unavailable } from '../testing/scripted-world';
import { awaitCheckout } from './await-checkout.step';
import { cancelOrderSaga } from './cancel-order.saga';
import type { CancelOrderData } from './cancel-order.types';

const data: CancelOrderData = { orderId: 'order-1', userId: 'user-1' };
const fails = (err: Error) => () => {
  throw err;
};
const checkout = (status: string) => ({ 'sagas.get': () => ({ id: 'order-1', status }) });

describe('cancel-order saga', () => {
  it('stops fulfilment and cancels first (the guards), waits for the checkout to end, then refunds, restocks and tells the customer', async () => {
    const { doc, seen } = await runSaga(cancelOrderSaga, data, {
      ...checkout('COMPLETED'),
      'shipping.cancelForOrder': () => ({ orderId: 'order-1', cancelled: ['order-1:main'] }),
    });
    expect(doc.status).toBe('COMPLETED');
    expect(seen.map((s) => [s.action, s.params])).toEqual([
      ['shipping.cancelForOrder', { orderId: 'order-1', reason: 'cancelled by the customer' }],
      ['orders.markCancelled', { orderId: 'order-1', reason: 'cancelled by the customer' }],
      ['sagas.get', { id: 'order-1' }],
      ['payments.refund', { orderId: 'order-1', reason: 'cancelled by the customer' }],
      ['inventory.restock', { orderId: 'order-1' }],
      ['notifications.orderNotice', { orderId: 'order-1', userId: 'user-1', kind: 'cancelled', data: { orderId: 'order-1' } }],
    ]);
    expect(seen[0].key).toBe('saga-1:stop-fulfilment');
    expect(seen[3].key).toBe('saga-1:refund-payment');
    expect(doc.data).toMatchObject({ shipmentsCancelled: ['order-1:main'] });
  });

  it("an order with promotions has their uses released with reason 'cancelled'; a zero-total one is not refunded", async () => {
    const promo = { ...data, promotionIds: ['p-1'], amount: { amount: 0, currency: 'EUR' } };
    const { doc, seen } = await runSaga(cancelOrderSaga, promo, checkout('COMPLETED'));
    expect(doc.status).toBe('COMPLETED');
    expect(seen.map((s) => s.action)).not.toContain('payments.refund');
    expect(seen.find((s) => s.action === 'discounts.releaseUsage')?.params).toEqual({ orderId: 'order-1', reason: 'cancelled' });
    expect(doc.data).toMatchObject({ refunded: false, restocked: true, promotionsReleased: true });
    // After a compensated checkout its own compensation released the uses.
    const failed = await runSaga(cancelOrderSaga, promo, checkout('COMPENSATED'));
    expect(failed.actions).not.toContain('discounts.releaseUsage');
  });

  it('an order that has shipped (shipping refuses) ends the saga with nothing cancelled, refunded or restocked', async () => {
    const { doc, actions } = await runSaga(cancelOrderSaga, data, {
      'shipping.cancelForOrder': fails(refusal(409, 'ORDER_ALREADY_SHIPPED')),
    });
    expect(actions).toEqual(['shipping.cancelForOrder']);
    expect(doc).toMatchObject({ status: 'COMPENSATED', failure: { step: 'stop-fulfilment', type: 'ORDER_ALREADY_SHIPPED' } });
  });

  it('an order the state machine refuses reopens its fulfilment, with nothing refunded or restocked', async () => {
    const { doc, seen } = await runSaga(cancelOrderSaga, data, {
      'orders.markCancelled': fails(refusal(409, 'ILLEGAL_TRANSITION')),
    });
    expect(seen.map((s) => [s.action, s.key])).toEqual([
      ['shipping.cancelForOrder', 'saga-1:stop-fulfilment'],
      ['orders.markCancelled', 'saga-1:mark-cancelled'],
      ['shipping.reopenForOrder', 'saga-1:stop-fulfilment:compensate'],
    ]);
    expect(seen[2].params).toEqual({ orderId: 'order-1' });
    expect(doc).toMatchObject({ status: 'COMPENSATED', failure: { step: 'mark-cancelled', type: 'ILLEGAL_TRANSITION' } });
  });

  it('a shipping outage is retried, never taken for a refusal: the saga waits rather than cancel an order that may ship', async () => {
    const { doc, actions } = await runSaga(quick(cancelOrderSaga), data, {
      ...checkout('COMPLETED'),
      'shipping.cancelForOrder': (_p, n) => {
        if (n < 3) throw unavailable('shipping.cancelForOrder');
        return { orderId: 'order-1', cancelled: [] };
      },
    });
    expect(actions.slice(0, 4)).toEqual([
      'shipping.cancelForOrder',
      'shipping.cancelForOrder',
      'shipping.cancelForOrder',
      'orders.markCancelled',
    ]);
    expect(doc.status).toBe('COMPLETED');
  });

  it('after a compensated checkout nothing was charged or sold: no refund, no restock', async () => {
    const { doc, actions } = await runSaga(cancelOrderSaga, data, checkout('COMPENSATED'));
    expect(actions).toEqual(['shipping.cancelForOrder', 'orders.markCancelled', 'sagas.get', 'notifications.orderNotice']);
    expect(doc.data).toMatchObject({ checkout: 'COMPENSATED', refunded: false, restocked: false });
  });

  it('a refund that keeps failing parks the saga (it cannot be compensated); a retry finishes it', async () => {
    const { doc, actions } = await runSaga(quick(cancelOrderSaga), data, {
      ...checkout('COMPLETED'),
      'payments.refund': fails(refusal(502, 'PAYMENT_PROVIDER_ERROR', true)),
    });
    expect(doc).toMatchObject({
      status: 'NEEDS_ATTENTION',
      parked: { phase: 'RUNNING', reason: 'refund-payment: PAYMENT_PROVIDER_ERROR' },
    });
    expect(actions.filter((a) => a === 'payments.refund')).toHaveLength(6);
    expect(actions).not.toContain('inventory.restock');
  });

  it('await-checkout retries while the checkout runs, and stops on a parked one', async () => {
    await expect(awaitCheckout.invoke(fakeContext(data, checkout('RUNNING')).ctx)).rejects.toMatchObject({
      code: 503,
      retryable: true,
    });
    await expect(awaitCheckout.invoke(fakeContext(data, checkout('NEEDS_ATTENTION')).ctx)).rejects.toMatchObject({
      reason: 'CHECKOUT_PARKED',
    });
    expect(await awaitCheckout.invoke(fakeContext(data, { 'sagas.get': fails(refusal(404, 'NOT_FOUND')) }).ctx)).toEqual({
      checkout: 'NONE',
    });
    expect(cancelOrderSaga.steps.filter((s) => s.mustComplete).map((s) => s.id)).toEqual([
      'await-checkout',
      'refund-payment',
      'restock',
      'release-promotion-usage',
    ]);
  });
});

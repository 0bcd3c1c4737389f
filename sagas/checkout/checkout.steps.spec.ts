import { StepResponse } from '../saga.types';
import { checkoutInput } from '../testing/checkout-input';
import { fakeContext, refusal, unavailable } from '../testing/scripted-world';
import { authorizePayment } from './authorize-payment.step';
import { capturePayment } from './capture-payment.step';
import { checkoutSaga } from './checkout.saga';
import type { CheckoutData } from './checkout.types';
import { commitReservation } from './commit-reservation.step';
import { confirmOrder } from './confirm-order.step';
import { endOrder, failureReason } from './end-order';
import { notifyStep } from './notify.step';
import { reserveInventory } from './reserve-inventory.step';

const data = (extra: Partial<CheckoutData> = {}) =>
  checkoutInput({ lines: [{ sku: 'TEE-1', quantity: 2 }], amount: { amount: 4_998, currency: 'EUR' }, ...extra });
const thrower = (err: Error) => () => {
  throw err;
};

describe('checkout steps', () => {
  it('the steps run in the order of the issue, each with a deadline and a retry policy', () => {
    expect(checkoutSaga.steps.map((s) => s.id)).toEqual([
      'reserve-inventory',
      'reserve-promotion-usage',
      'authorize-payment',
      'confirm-order',
      'capture-payment',
      'commit-reservation',
      'commit-promotion-usage',
      'settle-cart',
      'notify',
    ]);
    for (const s of checkoutSaga.steps) expect(s.deadlineMs! > 0 && s.retry!.attempts > 1).toBe(true);
    expect(checkoutSaga.steps.filter((s) => s.bestEffort).map((s) => s.id)).toEqual(['settle-cart', 'notify']);
  });

  it('reserve-inventory holds the lines for as long as inventory says, and tells its compensation what it holds', async () => {
    const { ctx, calls } = fakeContext(data(), { 'inventory.reserve': () => ({ expiresAt: 123_456 }) });
    // No expiry is sent: how long stock is held is inventory's setting; its answer is kept.
    expect(await reserveInventory.invoke(ctx)).toEqual(
      new StepResponse({ reservationExpiresAt: 123_456 }, { orderId: 'order-1', expiresAt: 123_456 }),
    );
    expect(calls).toEqual([
      { action: 'inventory.reserve', params: { orderId: 'order-1', lines: [{ sku: 'TEE-1', quantity: 2 }] } },
    ]);
    const undo = fakeContext(data(), {}, { orderId: 'order-1', expiresAt: 123_456 });
    await reserveInventory.compensate!(undo.ctx);
    expect(undo.calls).toEqual([{ action: 'inventory.release', params: { orderId: 'order-1', reason: 'checkout failed' } }]);
    const release = (err: Error, input?: unknown) =>
      reserveInventory.compensate!(fakeContext(data(), { 'inventory.release': thrower(err) }, input).ctx);
    // Sold meanwhile: commit-reservation's compensation restocks it.
    await expect(release(refusal(409, 'RESERVATION_COMMITTED'), { orderId: 'order-1' })).resolves.toBeUndefined();
    // A hold the step recorded cannot be "not found"; one that may never have landed can.
    await expect(release(refusal(404, 'NOT_FOUND'), { orderId: 'order-1' })).rejects.toThrow('NOT_FOUND');
    await expect(release(refusal(404, 'NOT_FOUND'))).resolves.toBeUndefined();
    await expect(release(unavailable('inventory.release'))).rejects.toThrow('not available');
    await expect(release(refusal(500, 'X'))).rejects.toThrow('X');
  });

  it('authorize-payment sends amount and token; its compensation voids, unless the money was captured (refund does that)', async () => {
    const { ctx, calls } = fakeContext(data(), { 'payments.authorize': () => ({ paymentId: 'pay-1', status: 'authorized' }) });
    expect(await authorizePayment.invoke(ctx)).toEqual(new StepResponse({ paymentId: 'pay-1' }, { paymentId: 'pay-1' }));
    expect(calls[0].params).toEqual({
      orderId: 'order-1',
      userId: 'user-1',
      amount: { amount: 4_998, currency: 'EUR' },
      token: 'tok_visa',
    });
    const declined = fakeContext(data(), { 'payments.authorize': thrower(refusal(402, 'PAYMENT_DECLINED')) });
    await expect(authorizePayment.invoke(declined.ctx)).rejects.toMatchObject({ type: 'PAYMENT_DECLINED' });
    const undo = fakeContext(data(), {}, { paymentId: 'pay-1' });
    await authorizePayment.compensate!(undo.ctx);
    expect(undo.calls.map((c) => c.action)).toEqual(['payments.void']);
    const captured = fakeContext(data({ captured: true }), {}, { paymentId: 'pay-1' });
    await authorizePayment.compensate!(captured.ctx);
    expect(captured.calls).toEqual([]);
    const voiding = (err: Error, input?: unknown) =>
      authorizePayment.compensate!(fakeContext(data(), { 'payments.void': thrower(err) }, input).ctx);
    await expect(voiding(refusal(409, 'X'), { paymentId: 'pay-1' })).resolves.toBeUndefined();
    await expect(voiding(refusal(404, 'X'))).resolves.toBeUndefined();
    await expect(voiding(refusal(404, 'X'), { paymentId: 'pay-1' })).rejects.toMatchObject({ code: 404 });
    await expect(voiding(refusal(502, 'PAYMENT_PROVIDER_ERROR', true))).rejects.toMatchObject({ code: 502 });
  });

  it('confirm-order confirms; capture-payment captures and refunds on compensation; commit-reservation commits and restocks', async () => {
    const c = fakeContext(data(), {}, { orderId: 'order-1' });
    expect(await confirmOrder.invoke(c.ctx)).toEqual({ confirmed: true });
    expect(await capturePayment.invoke(c.ctx)).toEqual(new StepResponse({ captured: true }, { orderId: 'order-1' }));
    expect(await commitReservation.invoke(c.ctx)).toEqual(new StepResponse({ committed: true }, { orderId: 'order-1' }));
    await capturePayment.compensate!(c.ctx);
    await commitReservation.compensate!(c.ctx);
    expect(c.calls).toEqual([
      { action: 'orders.confirm', params: { orderId: 'order-1' } },
      { action: 'payments.capture', params: { orderId: 'order-1' } },
      { action: 'inventory.commit', params: { orderId: 'order-1' } },
      { action: 'payments.refund', params: { orderId: 'order-1', reason: 'checkout failed after capture' } },
      { action: 'inventory.restock', params: { orderId: 'order-1' } },
    ]);
    expect(confirmOrder.compensate).toBeUndefined();
    // Nothing captured / nothing sold: nothing to undo.
    const refund = (err: Error) => capturePayment.compensate!(fakeContext(data(), { 'payments.refund': thrower(err) }).ctx);
    const restock = (err: Error) => commitReservation.compensate!(fakeContext(data(), { 'inventory.restock': thrower(err) }).ctx);
    await expect(refund(refusal(409, 'ILLEGAL'))).resolves.toBeUndefined();
    await expect(restock(refusal(409, 'RESERVATION_NOT_COMMITTED'))).resolves.toBeUndefined();
    await expect(restock(refusal(503, 'DOWN', true))).rejects.toThrow();
  });

  it('notify sends the order notice with its total, best effort', async () => {
    const step = notifyStep<CheckoutData>('confirmed');
    const { ctx, calls } = fakeContext(data());
    expect(await step.invoke(ctx)).toEqual({ notified: true });
    expect(calls).toEqual([
      {
        action: 'notifications.orderNotice',
        params: {
          orderId: 'order-1',
          userId: 'user-1',
          kind: 'confirmed',
          data: { orderId: 'order-1', total: 4_998, currency: 'EUR' },
        },
      },
    ]);
    expect(step.bestEffort).toBe(true);
    expect(notifyStep('cancelled').id).toBe('notify-cancelled');
  });

  it('ends the order: reject or cancel; an order already ended stays; a PENDING order that may not be cancelled is rejected', async () => {
    const plain = fakeContext(data());
    await endOrder(plain.ctx, 'reject', 'out of stock');
    expect(plain.calls).toEqual([{ action: 'orders.reject', params: { orderId: 'order-1', reason: 'out of stock' } }]);
    const illegal = thrower(refusal(409, 'ILLEGAL_TRANSITION'));
    const ended = fakeContext(data(), { 'orders.markCancelled': illegal, 'orders.get': () => ({ status: 'CANCELLED' }) });
    await endOrder(ended.ctx, 'markCancelled', 'payment declined');
    expect(ended.calls.map((c) => c.action)).toEqual(['orders.markCancelled', 'orders.get']);
    const pending = fakeContext(data(), { 'orders.markCancelled': illegal, 'orders.get': () => ({ status: 'PENDING' }) });
    await endOrder(pending.ctx, 'markCancelled', 'payment declined');
    expect(pending.calls.map((c) => c.action)).toEqual(['orders.markCancelled', 'orders.get', 'orders.reject']);
    const shipped = fakeContext(data(), { 'orders.markCancelled': illegal, 'orders.get': () => ({ status: 'SHIPPED' }) });
    await expect(endOrder(shipped.ctx, 'markCancelled', 'x')).rejects.toMatchObject({ type: 'ILLEGAL_TRANSITION' });
    expect(failureReason('reserve-inventory', 'INSUFFICIENT_STOCK', true)).toBe('out of stock');
    expect(failureReason('authorize-payment', 'PAYMENT_DECLINED', true)).toBe('payment declined');
    expect(failureReason('authorize-payment', undefined, false)).toBe(
      'checkout could not complete (authorize-payment unavailable)',
    );
  });
});

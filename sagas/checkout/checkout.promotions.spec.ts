import { StepResponse } from '../saga.types';
import { checkoutInput } from '../testing/checkout-input';
import { fakeContext, refusal, runSaga } from '../testing/scripted-world';
import { authorizePayment, ZERO_TOTAL } from './authorize-payment.step';
import { capturePayment } from './capture-payment.step';
import { checkoutSaga } from './checkout.saga';
import type { CheckoutData } from './checkout.types';
import { commitPromotionUsage } from './commit-promotion-usage.step';
import { failureReason } from './end-order';
import { reservePromotionUsage } from './reserve-promotion-usage.step';

const SAVE10 = { promotionId: 'promo-1', version: 3, code: 'SAVE10', amount: 250 };
const data = (extra: Partial<CheckoutData> = {}) =>
  checkoutInput({ amount: { amount: 2_250, currency: 'EUR' }, promotions: [SAVE10], reservationExpiresAt: 900_000, ...extra });
const fails = (err: Error) => () => {
  throw err;
};

describe('checkout with promotions', () => {
  it("reserves each promotion's use until the stock hold lapses; its compensation releases them as checkout-failed", async () => {
    const { ctx, calls } = fakeContext(data());
    expect(await reservePromotionUsage.invoke(ctx)).toEqual(
      new StepResponse({ promotionsReserved: true }, { orderId: 'order-1' }),
    );
    expect(calls).toEqual([
      {
        action: 'discounts.reserveUsage',
        params: { orderId: 'order-1', userId: 'user-1', currency: 'EUR', promotions: [SAVE10], expiresAt: 900_000 },
      },
    ]);
    const undo = fakeContext(data(), {}, { orderId: 'order-1' });
    await reservePromotionUsage.compensate!(undo.ctx);
    expect(undo.calls).toEqual([{ action: 'discounts.releaseUsage', params: { orderId: 'order-1', reason: 'checkout-failed' } }]);
  });

  it('without promotions both promotion steps call nothing', async () => {
    const none = fakeContext(data({ promotions: [] }));
    expect(await reservePromotionUsage.invoke(none.ctx)).toEqual({ promotionsReserved: false });
    expect(await commitPromotionUsage.invoke(none.ctx)).toEqual({ promotionsCommitted: false });
    await reservePromotionUsage.compensate!(none.ctx as never);
    expect(none.calls).toEqual([]);
  });

  it('commits the uses after capture and stock commit, then settles', async () => {
    const { doc, actions } = await runSaga(checkoutSaga, data(), { 'payments.authorize': () => ({ paymentId: 'pay-1' }) });
    expect(doc.status).toBe('COMPLETED');
    expect(actions).toEqual([
      'inventory.reserve',
      'discounts.reserveUsage',
      'payments.authorize',
      'orders.confirm',
      'payments.capture',
      'inventory.commit',
      'discounts.commitUsage',
      'carts.settle',
      'notifications.orderNotice',
    ]);
    expect(doc.data).toMatchObject({ promotionsReserved: true, promotionsCommitted: true, captured: true });
  });

  it('a reached limit rejects the order with the cart given back and the stock released; nothing is charged', async () => {
    const { doc, actions, seen } = await runSaga(checkoutSaga, data(), {
      'discounts.reserveUsage': fails(refusal(409, 'PROMOTION_LIMIT_REACHED')),
    });
    expect(doc).toMatchObject({ status: 'COMPENSATED', failure: { step: 'reserve-promotion-usage', business: true } });
    expect(actions).toEqual([
      'inventory.reserve',
      'discounts.reserveUsage',
      'inventory.release',
      'carts.release',
      'orders.reject',
    ]);
    expect(seen.at(-1)?.params).toEqual({ orderId: 'order-1', reason: 'promotion no longer available' });
    expect(failureReason('reserve-promotion-usage', 'PROMOTION_LIMIT_REACHED', true)).toBe('promotion no longer available');
  });

  it('a declined card gives the reserved use back (checkout-failed) and cancels the order', async () => {
    const { actions, seen } = await runSaga(checkoutSaga, data(), {
      'payments.authorize': fails(refusal(402, 'PAYMENT_DECLINED')),
    });
    expect(actions).toEqual([
      'inventory.reserve',
      'discounts.reserveUsage',
      'payments.authorize',
      'discounts.releaseUsage',
      'inventory.release',
      'carts.release',
      'orders.markCancelled',
    ]);
    expect(seen.find((s) => s.action === 'discounts.releaseUsage')?.params).toEqual({
      orderId: 'order-1',
      reason: 'checkout-failed',
    });
  });

  it('a zero total (100 % off) skips authorization and capture, records why, and still confirms', async () => {
    const free = data({ amount: { amount: 0, currency: 'EUR' } });
    const { doc, actions } = await runSaga(checkoutSaga, free);
    expect(doc.status).toBe('COMPLETED');
    expect(actions).not.toContain('payments.authorize');
    expect(actions).not.toContain('payments.capture');
    expect(actions).toContain('orders.confirm');
    expect(actions).toContain('discounts.commitUsage');
    expect(doc.data).toMatchObject({ paymentSkipped: ZERO_TOTAL, confirmed: true, promotionsCommitted: true });
    // Compensating a free order has no money to void or refund.
    const undo = fakeContext(free, {}, { paymentId: 'x' });
    await authorizePayment.compensate!(undo.ctx);
    await capturePayment.compensate!(undo.ctx as never);
    expect(undo.calls).toEqual([]);
  });
});

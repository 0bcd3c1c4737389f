import { quick, refusal, runSaga } from '../testing/scripted-world';
import { checkoutSaga } from './checkout.saga';
import { checkoutInput } from '../testing/checkout-input';

const data = checkoutInput();
const fails = (err: Error) => () => {
  throw err;
};
const HAPPY = [
  'inventory.reserve',
  'payments.authorize',
  'orders.confirm',
  'payments.capture',
  'inventory.commit',
  'carts.settle',
  'notifications.orderNotice',
];

/** The checkout's terminal outcomes, run by the real engine against scripted participants. */
describe('checkout saga outcomes', () => {
  it('all steps done: COMPLETED, each call with its own step key', async () => {
    const { doc, seen } = await runSaga(checkoutSaga, data, { 'payments.authorize': () => ({ paymentId: 'pay-1' }) });
    expect(doc.status).toBe('COMPLETED');
    // Without promotions the promotion steps call nothing.
    const calling = checkoutSaga.steps.filter((s) => !s.id.endsWith('promotion-usage'));
    expect(seen.map((s) => [s.action, s.key])).toEqual(HAPPY.map((a, i) => [a, `saga-1:${calling[i].id}`]));
    expect(doc.data).toMatchObject({
      paymentId: 'pay-1',
      confirmed: true,
      captured: true,
      committed: true,
      cartSettled: true,
      notified: true,
    });
    expect(seen.find((s) => s.action === 'carts.settle')?.params).toEqual({ userId: 'user-1', orderId: 'order-1' });
  });

  it('out of stock: the order is REJECTED and nothing is charged', async () => {
    const { doc, actions, seen } = await runSaga(checkoutSaga, data, {
      'inventory.reserve': fails(refusal(409, 'INSUFFICIENT_STOCK')),
    });
    expect(actions).toEqual(['inventory.reserve', 'carts.release', 'orders.reject']);
    expect(seen[2]).toMatchObject({ params: { orderId: 'order-1', reason: 'out of stock' }, key: 'saga-1:on-failure' });
    expect(doc).toMatchObject({
      status: 'COMPENSATED',
      failure: { step: 'reserve-inventory', type: 'INSUFFICIENT_STOCK', business: true },
    });
  });

  it('declined: the hold is released and the order CANCELLED; no void (nothing was authorized)', async () => {
    const { doc, actions, seen } = await runSaga(checkoutSaga, data, {
      'payments.authorize': fails(refusal(402, 'PAYMENT_DECLINED')),
    });
    expect(actions).toEqual([
      'inventory.reserve',
      'payments.authorize',
      'inventory.release',
      'carts.release',
      'orders.markCancelled',
    ]);
    expect(seen[3]).toMatchObject({ params: { userId: 'user-1', orderId: 'order-1' }, key: 'saga-1:on-failure' });
    expect(seen[1].key).toBe('saga-1:authorize-payment');
    expect(seen[2].key).toBe('saga-1:reserve-inventory:compensate');
    expect(seen[4].params).toEqual({ orderId: 'order-1', reason: 'payment declined' });
    expect(doc.status).toBe('COMPENSATED');
  });

  it('a failure after authorization voids it, then releases the hold', async () => {
    const { actions } = await runSaga(checkoutSaga, data, { 'orders.confirm': fails(refusal(409, 'ILLEGAL_TRANSITION')) });
    expect(actions).toEqual([
      'inventory.reserve',
      'payments.authorize',
      'orders.confirm',
      'payments.void',
      'inventory.release',
      'carts.release',
      'orders.markCancelled',
    ]);
  });

  it('a failure after capture refunds (and does not void), then releases the hold', async () => {
    const { doc, actions } = await runSaga(checkoutSaga, data, {
      'inventory.commit': fails(refusal(409, 'RESERVATION_EXPIRED')),
    });
    expect(actions).toEqual([
      ...HAPPY.slice(0, 5),
      'payments.refund',
      'inventory.release',
      'carts.release',
      'orders.markCancelled',
    ]);
    expect(doc.steps.map((s) => s.compensation?.status ?? '-')).toEqual([
      'DONE',
      'DONE',
      'DONE',
      '-',
      'DONE',
      '-',
      '-',
      '-',
      '-',
    ]);
  });

  it('provider errors are retried with the same key until the provider answers', async () => {
    const flaky = (_: unknown, n: number) => {
      if (n < 3) throw refusal(502, 'PAYMENT_PROVIDER_ERROR', true);
      return { paymentId: 'pay-1' };
    };
    const { doc, seen } = await runSaga(quick(checkoutSaga), data, { 'payments.authorize': flaky });
    expect(doc.status).toBe('COMPLETED');
    expect(seen.filter((s) => s.action === 'payments.authorize').map((s) => s.key)).toEqual(
      Array(3).fill('saga-1:authorize-payment'),
    );
    expect(doc.steps.find((s) => s.id === 'authorize-payment')).toMatchObject({
      status: 'DONE',
      attempts: 3,
      error: 'PAYMENT_PROVIDER_ERROR',
    });
  });

  it('a provider that never answers in time: retries run out, the authorization is voided (it may have landed) and the order cancelled', async () => {
    const slow = () => new Promise(() => undefined);
    const def = quick({
      ...checkoutSaga,
      steps: checkoutSaga.steps.map((s) => (s.id === 'authorize-payment' ? { ...s, deadlineMs: 20 } : s)),
    });
    const { doc, actions } = await runSaga(def, data, { 'payments.authorize': slow });
    expect(actions).toEqual([
      'inventory.reserve',
      ...Array(4).fill('payments.authorize'),
      'payments.void',
      'inventory.release',
      'carts.release',
      'orders.markCancelled',
    ]);
    expect(doc.steps.find((s) => s.id === 'authorize-payment')).toMatchObject({
      status: 'FAILED',
      errorCode: 504,
      business: false,
    });
  });

  it('carts down while a checkout fails: the order is cancelled all the same (the claim lapses later)', async () => {
    const { doc, actions } = await runSaga(quick(checkoutSaga), data, {
      'payments.authorize': fails(refusal(402, 'PAYMENT_DECLINED')),
      'carts.release': fails(refusal(503, 'SERVICE_NOT_AVAILABLE', true)),
    });
    expect(doc.status).toBe('COMPENSATED');
    expect(actions.slice(-2)).toEqual(['carts.release', 'orders.markCancelled']);
  });

  it('a notification that cannot be sent does not undo a paid order', async () => {
    const down = fails(refusal(503, 'DOWN', true));
    const { doc, actions } = await runSaga(quick(checkoutSaga), data, { 'notifications.orderNotice': down });
    expect(doc.status).toBe('COMPLETED');
    expect(doc.steps.find((s) => s.id === 'notify')).toMatchObject({ status: 'SKIPPED', attempts: 3, error: 'DOWN' });
    expect(actions.filter((a) => a.startsWith('payments.'))).toEqual(['payments.authorize', 'payments.capture']);
  });

  it('a compensation that keeps failing parks the saga NEEDS_ATTENTION with the reason', async () => {
    const { doc } = await runSaga(quick(checkoutSaga), data, {
      'payments.authorize': fails(refusal(402, 'PAYMENT_DECLINED')),
      'inventory.release': fails(refusal(500, 'DB_DOWN')),
    });
    expect(doc).toMatchObject({
      status: 'NEEDS_ATTENTION',
      parked: { phase: 'COMPENSATING', reason: 'reserve-inventory compensation: DB_DOWN' },
    });
  });
});

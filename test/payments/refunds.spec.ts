import type { PaymentRefundedData } from '../../services/payments/payments.contract';
import { eventProblems } from '../../services/events.catalog';
import { eventually } from '../support/eventually';
import { auditOf, eur, newOrder, startWorld, type PaymentView, type World } from './payments.fixtures';

/**
 * Partial refunds on a real platform (PostgreSQL store, sandbox provider): the refunded total never
 * exceeds the captured amount, under concurrency too, and each refund key refunds once.
 */
let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 60_000);
afterAll(() => w?.platform.stop());

/** A payment of `amount` EUR cents, authorized and captured through the checkout saga's calls. */
async function captured(amount = 5000): Promise<string> {
  const orderId = newOrder('rf');
  await w.step(
    'payments.authorize',
    { orderId, userId: 'u-1', amount: eur(amount), token: 'tok_visa' },
    `saga-${orderId}:authorize`,
  );
  await w.step('payments.capture', { orderId }, `saga-${orderId}:capture`);
  return orderId;
}

const refund = (orderId: string, extra: object, key?: string) =>
  w.step<PaymentView>('payments.refund', { orderId, reason: 'returned', ...extra }, key);
const refundsOf = (orderId: string) => w.col.refunds.find({ filter: { orderId }, sort: ['createdAt'] });
const chargeOf = async (orderId: string) => w.col.charges.get((await w.col.payments.get(orderId))!.providerRef!);
const refundEvents = (orderId: string) =>
  w.events.filter((e) => e.event === 'payment.refunded' && (e.data as PaymentRefundedData).orderId === orderId);

describe('partial refunds', () => {
  it('partial refunds summing to the captured amount end REFUNDED; each publishes payment.refunded v2; staff see them', async () => {
    const orderId = await captured();
    expect(await refund(orderId, { amount: eur(1000), refundKey: 'rma-1' })).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunded: eur(1000),
    });
    expect(await refund(orderId, { amount: eur(1500) }, `saga-r2:refund`)).toMatchObject({ refunded: eur(2500) });
    // No amount: everything left.
    expect(await refund(orderId, { refundKey: 'rma-3' })).toMatchObject({ status: 'REFUNDED', refunded: eur(5000) });

    expect((await refundsOf(orderId)).map((r) => [r.amount, r.state, r.origin])).toEqual([
      [1000, 'done', 'api'],
      [1500, 'done', 'api'],
      [2500, 'done', 'api'],
    ]);
    expect(await chargeOf(orderId)).toMatchObject({ status: 'refunded', refunded: 5000 });
    expect(await auditOf(w, orderId)).toEqual([
      '->AUTHORIZED',
      'AUTHORIZED>CAPTURED',
      'CAPTURED>PARTIALLY_REFUNDED',
      'PARTIALLY_REFUNDED>REFUNDED',
    ]);
    const events = await eventually(async () => refundEvents(orderId).length === 3 && refundEvents(orderId));
    expect(
      events.map((e) => e.data as PaymentRefundedData).map((d) => [d.amount, d.refundedTotal, d.full, d.origin, d.status]),
    ).toEqual([
      [1000, 1000, false, 'api', 'PARTIALLY_REFUNDED'],
      [1500, 2500, false, 'api', 'PARTIALLY_REFUNDED'],
      [2500, 5000, true, 'api', 'REFUNDED'],
    ]);
    expect(events.map((e) => e.v)).toEqual([2, 2, 2]);
    expect(events.flatMap(eventProblems)).toEqual([]);

    const view = await w.cast.call<{ refunded: unknown; refunds: unknown[] }>('GET', `/payments/${orderId}`, undefined, {
      token: w.cast.support.token,
    });
    expect(view.status).toBe(200);
    expect(view.body.refunded).toEqual(eur(5000));
    expect(view.body.refunds).toEqual(
      [1000, 1500, 2500].map((amount) =>
        expect.objectContaining({ amount: eur(amount), reason: 'returned', at: expect.any(Number), state: 'done' }),
      ),
    );
    const customer = await w.cast.call('GET', `/payments/${orderId}`, undefined, { token: w.cast.customerA.token });
    expect(customer.status).toBe(403);
  });

  it('more than is left answers 409 REFUND_EXCEEDS_CAPTURED with what is refundable, and changes nothing', async () => {
    const orderId = await captured();
    await refund(orderId, { amount: eur(3000), refundKey: 'first' });
    const before = {
      payment: await w.col.payments.get(orderId),
      rows: await refundsOf(orderId),
      charge: await chargeOf(orderId),
    };
    const err = await w.failure(refund(orderId, { amount: eur(2001), refundKey: 'too-much' }));
    expect([err.code, err.type, err.data]).toEqual([409, 'REFUND_EXCEEDS_CAPTURED', { refundable: eur(2000) }]);
    const wrongCurrency = await w.failure(refund(orderId, { amount: { amount: 100, currency: 'USD' }, refundKey: 'usd' }));
    expect([wrongCurrency.code, (wrongCurrency.data as { field: string }[])[0].field]).toEqual([422, 'amount.currency']);
    const keyless = await w.failure(refund(orderId, { amount: eur(100) }));
    expect([keyless.code, (keyless.data as { field: string }[])[0].field]).toEqual([422, 'refundKey']);
    const zero = await w.failure(refund(orderId, { amount: eur(0), refundKey: 'zero' }));
    expect(zero.code).toBe(422);
    expect({
      payment: await w.col.payments.get(orderId),
      rows: await refundsOf(orderId),
      charge: await chargeOf(orderId),
    }).toEqual(before);
    // What is left still refunds.
    expect(await refund(orderId, { amount: eur(2000), refundKey: 'rest' })).toMatchObject({ status: 'REFUNDED' });
  });

  it('20 parallel refunds of 300 against 5,000 with distinct keys: exactly 16 accepted, 4,800 refunded', async () => {
    const orderId = await captured(5000);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => refund(orderId, { amount: eur(300), refundKey: `par-${i}` })),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { type: string }).type] : []));
    expect([accepted.length, refused]).toEqual([16, Array(4).fill('REFUND_EXCEEDS_CAPTURED')]);
    expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 4800 });
    const rows = await refundsOf(orderId);
    expect([rows.length, rows.reduce((sum, r) => sum + r.amount, 0), rows.every((r) => r.state === 'done')]).toEqual([
      16,
      4800,
      true,
    ]);
    expect(await chargeOf(orderId)).toMatchObject({ status: 'partially_refunded', refunded: 4800 });
    expect(await w.col.transactions.count({ filter: { orderId, kind: 'refund' } })).toBe(16);
    await eventually(async () => refundEvents(orderId).length === 16);
  }, 30_000);

  it('20 parallel refunds with the same key refund once and all answer the first result', async () => {
    const orderId = await captured(5000);
    const results = await Promise.all(Array.from({ length: 20 }, () => refund(orderId, { amount: eur(300), refundKey: 'same' })));
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0]).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: eur(300) });
    expect((await refundsOf(orderId)).map((r) => r.amount)).toEqual([300]);
    expect(await w.col.payments.get(orderId)).toMatchObject({ refunded: 300 });
    expect(await chargeOf(orderId)).toMatchObject({ refunded: 300 });
    expect(await w.col.transactions.count({ filter: { orderId, kind: 'refund' } })).toBe(1);
    await eventually(async () => refundEvents(orderId).length === 1);
    // A later repeat, even asking for another amount, answers the first result.
    expect(await refund(orderId, { amount: eur(900), refundKey: 'same' })).toEqual(results[0]);
  }, 30_000);

  it('a refund the provider refuses releases its hold: the payment is as it was', async () => {
    const orderId = await captured(5000);
    await refund(orderId, { amount: eur(500), refundKey: 'ok' });
    const charge = (await chargeOf(orderId))!;
    await w.col.charges.update(charge.id, { $set: { status: 'voided' } });
    const err = await w.failure(refund(orderId, { amount: eur(700), refundKey: 'refused' }));
    expect([err.code, err.type]).toEqual([409, 'PAYMENT_PROVIDER_REJECTED']);
    expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 500 });
    expect((await refundsOf(orderId)).map((r) => r.refundKey)).toEqual(['ok']);
  });

  it('an answer lost after the provider refunded leaves the hold pending (and counted); the same key settles it once', async () => {
    const orderId = await captured(5000);
    const real = w.sandbox.refund.bind(w.sandbox);
    // The provider acts, then the connection drops before its answer reaches us.
    w.sandbox.refund = async (req) => {
      await real(req);
      throw new Error('connection reset');
    };
    const lost = await w.failure(refund(orderId, { amount: eur(700), refundKey: 'lost' })).finally(() => {
      w.sandbox.refund = real;
    });
    expect([lost.code, lost.type, lost.retryable]).toEqual([502, 'PAYMENT_PROVIDER_ERROR', true]);
    expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 700 });
    expect((await refundsOf(orderId)).map((r) => [r.amount, r.state])).toEqual([[700, 'pending']]);
    const over = await w.failure(refund(orderId, { amount: eur(4301), refundKey: 'meanwhile' }));
    expect(over.data).toEqual({ refundable: eur(4300) });

    expect(await refund(orderId, { amount: eur(700), refundKey: 'lost' })).toMatchObject({ refunded: eur(700) });
    expect((await refundsOf(orderId)).map((r) => [r.amount, r.state])).toEqual([[700, 'done']]);
    expect(await chargeOf(orderId)).toMatchObject({ refunded: 700 });
    const outcomes = (await w.col.transactions.find({ filter: { orderId, kind: 'refund' } })).map((t) => t.outcome).sort();
    expect(outcomes).toEqual(['approved', 'error']);
    await eventually(async () => refundEvents(orderId).length === 1);
  });

  it('a full refund (the cancel saga’s call: no amount, its step key) still refunds everything once', async () => {
    const orderId = await captured(5000);
    await refund(orderId, { amount: eur(1200), refundKey: 'rma' });
    const key = `cancel:${orderId}:refund-payment`;
    const whole = await w.step<PaymentView>('payments.refund', { orderId, reason: 'cancelled by the customer' }, key);
    expect(whole).toMatchObject({ status: 'REFUNDED', refunded: eur(5000) });
    expect(await w.step('payments.refund', { orderId, reason: 'cancelled by the customer' }, key)).toEqual(whole);
    // Another "everything" finds everything back, and answers without a refund.
    expect(await w.step('payments.refund', { orderId }, 'other:refund-payment')).toMatchObject({ status: 'REFUNDED' });
    expect((await refundsOf(orderId)).map((r) => r.amount)).toEqual([1200, 3800]);
  });
});

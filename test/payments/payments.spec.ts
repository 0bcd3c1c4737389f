import { eventually } from '../support/eventually';
import {
  auditOf,
  authorized,
  DEADLINE_MS,
  eur,
  newOrder,
  SLOW_MS,
  startWorld,
  type PaymentView,
  type World,
} from './payments.fixtures';
import { webhookCases } from './payments.webhooks.cases';

/** The payments service on a real platform: the saga's calls, the sandbox provider, webhooks and reconciliation. */
let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 60_000);
afterAll(() => w?.platform.stop());

const authorize = (orderId: string, token: string, key = `saga-${orderId}:authorize`, timeout?: number) =>
  w.step('payments.authorize', { orderId, userId: 'u-1', amount: eur(2500), token }, key, timeout);
const chargesOf = (orderId: string) => w.col.charges.count({ filter: { orderId } });

describe('authorize', () => {
  it('approves tok_visa: payment, transaction, audit row, event, and a charge at the provider', async () => {
    const orderId = newOrder();
    expect(await authorize(orderId, 'tok_visa')).toEqual({ paymentId: orderId, status: 'authorized' });
    const payment = await w.col.payments.get(orderId);
    expect(payment).toMatchObject({ status: 'AUTHORIZED', amount: 2500, currency: 'EUR', userId: 'u-1' });
    expect(await w.sandbox.status(payment!.providerRef!)).toBe('authorized');
    const [tx] = await w.col.transactions.find({ filter: { orderId } });
    expect(tx).toMatchObject({
      kind: 'authorize',
      outcome: 'approved',
      idempotencyKey: `saga-${orderId}:authorize`,
      amount: 2500,
    });
    expect(tx.durationMs).toBeGreaterThanOrEqual(0);
    const [audit] = await w.col.audit.find({ filter: { orderId } });
    expect(audit).toMatchObject({ to: 'AUTHORIZED', actor: 'system', reason: 'authorized' });
    expect(audit.from).toBeUndefined();
    expect(audit.requestId).toEqual(expect.any(String));
    await eventually(async () =>
      w.events.find((e) => e.event === 'payment.authorized' && (e.data as { orderId: string }).orderId === orderId),
    );
  });

  it('declines tok_chargeDeclined with a non-retryable PAYMENT_DECLINED, and answers the same on a repeat', async () => {
    const orderId = newOrder();
    for (let i = 0; i < 2; i++) {
      const err = await w.failure(authorize(orderId, 'tok_chargeDeclined'));
      expect([err.type, err.code, err.retryable]).toEqual(['PAYMENT_DECLINED', 402, false]);
    }
    expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'DECLINED', declineCode: 'card_declined' });
    expect(await chargesOf(orderId)).toBe(1);
    expect(await auditOf(w, orderId)).toEqual(['->DECLINED']);
    // A compensating void finds nothing to release and changes nothing.
    const voided = await w.step('payments.void', { orderId }, `saga-${orderId}:authorize:compensate`);
    expect(voided).toMatchObject({ orderId, status: 'DECLINED' });
    await eventually(async () =>
      w.events.find((e) => e.event === 'payment.declined' && (e.data as { orderId: string }).orderId === orderId),
    );
  });

  it('declines a token the sandbox never issued (invalid_token), as a real provider would', async () => {
    for (const token of ['tok_forged_1234', 'tok_sandbox_visa_0001', 'TOK_VISA']) {
      const orderId = newOrder();
      const err = await w.failure(authorize(orderId, token));
      expect([err.type, err.code, err.retryable]).toEqual(['PAYMENT_DECLINED', 402, false]);
      expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'DECLINED', declineCode: 'invalid_token' });
    }
  });

  it('fails tok_providerError with a retryable 502 PAYMENT_PROVIDER_ERROR, recording each attempt', async () => {
    const orderId = newOrder();
    for (let i = 0; i < 2; i++) {
      const err = await w.failure(authorize(orderId, 'tok_providerError'));
      expect([err.type, err.code, err.retryable]).toEqual(['PAYMENT_PROVIDER_ERROR', 502, true]);
    }
    expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'FAILED' });
    expect(await w.col.transactions.count({ filter: { orderId, outcome: 'error' } })).toBe(2);
    expect(await auditOf(w, orderId)).toEqual(['->FAILED']);
    expect(await chargesOf(orderId)).toBe(0);
    // Nothing remembered the failure: the same step may still succeed (here with a card that works).
    expect(await authorize(orderId, 'tok_visa')).toMatchObject({ status: 'authorized' });
    expect(await auditOf(w, orderId)).toEqual(['->FAILED', 'FAILED>AUTHORIZED']);
  });

  it('tok_slow outlives the step deadline; the retried step gets the same charge at once, and only one exists', async () => {
    const orderId = newOrder();
    const started = Date.now();
    const err = await w.failure(authorize(orderId, 'tok_slow', undefined, DEADLINE_MS));
    expect(err.name).toBe('RequestTimeoutError');
    const retryStart = Date.now();
    expect(await authorize(orderId, 'tok_slow')).toEqual({ paymentId: orderId, status: 'authorized' });
    expect(Date.now() - retryStart).toBeLessThan(SLOW_MS);
    // Let the first call finish: it must find the step done, not charge or record again.
    await new Promise((r) => setTimeout(r, Math.max(0, started + SLOW_MS + 200 - Date.now())));
    expect(await chargesOf(orderId)).toBe(1);
    expect(await w.col.transactions.count({ filter: { orderId } })).toBe(1);
    expect(await auditOf(w, orderId)).toEqual(['->AUTHORIZED']);
  });

  it('the same key twice, and ten times at once, charges once and answers the same', async () => {
    const orderId = newOrder();
    const answers = await Promise.all(Array.from({ length: 10 }, () => authorize(orderId, 'tok_visa')));
    answers.push(await authorize(orderId, 'tok_visa'));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await chargesOf(orderId)).toBe(1);
    expect(await w.col.transactions.count({ filter: { orderId } })).toBe(1);
    expect(await w.col.processed.count({ filter: { action: 'authorize' } })).toBeGreaterThanOrEqual(1);
    expect(await w.col.processed.get(`saga-${orderId}:authorize`)).not.toBeNull();
    expect(await auditOf(w, orderId)).toEqual(['->AUTHORIZED']);
  });

  it('after a crash between the provider call and our write, the retried step records the charge made before', async () => {
    const orderId = newOrder();
    const key = `saga-${orderId}:authorize`;
    const first = await w.sandbox.authorize({ idempotencyKey: key, amount: eur(2500), token: 'tok_visa', orderId });
    await authorize(orderId, 'tok_visa', key);
    expect((await w.col.payments.get(orderId))!.providerRef).toBe(first.providerRef);
    expect(await chargesOf(orderId)).toBe(1);
  });
});

describe('capture, void and refund', () => {
  const call = (action: string, orderId: string, key: string, extra = {}) =>
    w.step<PaymentView>(`payments.${action}`, { orderId, ...extra }, key);

  it('capture then refund, each idempotent per key and per state, with audit rows, a refund row and events', async () => {
    const orderId = await authorized(w);
    const captured = await call('capture', orderId, `saga-${orderId}:capture`);
    expect(captured).toMatchObject({ orderId, status: 'CAPTURED', amount: eur(2500) });
    expect(await call('capture', orderId, `saga-${orderId}:capture`)).toEqual(captured);
    expect(await call('capture', orderId, 'another-key:capture')).toMatchObject({ status: 'CAPTURED' });
    const refunded = await call('refund', orderId, `cancel:${orderId}:refund`, { reason: 'customer cancelled' });
    expect(refunded).toMatchObject({ status: 'REFUNDED' });
    expect(await call('refund', orderId, `cancel:${orderId}:refund`, { reason: 'customer cancelled' })).toEqual(refunded);
    expect(await w.sandbox.status(refunded.providerRef!)).toBe('refunded');
    expect(await w.col.refunds.find({ filter: { orderId } })).toEqual([
      expect.objectContaining({
        amount: 2500,
        currency: 'EUR',
        reason: 'customer cancelled',
        origin: 'api',
        refundRef: expect.any(String),
      }),
    ]);
    expect(await w.col.transactions.count({ filter: { orderId } })).toBe(3);
    expect(await auditOf(w, orderId)).toEqual(['->AUTHORIZED', 'AUTHORIZED>CAPTURED', 'CAPTURED>REFUNDED']);
    for (const event of ['payment.captured', 'payment.refunded'])
      await eventually(async () =>
        w.events.find((e) => e.event === event && (e.data as { orderId: string }).orderId === orderId),
      );
  });

  it('void releases an authorization; illegal transitions answer 409 and change nothing', async () => {
    const orderId = await authorized(w);
    expect(await call('void', orderId, `saga-${orderId}:authorize:compensate`)).toMatchObject({ status: 'VOIDED' });
    for (const [action, key] of [
      ['capture', 'k1'],
      ['refund', 'k2'],
    ] as const) {
      const err = await w.failure(call(action, orderId, `${orderId}:${key}`));
      expect([err.code, err.type]).toEqual([409, 'ILLEGAL_TRANSITION']);
    }
    const captured = await authorized(w);
    await call('capture', captured, `${captured}:c`);
    expect((await w.failure(call('void', captured, `${captured}:v`))).type).toBe('ILLEGAL_TRANSITION');
    const fresh = await authorized(w);
    expect((await w.failure(call('refund', fresh, `${fresh}:r`))).type).toBe('ILLEGAL_TRANSITION');
    expect((await w.failure(call('capture', newOrder(), 'x:capture'))).code).toBe(404);
    expect(await auditOf(w, orderId)).toEqual(['->AUTHORIZED', 'AUTHORIZED>VOIDED']);
    expect(await auditOf(w, fresh)).toEqual(['->AUTHORIZED']);
    await eventually(async () =>
      w.events.find((e) => e.event === 'payment.voided' && (e.data as { orderId: string }).orderId === orderId),
    );
  });

  it('a void before any authorization leaves a tombstone; an authorization landing later is released at the provider', async () => {
    const orderId = newOrder();
    const late = w.failure(authorize(orderId, 'tok_slow'));
    await eventually(() => chargesOf(orderId));
    expect(await call('void', orderId, `saga-${orderId}:authorize:compensate`)).toMatchObject({ status: 'VOIDED' });
    expect((await late).type).toBe('PAYMENT_VOIDED');
    const payment = await w.col.payments.get(orderId);
    expect(payment).toMatchObject({ status: 'VOIDED' });
    expect(await w.sandbox.status(payment!.providerRef!)).toBe('voided');
    expect(await auditOf(w, orderId)).toEqual(['->VOIDED']);
  });
});

webhookCases(() => w);

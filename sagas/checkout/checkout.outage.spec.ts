import { quick, refusal, runSaga, unavailable } from '../testing/scripted-world';
import { HOLD_MARGIN_MS } from './checkout.holds';
import { checkoutSaga } from './checkout.saga';
import { checkoutInput } from '../testing/checkout-input';

const data = checkoutInput();
/** Inventory holds for `ms` (its own setting, RESERVATION_HOLD_S, in the real service). */
const holdFor = (ms: number) => ({ 'inventory.reserve': () => ({ expiresAt: Date.now() + ms }) });
const held = holdFor(15 * 60_000);
/** The participant is down for its first `n` calls, then answers. */
const downFor = (action: string, n: number) => (_: unknown, call: number) => {
  if (call <= n) throw unavailable(action);
  return {};
};
const always = (action: string) => () => {
  throw unavailable(action);
};

describe('checkout through a participant outage', () => {
  it('a paid order waits for inventory past its retry count, then completes: no refund', async () => {
    const { doc, actions } = await runSaga(quick(checkoutSaga), data, {
      ...held,
      'inventory.commit': downFor('inventory.commit', 8),
    });
    expect(doc.status).toBe('COMPLETED');
    expect(actions.filter((a) => a === 'inventory.commit')).toHaveLength(9);
    expect(actions).not.toContain('payments.refund');
  });

  it('the wait ends before the hold lapses: then the money goes back and the hold is released', async () => {
    const { doc, actions } = await runSaga(quick(checkoutSaga), data, {
      ...holdFor(HOLD_MARGIN_MS + 150),
      'inventory.commit': always('inventory.commit'),
    });
    expect(doc.status).toBe('COMPENSATED');
    expect(actions).toEqual(expect.arrayContaining(['payments.refund', 'inventory.release', 'orders.markCancelled']));
  });

  it('a compensation meeting "service not available" (code 404) retries until inventory answers, instead of taking it for "nothing held"', async () => {
    const { doc, actions } = await runSaga(
      quick(checkoutSaga),
      data,
      {
        ...held,
        'payments.authorize': () => {
          throw refusal(402, 'PAYMENT_DECLINED');
        },
        'inventory.release': downFor('inventory.release', 5),
      },
      { retryBudgetMs: 60_000 },
    );
    expect(doc.status).toBe('COMPENSATED');
    expect(actions.filter((a) => a === 'inventory.release')).toHaveLength(6);
    expect(doc.steps[0].compensation).toMatchObject({ status: 'DONE', attempts: 6 });
  });

  it('past the retry budget the saga parks, naming the service it waits for', async () => {
    const { doc } = await runSaga(
      quick(checkoutSaga),
      data,
      {
        ...held,
        'payments.authorize': () => {
          throw refusal(402, 'PAYMENT_DECLINED');
        },
        'inventory.release': always('inventory.release'),
      },
      { retryBudgetMs: 30 },
    );
    expect(doc.status).toBe('NEEDS_ATTENTION');
    expect(doc.parked).toMatchObject({ phase: 'COMPENSATING', waitingFor: 'inventory' });
  });
});

import { runChecks } from './audit.checks';
import { cleanData, NOW } from './audit.fixture';
import { DEFAULT_THRESHOLDS, type AuditData } from './audit.types';

// Whether each refund has a return behind it is audit.returns.checks.spec.ts's to say.
const audit = (data: AuditData) => runChecks(data, NOW, DEFAULT_THRESHOLDS).filter((v) => v.invariant !== 'refund-has-cause');
const payment = (d: AuditData, id: string) => d.payments.find((p) => p.id === id)!;
const keyed = (id: string, amount: number, currency = 'EUR') => ({
  id: `o-conf:${id}`,
  orderId: 'o-conf',
  amount,
  currency,
  refundKey: id,
});

/** Partial refunds (returns): a confirmed order's payment may be partly refunded; never beyond what was captured. */
describe('refunds-within-captured', () => {
  it('accepts partial refunds of a confirmed order up to its captured amount, each key once', () => {
    const d = cleanData();
    const captured = payment(d, 'o-conf').amount!;
    payment(d, 'o-conf').status = 'PARTIALLY_REFUNDED';
    d.refunds.push(keyed('rma-1', captured - 100), keyed('rma-2', 100));
    expect(audit(d)).toEqual([]);
  });

  it('reports refunds summing past the captured amount, or in another currency', () => {
    const d = cleanData();
    const captured = payment(d, 'o-conf').amount!;
    payment(d, 'o-conf').status = 'PARTIALLY_REFUNDED';
    d.refunds.push(keyed('rma-1', captured), keyed('rma-2', 1, 'USD'));
    expect(audit(d)).toEqual([
      {
        invariant: 'refunds-within-captured',
        subject: 'o-conf',
        detail: `refunds sum to ${captured + 1}, captured ${captured}; a refund not in EUR`,
      },
    ]);
  });

  it('reports refunds of a payment that captured nothing', () => {
    const d = cleanData();
    d.refunds.push({ id: 'o-decl:x', orderId: 'o-decl', amount: 1, currency: 'EUR', refundKey: 'x' });
    expect(audit(d).filter((v) => v.invariant === 'refunds-within-captured')).toEqual([
      { invariant: 'refunds-within-captured', subject: 'o-decl', detail: 'refunds sum to 1, captured 0' },
    ]);
  });

  it('a cancelled order whose payment is only partly refunded still has money taken', () => {
    const d = cleanData();
    payment(d, 'o-canc').status = 'PARTIALLY_REFUNDED';
    expect(
      audit(d)
        .filter((v) => v.invariant === 'ended-order-released')
        .map((v) => v.detail),
    ).toEqual(['CANCELLED: payment PARTIALLY_REFUNDED: 500 EUR still taken']);
  });
});

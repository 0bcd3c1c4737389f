import { runChecks } from './audit.checks';
import { cleanData, NOW } from './audit.fixture';
import { DEFAULT_THRESHOLDS, type AuditData } from './audit.types';

const audit = (data: AuditData) => runChecks(data, NOW, DEFAULT_THRESHOLDS);
function broken(change: (d: AuditData) => void): AuditData {
  const d = cleanData();
  change(d);
  return d;
}
const useOf = (d: AuditData, id: string) => d.usage.find((u) => u.id === id)!;
const counter = (d: AuditData, id: string) => d.usageCounters.find((c) => c.id === id)!;

describe('audit checks: promotion usage', () => {
  it('a clean reading passes: a use kept on cancel (releaseOnCancel false) and a use reserved mid-checkout are fine', () => {
    expect(audit(cleanData())).toEqual([]);
  });

  it('names a confirmed order carrying a promotion whose use was never committed', () => {
    const d = broken((x) => (useOf(x, 'P1:o-conf').status = 'released'));
    expect(audit(d)).toEqual(
      expect.arrayContaining([
        {
          invariant: 'promotion-usage-matches-orders',
          subject: 'P1/o-conf',
          detail: 'order CONFIRMED carries the promotion, its use is released',
        },
      ]),
    );
    const gone = broken((x) => (x.usage = x.usage.filter((u) => u.id !== 'P1:o-conf')));
    expect(audit(gone).map((v) => v.detail)).toContain('order CONFIRMED carries the promotion, its use is missing');
  });

  it('names a use committed for an order that ended (and gives uses back), or that does not carry the promotion', () => {
    const declined = broken((x) => (useOf(x, 'P1:o-decl').status = 'used'));
    expect(audit(declined)).toContainEqual({
      invariant: 'promotion-usage-matches-orders',
      subject: 'P1/o-decl',
      detail: 'use committed, order CANCELLED',
    });
    const stranger = broken((x) =>
      x.usage.push({ id: 'P2:o-conf', promotionId: 'P2', orderId: 'o-conf', userId: 'u1', status: 'used' }),
    );
    expect(audit(stranger).map((v) => [v.subject, v.detail])).toContainEqual([
      'P2/o-conf',
      'use committed, order CONFIRMED without the promotion',
    ]);
  });

  it('names a use left committed by a failed checkout even when the promotion keeps uses on cancel', () => {
    // o-decl's checkout was compensated: its use was never the customer's, whatever releaseOnCancel says.
    const d = broken((x) => {
      x.orders.find((o) => o.id === 'o-decl')!.promotions = [{ promotionId: 'P2' }];
      x.usage = x.usage.filter((u) => u.id !== 'P1:o-decl');
      x.usage.push({ id: 'P2:o-decl', promotionId: 'P2', orderId: 'o-decl', userId: 'u3', status: 'used' });
    });
    expect(audit(d)).toContainEqual({
      invariant: 'promotion-usage-matches-orders',
      subject: 'P2/o-decl',
      detail: 'use committed, order CANCELLED',
    });
  });

  it('names a use still reserved for an order whose checkout ended', () => {
    const d = broken((x) => (useOf(x, 'P1:o-decl').status = 'reserved'));
    expect(audit(d)).toContainEqual({
      invariant: 'promotion-usage-matches-orders',
      subject: 'P1/o-decl',
      detail: 'use still reserved, order CANCELLED',
    });
  });

  it('names a promotion over its total limit and a customer over theirs', () => {
    const d = broken((x) => {
      x.promotions[0].limits = { total: 1, perCustomer: 1 };
      useOf(x, 'P1:o-pend').userId = 'u1';
      counter(x, 'customer:P1:u1').taken = 2;
      counter(x, 'customer:P1:u2').taken = 0;
    });
    expect(audit(d).filter((v) => v.invariant === 'promotion-within-limits')).toEqual([
      { invariant: 'promotion-within-limits', subject: 'P1', detail: '2 uses taken (1 committed), total limit 1' },
      { invariant: 'promotion-within-limits', subject: 'P1/u1', detail: 'customer took 2 uses, limit 1 per customer' },
    ]);
  });

  it('names a limit counter that disagrees with the uses it counts', () => {
    const d = broken((x) => (counter(x, 'total:P1').taken = 3));
    expect(audit(d)).toEqual([
      { invariant: 'promotion-within-limits', subject: 'total:P1', detail: 'counter says 3 uses taken, 2 reserved or used' },
    ]);
  });

  it('a confirmed zero-total order (100 % off) needs no payment', () => {
    const d = broken((x) => {
      x.orders[0].totals = { ...x.orders[0].totals, total: 0 };
      x.payments = x.payments.filter((p) => p.id !== 'o-conf');
    });
    expect(audit(d)).toEqual([]);
  });
});

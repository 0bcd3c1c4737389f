import { runChecks } from './audit.checks';
import { cleanData, NOW } from './audit.fixture';
import { DEFAULT_THRESHOLDS, type AuditData, type Violation } from './audit.types';

const audit = (data: AuditData, now = NOW) => runChecks(data, now, DEFAULT_THRESHOLDS);
const named = (vs: Violation[]) => vs.map((v) => [v.invariant, v.subject]);
const MIN = 60_000;

/** The clean data set with one thing changed. */
function broken(change: (d: AuditData) => void): AuditData {
  const d = cleanData();
  change(d);
  return d;
}
const find = <T extends { id: string }>(rows: T[], id: string): T => rows.find((r) => r.id === id)!;

describe('audit checks', () => {
  it('find nothing wrong in a consistent reading (adjustments, a retried notice, a running saga included)', () => {
    expect(audit(cleanData())).toEqual([]);
  });

  describe('stock-non-negative', () => {
    it('reports a row whose reservations exceed what is on hand, even when reservations and ledger agree', () => {
      const d = broken((d) => {
        d.stock.push({ id: 'C#main', sku: 'C', warehouse: 'main', onHand: 0, reserved: 2 });
        d.reservations.push({
          id: 'o-x',
          status: 'active',
          lines: [{ sku: 'C', quantity: 2, allocations: [{ warehouse: 'main', quantity: 2 }] }],
        });
        d.movements.push({
          id: 'mx',
          sku: 'C',
          warehouse: 'main',
          onHandDelta: 0,
          reservedDelta: 2,
          reason: 'reservation',
          ref: 'o-x',
        });
      });
      expect(audit(d)).toEqual([
        { invariant: 'stock-non-negative', subject: 'C#main', detail: 'available -2 (reserved 2 of 0 on hand)' },
      ]);
    });

    it('reports negative on hand (which the ledger never explains)', () => {
      const d = broken((d) => Object.assign(find(d.stock, 'A#east'), { onHand: -1 }));
      expect(named(audit(d))).toEqual([
        ['stock-non-negative', 'A#east'],
        ['stock-matches-ledger', 'A#east'],
      ]);
      expect(audit(d)[0].detail).toBe('onHand -1; available -1 (reserved 0 of -1 on hand)');
    });
  });

  describe('reserved-matches-reservations', () => {
    it('reports a row whose reserved differs from what active reservations hold', () => {
      const d = broken((d) => (find(d.reservations, 'o-pend').lines[0].allocations[0].quantity = 2));
      expect(audit(d)).toEqual([
        { invariant: 'reserved-matches-reservations', subject: 'A#main', detail: 'reserved 1, active reservations hold 2' },
      ]);
    });

    it('reports units held on a stock row that does not exist', () => {
      const d = broken((d) => (find(d.reservations, 'o-pend').lines[0].allocations[0].warehouse = 'gone'));
      expect(named(audit(d))).toEqual([
        ['reserved-matches-reservations', 'A#main'],
        ['reserved-matches-reservations', 'A#gone'],
      ]);
    });
  });

  describe('stock-matches-ledger', () => {
    it('reports a row whose figures differ from its movements replayed', () => {
      const d = broken((d) => (d.movements = d.movements.filter((m) => m.id !== 'm5')));
      expect(audit(d)).toEqual([{ invariant: 'stock-matches-ledger', subject: 'A#main', detail: 'onHand 8, ledger 9' }]);
    });

    it('reports movements of a stock row that does not exist', () => {
      const d = broken((d) => (d.stock = d.stock.filter((s) => s.id !== 'B#main')));
      expect(audit(d)).toEqual([
        {
          invariant: 'stock-matches-ledger',
          subject: 'B#main',
          detail: 'the ledger replays to onHand 1, reserved 0 but there is no stock row',
        },
      ]);
    });
  });

  describe('confirmed-order-settled', () => {
    it.each([
      ['payment REFUNDED', (d: AuditData) => (find(d.payments, 'o-conf').status = 'REFUNDED')],
      ['no payment', (d: AuditData) => (d.payments = d.payments.filter((p) => p.id !== 'o-conf'))],
      ['captured 3000 EUR, total 3998 EUR', (d: AuditData) => (find(d.payments, 'o-conf').amount = 3000)],
      ['no reservation', (d: AuditData) => (d.reservations = d.reservations.filter((r) => r.id !== 'o-conf'))],
      ['reservation released', (d: AuditData) => (find(d.reservations, 'o-conf').status = 'released')],
      ['committed A:2, ordered A:3', (d: AuditData) => (find(d.orders, 'o-conf').items![0].quantity = 3)],
    ])('reports a confirmed order with %s', (detail, change) => {
      // Its shipments no longer match it either: that is the shipping checks' to say (their spec).
      expect(audit(broken(change)).filter((v) => v.invariant === 'confirmed-order-settled')).toEqual([
        { invariant: 'confirmed-order-settled', subject: 'o-conf', detail: `CONFIRMED: ${detail}` },
      ]);
    });

    it('judges shipped orders the same way', () => {
      const d = broken((d) => {
        find(d.orders, 'o-conf').status = 'SHIPPED';
        find(d.payments, 'o-conf').status = 'AUTHORIZED';
      });
      expect(audit(d)).toEqual([
        { invariant: 'confirmed-order-settled', subject: 'o-conf', detail: 'SHIPPED: payment AUTHORIZED' },
      ]);
    });

    it('leaves an order alone while its saga runs, and judges it once the saga has ended', () => {
      const d = broken((d) => (find(d.orders, 'o-pend').status = 'CONFIRMED'));
      expect(audit(d)).toEqual([]);
      find(d.sagas, 'o-pend').status = 'COMPLETED';
      expect(audit(d).filter((v) => v.invariant === 'confirmed-order-settled')).toEqual([
        { invariant: 'confirmed-order-settled', subject: 'o-pend', detail: 'CONFIRMED: payment AUTHORIZED; reservation active' },
      ]);
    });
  });

  describe('ended-order-released', () => {
    it.each([
      ['payment CAPTURED: 1999 EUR still taken', (d: AuditData) => (find(d.payments, 'o-decl').status = 'CAPTURED')],
      ['payment AUTHORIZED: 1999 EUR still held', (d: AuditData) => (find(d.payments, 'o-decl').status = 'AUTHORIZED')],
    ])('reports a cancelled order with %s', (detail, change) => {
      expect(audit(broken(change))).toEqual([
        { invariant: 'ended-order-released', subject: 'o-decl', detail: `CANCELLED: ${detail}` },
      ]);
    });

    it('reports a rejected order whose hold is still active (and the stock that hold explains)', () => {
      const d = broken((d) =>
        d.reservations.push({
          id: 'o-rej',
          status: 'active',
          lines: [{ sku: 'B', quantity: 1, allocations: [{ warehouse: 'main', quantity: 1 }] }],
        }),
      );
      expect(audit(d)).toEqual([
        { invariant: 'reserved-matches-reservations', subject: 'B#main', detail: 'reserved 0, active reservations hold 1' },
        { invariant: 'ended-order-released', subject: 'o-rej', detail: 'REJECTED: reservation still active' },
      ]);
    });

    it('reports a cancelled order whose sold units never came back', () => {
      const d = broken((d) => {
        d.movements = d.movements.filter((m) => m.id !== 'm13');
        find(d.stock, 'B#main').onHand = 0;
      });
      expect(audit(d)).toEqual([
        { invariant: 'ended-order-released', subject: 'o-canc', detail: 'CANCELLED: sold 1 of B#main, returned 0' },
      ]);
    });

    it('leaves a cancel in progress alone', () => {
      const d = broken((d) => {
        find(d.payments, 'o-canc').status = 'CAPTURED';
        find(d.sagas, 'cancel:o-canc').status = 'RUNNING';
      });
      expect(audit(d)).toEqual([]);
    });
  });

  describe('saga-within-deadline', () => {
    it.each(['RUNNING', 'COMPENSATING'] as const)('reports a %s saga without progress past the threshold', (status) => {
      const d = broken((d) => Object.assign(find(d.sagas, 'o-pend'), { status, updatedAt: NOW - 6 * MIN }));
      expect(audit(d)).toEqual([
        {
          invariant: 'saga-within-deadline',
          subject: 'o-pend',
          detail: `checkout ${status} without progress since ${new Date(NOW - 6 * MIN).toISOString()} (6 min)`,
        },
      ]);
    });

    it('lets a saga that moved within the threshold be', () => {
      expect(audit(broken((d) => (find(d.sagas, 'o-pend').updatedAt = NOW - 4 * MIN)))).toEqual([]);
    });

    it('reports a parked saga whatever its age', () => {
      const d = broken((d) =>
        Object.assign(find(d.sagas, 'cancel:o-canc'), {
          status: 'NEEDS_ATTENTION',
          parked: { phase: 'RUNNING', reason: 'refund-payment: 503', at: NOW - 1_000 },
        }),
      );
      expect(named(audit(d))).toEqual([['saga-within-deadline', 'cancel:o-canc']]);
      expect(audit(d)[0].detail).toMatch(/^cancel-order NEEDS_ATTENTION since .*: refund-payment: 503$/);
    });
  });

  describe('outbox-delivered', () => {
    it('reports a record not sent past the threshold, whatever its state', () => {
      const d = broken((d) => {
        find(d.outbox, 'e2').createdAt = NOW - 6 * MIN;
        find(d.outbox, 'e3').createdAt = NOW - 7 * MIN;
      });
      expect(named(audit(d))).toEqual([
        ['outbox-delivered', 'orders/e2'],
        ['outbox-delivered', 'payments/e3'],
      ]);
      expect(audit(d)[0].detail).toMatch(/^order.status-changed pending since .* \(6 min, 0 attempts\)$/);
    });

    it('lets the same records be before the threshold', () => {
      expect(audit(cleanData(), NOW + 4 * MIN)).toEqual([]);
    });
  });

  describe('handled-once', () => {
    it('reports a movement applied twice (the stock having counted it twice too)', () => {
      const d = broken((d) => {
        d.movements.push({ ...find(d.movements, 'm10'), id: 'm10-again' });
        find(d.stock, 'B#main').onHand = 2;
      });
      expect(audit(d)).toEqual([
        { invariant: 'handled-once', subject: 'receipt#po-3#B#main', detail: '2 receipt movements (m10, m10-again)' },
      ]);
    });

    it('reports two captures of one order under different keys, not one capture recorded twice', () => {
      const again = broken((d) => d.transactions.push({ ...find(d.transactions, 't2'), id: 't2-again' }));
      expect(audit(again)).toEqual([]);
      const twice = broken((d) =>
        d.transactions.push({ ...find(d.transactions, 't2'), id: 't6', idempotencyKey: 'order:o-conf:capture' }),
      );
      expect(audit(twice)).toEqual([
        {
          invariant: 'handled-once',
          subject: 'o-conf',
          detail: 'captured 2 times (keys o-conf:capture-payment, order:o-conf:capture)',
        },
      ]);
    });

    it('reports an order refunded twice', () => {
      const d = broken((d) => d.refunds.push({ id: 'r2', orderId: 'o-canc', amount: 500, currency: 'EUR' }));
      expect(audit(d)).toEqual([
        { invariant: 'handled-once', subject: 'o-canc', detail: 'refunded 2 times (500 EUR, 500 EUR)' },
        { invariant: 'refunds-within-captured', subject: 'o-canc', detail: 'refunds sum to 1000, captured 500' },
      ]);
    });

    it('reports an order notice sent twice on one channel', () => {
      const d = broken((d) =>
        d.deliveries.push({ id: 'd7', orderId: 'o-conf', template: 'order-confirmed', channel: 'email', status: 'sent' }),
      );
      expect(audit(d)).toEqual([
        { invariant: 'handled-once', subject: 'o-conf', detail: 'order-confirmed sent 2 times by email (deliveries d1, d7)' },
      ]);
    });
  });
});

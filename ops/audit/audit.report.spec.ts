import { formatReport } from './audit.report';
import type { AuditReport } from './audit.types';

const report = (violations: AuditReport['violations']): AuditReport => ({
  checkedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
  thresholds: { sagaStaleMs: 1, outboxStaleMs: 1, shipmentsDueMs: 1 },
  counts: {
    stock: 2,
    reservations: 1,
    movements: 3,
    orders: 1,
    payments: 1,
    transactions: 2,
    refunds: 0,
    sagas: 1,
    outbox: 4,
    deliveries: 1,
    promotions: 1,
    usage: 2,
    usageCounters: 3,
    shipments: 2,
    returns: 1,
    claims: 1,
    receipts: 2,
    returnRefunds: 2,
  },
  violations,
});

describe('formatReport', () => {
  it('says every invariant holds, with what was read', () => {
    expect(formatReport(report([]))).toEqual([
      'audit 2025-01-02T03:04:05.000Z: all 17 invariants hold (read 2 stock, 1 reservations, 3 movements, 1 orders, 1 payments, 2 transactions, 0 refunds, 1 sagas, 4 outbox, 1 deliveries, 1 promotions, 2 usage, 3 usageCounters, 2 shipments, 1 returns, 1 claims, 2 receipts, 2 returnRefunds)',
    ]);
  });

  it('prints one line per violation and counts them and the invariants broken', () => {
    const lines = formatReport(
      report([
        { invariant: 'stock-matches-ledger', subject: 'A#main', detail: 'onHand 8, ledger 9' },
        { invariant: 'reserved-matches-reservations', subject: 'A#main', detail: 'reserved 2, active reservations hold 1' },
        { invariant: 'stock-matches-ledger', subject: 'B#main', detail: 'onHand 1, ledger 0' },
      ]),
    );
    expect(lines.slice(0, 3)).toEqual([
      'VIOLATION stock-matches-ledger A#main: onHand 8, ledger 9',
      'VIOLATION reserved-matches-reservations A#main: reserved 2, active reservations hold 1',
      'VIOLATION stock-matches-ledger B#main: onHand 1, ledger 0',
    ]);
    expect(lines[3]).toMatch(/^audit 2025-01-02T03:04:05.000Z: 3 violations of 2 invariants \(read /);
  });
});

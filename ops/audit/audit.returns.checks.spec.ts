import { runChecks } from './audit.checks';
import { causelessRefunds } from './audit.returns.checks';
import { cleanData, NOW } from './audit.fixture';
import { DEFAULT_THRESHOLDS, type AuditData } from './audit.types';

const audit = (data: AuditData) => runChecks(data, NOW, DEFAULT_THRESHOLDS);
const order = (d: AuditData, id: string) => d.orders.find((o) => o.id === id)!;
const parcel = (id: string) => ({ id, status: 'delivered' as const, lines: [{ sku: 'A', quantity: 1 }], seq: 1 });
const move = (id: string, reason: 'return' | 'write-off', ref: string, onHandDelta: number, warehouse = 'main') => ({
  id,
  sku: 'A',
  warehouse,
  onHandDelta,
  reservedDelta: 0,
  reason,
  ref,
});
const refund = (receipt: string, amount: number) => ({
  id: `o-conf:${receipt}`,
  orderId: 'o-conf',
  amount,
  currency: 'EUR',
  refundKey: receipt,
});

/**
 * o-conf delivered (both parcels), then wholly returned by r1: its first receipt brought one unit
 * back resaleable into main, its second one damaged (in and written off); each receipt refunded
 * 1 999 EUR under its receipt's key, the payment now REFUNDED. Stock A#main gained the resaleable one.
 */
function delivered(change: (d: AuditData) => void = () => undefined): AuditData {
  const d = cleanData();
  Object.assign(order(d, 'o-conf'), {
    status: 'DELIVERED',
    fulfilment: { shipments: [parcel('o-conf:main'), parcel('o-conf:main/1')] },
  });
  for (const s of d.shipments.filter((x) => x.orderId === 'o-conf')) s.status = 'delivered';
  d.payments.find((p) => p.id === 'o-conf')!.status = 'REFUNDED';
  d.stock.find((s) => s.id === 'A#main')!.onHand += 1;
  d.movements.push(
    move('return-unit#r1:1:A:resaleable', 'return', 'r1:1:A:resaleable', 1),
    move('return-unit#r1:2:A:damaged', 'return', 'r1:2:A:damaged', 1),
    move('write-off#r1:2:A:damaged', 'write-off', 'r1:2:A:damaged', -1),
  );
  d.refunds.push(refund('r1:1', 1999), refund('r1:2', 1999));
  d.sagas.push({ id: 'r1', type: 'return', status: 'COMPLETED', updatedAt: NOW - 60_000, data: { orderId: 'o-conf' } });
  d.returns.push({ id: 'r1', orderId: 'o-conf', status: 'closed', lines: [{ sku: 'A', received: 2 }] });
  d.claims.push({ id: 'o-conf:A', orderId: 'o-conf', sku: 'A', requested: 2 });
  d.receipts.push(
    { id: 'r1:1', returnId: 'r1', warehouse: 'main', restock: [{ sku: 'A', quantity: 1 }], writeOff: [] },
    { id: 'r1:2', returnId: 'r1', warehouse: 'main', restock: [], writeOff: [{ sku: 'A', quantity: 1 }] },
  );
  for (const n of [1, 2])
    d.returnRefunds.push({
      id: `r1:r1:${n}`,
      returnId: 'r1',
      orderId: 'o-conf',
      receiptId: `r1:${n}`,
      amount: 1999,
      currency: 'EUR',
    });
  change(d);
  return d;
}
const named = (d: AuditData) => audit(d).map((v) => [v.invariant, v.subject, v.detail]);

describe('audit checks: returns', () => {
  it('a delivered order returned whole, one unit restocked and one written off, each receipt refunded, passes', () => {
    expect(audit(delivered())).toEqual([]);
  });

  it('names a receipt whose resaleable unit never reached the ledger, went elsewhere, or was written off', () => {
    const lost = delivered((d) => {
      d.movements = d.movements.filter((m) => m.id !== 'return-unit#r1:1:A:resaleable');
      d.stock.find((s) => s.id === 'A#main')!.onHand -= 1;
    });
    expect(named(lost)).toEqual([['returned-units-moved', 'r1:1', '1 A resaleable: no return movement']]);
    const east = delivered((d) => (d.receipts[0].warehouse = 'east'));
    expect(named(east)).toEqual([
      ['returned-units-moved', 'r1:1', '1 A resaleable: return 1 in main, expected return 1 in east'],
    ]);
    const off = delivered((d) => {
      d.movements.push(move('write-off#r1:1:A:resaleable', 'write-off', 'r1:1:A:resaleable', -1));
      d.stock.find((s) => s.id === 'A#main')!.onHand -= 1;
    });
    expect(named(off)).toEqual([['returned-units-moved', 'r1:1', '1 A resaleable: written off']]);
  });

  it('names damaged units that were never written off (they would be sellable)', () => {
    const sellable = delivered((d) => {
      d.movements = d.movements.filter((m) => m.id !== 'write-off#r1:2:A:damaged');
      d.stock.find((s) => s.id === 'A#main')!.onHand += 1;
    });
    expect(named(sellable)).toEqual([['returned-units-moved', 'r1:2', '1 A damaged: no write-off movement']]);
  });

  it('does not judge an order while its return saga runs a receipt round', () => {
    const running = delivered((d) => {
      d.movements = d.movements.filter((m) => m.id !== 'return-unit#r1:1:A:resaleable');
      d.stock.find((s) => s.id === 'A#main')!.onHand -= 1;
      d.refunds.push(refund('r1:3', 1));
      Object.assign(
        d.sagas.find((s) => s.id === 'r1')!,
        { status: 'RUNNING', updatedAt: NOW - 1_000 },
      );
    });
    expect(audit(running).filter((v) => v.invariant !== 'refunds-within-captured')).toEqual([]);
  });

  it('names a refund of a live order without a receipt behind it, or of another amount than its receipt recorded', () => {
    const goodwill = delivered((d) => {
      d.refunds = d.refunds.filter((r) => r.refundKey !== 'r1:2');
      d.refunds.push({ id: 'o-conf:goodwill', orderId: 'o-conf', amount: 1999, currency: 'EUR', refundKey: 'goodwill' });
      d.returnRefunds.pop();
    });
    expect(named(goodwill)).toEqual([
      // Refunded whole, but one receipt's refund does not make the whole price come back by returns.
      ['confirmed-order-settled', 'o-conf', 'DELIVERED: payment REFUNDED'],
      [
        'refund-has-cause',
        'o-conf',
        'refund o-conf:goodwill of 1999 EUR (order DELIVERED) has no return receipt or cancellation behind it',
      ],
    ]);
    const other = delivered((d) => (d.returnRefunds[0].amount = 1998));
    expect(named(other)).toEqual([
      ['confirmed-order-settled', 'o-conf', 'DELIVERED: payment REFUNDED'],
      ['refund-has-cause', 'o-conf', 'refund o-conf:r1:1 of 1999 EUR: return r1 recorded 1998 EUR for receipt r1:1'],
    ]);
  });

  it("takes a refund of an exchange's charge (payment x-<returnId>) as caused only by its return's cancellation", () => {
    const refund = {
      id: 'x-r9:full',
      orderId: 'x-r9',
      amount: 1000,
      currency: 'EUR',
      refundKey: 'x-r9:charge-exchange:compensate',
    };
    const ret = (status: 'cancelled' | 'approved') => [{ id: 'r9', orderId: 'o-conf', status, lines: [] }];
    expect(causelessRefunds([refund], [], [], new Set(), ret('cancelled'))).toEqual([]);
    expect(causelessRefunds([refund], [], [], new Set(), ret('approved')).map((v) => v.invariant)).toEqual(['refund-has-cause']);
  });

  it("names units claimed or received beyond those the order's shipments delivered", () => {
    const over = delivered((d) => (d.claims[0].requested = 3));
    expect(named(over)).toEqual([['returns-within-delivered', 'o-conf', 'A claimed 3 of 2 delivered']]);
    const early = delivered((d) => (order(d, 'o-conf').fulfilment!.shipments[1].status = 'in_transit'));
    expect(named(early).filter(([i]) => i === 'returns-within-delivered')).toEqual([
      ['returns-within-delivered', 'o-conf', 'A claimed 2, A received 2 of 1 delivered'],
    ]);
  });

  it("accepts a whole return's promotion use given back when the promotion gives uses back on cancel, only then", () => {
    const givenBack = (d: AuditData) => {
      Object.assign(
        d.usage.find((u) => u.id === 'P1:o-conf')!,
        { status: 'released', releaseReason: 'returned' },
      );
      d.usageCounters.find((c) => c.id === 'total:P1')!.taken -= 1;
      d.usageCounters.find((c) => c.id === 'customer:P1:u1')!.taken -= 1;
    };
    expect(audit(delivered(givenBack))).toEqual([]);
    const half = delivered((d) => {
      givenBack(d);
      d.returns[0].lines[0].received = 1;
    });
    const wrong = [['promotion-usage-matches-orders', 'P1/o-conf', 'order DELIVERED carries the promotion, its use is released']];
    expect(named(half)).toEqual(wrong);
    const kept = delivered((d) => {
      givenBack(d);
      d.promotions.find((p) => p.id === 'P1')!.releaseOnCancel = false;
    });
    expect(named(kept)).toEqual(wrong);
  });

  it("counts a return's mails per return and receipt, and names one sent twice", () => {
    const mail = (id: string, returnId: string, receiptId?: string) => ({
      id,
      orderId: 'o-conf',
      returnId,
      ...(receiptId ? { receiptId } : {}),
      template: receiptId ? 'refund-issued' : 'return-requested',
      channel: 'email' as const,
      status: 'sent' as const,
    });
    const two = delivered((d) =>
      d.deliveries.push(mail('m1', 'r1'), mail('m2', 'r2'), mail('m3', 'r1', 'r1:1'), mail('m4', 'r1', 'r1:2')),
    );
    expect(audit(two)).toEqual([]);
    const twice = delivered((d) => d.deliveries.push(mail('m1', 'r1', 'r1:1'), mail('m2', 'r1', 'r1:1')));
    expect(named(twice)).toEqual([['handled-once', 'o-conf', 'refund-issued sent 2 times by email (deliveries m1, m2)']]);
  });

  it('still names a delivered order whose payment was refunded whole with nothing behind it', () => {
    const bare = delivered((d) => {
      d.returns = [];
      d.claims = [];
      d.receipts = [];
      d.returnRefunds = [];
      d.movements = d.movements.filter((m) => !m.ref.startsWith('r1:'));
      d.stock.find((s) => s.id === 'A#main')!.onHand -= 1;
    });
    expect(named(bare).map(([i, s]) => `${i} ${s}`)).toEqual([
      'confirmed-order-settled o-conf',
      'refund-has-cause o-conf',
      'refund-has-cause o-conf',
    ]);
  });
});

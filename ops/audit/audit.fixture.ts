import type { AuditData, MovementRow } from './audit.types';

/**
 * A consistent reading of the stores after five checkouts, for the checks' unit tests:
 * o-conf confirmed and paid; o-pend mid-checkout (saga running, hold active, payment authorized);
 * o-decl declined (hold released); o-rej rejected for stock (nothing held or charged); o-canc
 * confirmed, then cancelled by the customer (refunded, restocked). o-conf's shipment shipped one of
 * its two units, the other split off and still pending; o-canc's shipment was cancelled with it.
 */
export const NOW = 1_700_000_000_000;

const mv = (
  id: string,
  reason: MovementRow['reason'],
  ref: string,
  sku: string,
  onHandDelta: number,
  reservedDelta: number,
  warehouse = 'main',
) => ({
  id,
  sku,
  warehouse,
  onHandDelta,
  reservedDelta,
  reason,
  ref,
});

/** P1 gives its use back on cancel, P2 keeps it; o-pend's use is reserved while its checkout runs. */
const P1 = { promotionId: 'P1' };
const P2 = { promotionId: 'P2' };
const use = (promotionId: string, orderId: string, userId: string, status: 'reserved' | 'used' | 'released') => ({
  id: `${promotionId}:${orderId}`,
  promotionId,
  orderId,
  userId,
  status,
});

const eur = (total: number) => ({ total, currency: 'EUR' });
const alloc = (sku: string, quantity: number, warehouse = 'main') => [{ sku, quantity, allocations: [{ warehouse, quantity }] }];

export function cleanData(): AuditData {
  return {
    stock: [
      { id: 'A#main', sku: 'A', warehouse: 'main', onHand: 8, reserved: 1 },
      { id: 'A#east', sku: 'A', warehouse: 'east', onHand: 3, reserved: 0 },
      { id: 'B#main', sku: 'B', warehouse: 'main', onHand: 1, reserved: 0 },
    ],
    reservations: [
      { id: 'o-conf', status: 'committed', lines: alloc('A', 2) },
      { id: 'o-pend', status: 'active', lines: alloc('A', 1) },
      { id: 'o-decl', status: 'released', lines: alloc('A', 1, 'east') },
      { id: 'o-canc', status: 'committed', lines: alloc('B', 1) },
    ],
    movements: [
      mv('m1', 'receipt', 'po-1', 'A', 10, 0),
      mv('m2', 'reservation', 'o-conf', 'A', 0, 2),
      mv('m3', 'sale', 'o-conf', 'A', -2, -2),
      // Two adjustments by the same admin: their ref is the actor, so repeats are normal.
      mv('m4', 'adjustment', 'admin-1', 'A', 1, 0),
      mv('m5', 'adjustment', 'admin-1', 'A', -1, 0),
      mv('m6', 'reservation', 'o-pend', 'A', 0, 1),
      mv('m7', 'receipt', 'po-2', 'A', 3, 0, 'east'),
      mv('m8', 'reservation', 'o-decl', 'A', 0, 1, 'east'),
      mv('m9', 'release', 'o-decl', 'A', 0, -1, 'east'),
      mv('m10', 'receipt', 'po-3', 'B', 1, 0),
      mv('m11', 'reservation', 'o-canc', 'B', 0, 1),
      mv('m12', 'sale', 'o-canc', 'B', -1, -1),
      mv('m13', 'return', 'o-canc', 'B', 1, 0),
    ],
    orders: [
      { id: 'o-conf', status: 'CONFIRMED', totals: eur(3998), items: [{ sku: 'A', quantity: 2 }], promotions: [P1] },
      { id: 'o-pend', status: 'PENDING', totals: eur(1999), items: [{ sku: 'A', quantity: 1 }], promotions: [P1] },
      { id: 'o-decl', status: 'CANCELLED', totals: eur(1999), items: [{ sku: 'A', quantity: 1 }], promotions: [P1] },
      { id: 'o-rej', status: 'REJECTED', totals: eur(1999), items: [{ sku: 'B', quantity: 5 }] },
      { id: 'o-canc', status: 'CANCELLED', totals: eur(500), items: [{ sku: 'B', quantity: 1 }], promotions: [P2] },
    ] as AuditData['orders'],
    payments: [
      { id: 'o-conf', status: 'CAPTURED', amount: 3998, currency: 'EUR' },
      { id: 'o-pend', status: 'AUTHORIZED', amount: 1999, currency: 'EUR' },
      { id: 'o-decl', status: 'DECLINED', amount: 1999, currency: 'EUR' },
      { id: 'o-canc', status: 'REFUNDED', amount: 500, currency: 'EUR' },
    ],
    transactions: [
      { id: 't1', orderId: 'o-conf', kind: 'authorize', outcome: 'approved', idempotencyKey: 'o-conf:authorize-payment' },
      { id: 't2', orderId: 'o-conf', kind: 'capture', outcome: 'approved', idempotencyKey: 'o-conf:capture-payment' },
      { id: 't3', orderId: 'o-decl', kind: 'authorize', outcome: 'declined', idempotencyKey: 'o-decl:authorize-payment' },
      { id: 't4', orderId: 'o-canc', kind: 'capture', outcome: 'approved', idempotencyKey: 'o-canc:capture-payment' },
      { id: 't5', orderId: 'o-canc', kind: 'refund', outcome: 'approved', idempotencyKey: 'cancel:o-canc:refund-payment' },
    ],
    refunds: [{ id: 'r1', orderId: 'o-canc', amount: 500, currency: 'EUR' }],
    sagas: [
      { id: 'o-conf', type: 'checkout', status: 'COMPLETED', updatedAt: NOW - 3_600_000, data: { orderId: 'o-conf' } },
      { id: 'o-pend', type: 'checkout', status: 'RUNNING', updatedAt: NOW - 1_000, data: { orderId: 'o-pend' } },
      { id: 'o-decl', type: 'checkout', status: 'COMPENSATED', updatedAt: NOW - 3_600_000, data: { orderId: 'o-decl' } },
      { id: 'o-rej', type: 'checkout', status: 'COMPENSATED', updatedAt: NOW - 3_600_000, data: { orderId: 'o-rej' } },
      { id: 'o-canc', type: 'checkout', status: 'COMPLETED', updatedAt: NOW - 3_600_000, data: { orderId: 'o-canc' } },
      { id: 'cancel:o-canc', type: 'cancel-order', status: 'COMPLETED', updatedAt: NOW - 60_000, data: { orderId: 'o-canc' } },
    ],
    outbox: [
      { store: 'inventory', id: 'e1', event: 'inventory.low-stock', status: 'sent', attempts: 1, createdAt: NOW - 3_600_000 },
      { store: 'orders', id: 'e2', event: 'order.status-changed', status: 'pending', attempts: 0, createdAt: NOW - 1_000 },
      { store: 'payments', id: 'e3', event: 'payment.authorized', status: 'sending', attempts: 1, createdAt: NOW - 2_000 },
    ],
    deliveries: [
      { id: 'd1', orderId: 'o-conf', template: 'order-confirmed', channel: 'email', status: 'sent' },
      { id: 'd2', orderId: 'o-conf', template: 'order-confirmed', channel: 'sms', status: 'skipped' },
      // A failed send retried once: one message reached the customer.
      { id: 'd3', orderId: 'o-canc', template: 'order-cancelled', channel: 'email', status: 'failed' },
      { id: 'd4', orderId: 'o-canc', template: 'order-cancelled', channel: 'email', status: 'sent' },
      { id: 'd5', template: 'password-reset', channel: 'email', status: 'sent' },
      { id: 'd6', template: 'password-reset', channel: 'email', status: 'sent' },
      // One shipped mail per parcel of o-conf.
      { id: 'd7', orderId: 'o-conf', shipmentId: 'o-conf:main', template: 'shipment-shipped', channel: 'email', status: 'sent' },
      {
        id: 'd8',
        orderId: 'o-conf',
        shipmentId: 'o-conf:main/1',
        template: 'shipment-shipped',
        channel: 'email',
        status: 'sent',
      },
    ],
    promotions: [
      { id: 'P1', limits: { total: 2, perCustomer: 1 }, releaseOnCancel: true },
      { id: 'P2', limits: { total: 1 }, releaseOnCancel: false },
    ],
    usage: [
      use('P1', 'o-conf', 'u1', 'used'),
      use('P1', 'o-pend', 'u2', 'reserved'),
      use('P1', 'o-decl', 'u3', 'released'),
    ].concat([use('P2', 'o-canc', 'u1', 'used')]),
    usageCounters: [
      { id: 'total:P1', taken: 2 },
      { id: 'customer:P1:u1', taken: 1 },
      { id: 'customer:P1:u2', taken: 1 },
      { id: 'customer:P1:u3', taken: 0 },
      { id: 'total:P2', taken: 1 },
    ],
    shipments: [
      { id: 'o-conf:main', orderId: 'o-conf', warehouse: 'main', lines: [{ sku: 'A', quantity: 1 }], status: 'in_transit' },
      { id: 'o-conf:main/1', orderId: 'o-conf', warehouse: 'main', lines: [{ sku: 'A', quantity: 1 }], status: 'pending' },
      { id: 'o-canc:main', orderId: 'o-canc', warehouse: 'main', lines: [{ sku: 'B', quantity: 1 }], status: 'cancelled' },
    ],
    // Returns of a delivered order: audit.returns.checks.spec.ts (delivered) adds them.
    returns: [],
    claims: [],
    receipts: [],
    returnRefunds: [],
  };
}

/** The clean reading with one thing changed. */
export function broken(change: (d: AuditData) => void): AuditData {
  const d = cleanData();
  change(d);
  return d;
}

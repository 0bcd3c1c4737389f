import { runChecks } from './audit.checks';
import { broken, cleanData, NOW } from './audit.fixture';
import { DEFAULT_THRESHOLDS, type AuditData, type ShipmentRow } from './audit.types';

const audit = (data: AuditData) => runChecks(data, NOW, DEFAULT_THRESHOLDS);
const parcel = (id: string, warehouse: string, status: ShipmentRow['status'], orderId = 'o-conf'): ShipmentRow => ({
  id,
  orderId,
  warehouse,
  lines: [{ sku: 'A', quantity: 1 }],
  status,
});
const shipment = (d: AuditData, id: string) => d.shipments.find((s) => s.id === id)!;
const order = (d: AuditData, id: string) => d.orders.find((o) => o.id === id)!;

describe('audit checks: shipments', () => {
  it('a clean reading passes: a shipment split by a partial ship covers its order, a cancelled order has only cancelled ones', () => {
    expect(audit(cleanData())).toEqual([]);
  });

  it('names a confirmed order without shipments once they are due, not while its event may still be on the way', () => {
    const missing = broken((x) => (x.shipments = x.shipments.filter((s) => s.orderId !== 'o-conf')));
    expect(audit(missing)).toEqual([
      { invariant: 'shipments-cover-orders', subject: 'o-conf', detail: 'CONFIRMED without shipments' },
    ]);
    const fresh = broken((x) => {
      x.shipments = x.shipments.filter((s) => s.orderId !== 'o-conf');
      order(x, 'o-conf').updatedAt = NOW - DEFAULT_THRESHOLDS.shipmentsDueMs + 1_000;
    });
    expect(audit(fresh)).toEqual([]);
  });

  it('names shipments that hold more, less or other SKUs than the order (duplicates included), whatever the order status', () => {
    const twice = broken((x) => x.shipments.push(parcel('o-conf:east', 'east', 'pending')));
    expect(audit(twice)).toEqual([
      {
        invariant: 'shipments-cover-orders',
        subject: 'o-conf',
        detail: 'CONFIRMED: shipments hold A:3, ordered A:2 (o-conf:main, o-conf:main/1, o-conf:east)',
      },
    ]);
    const short = broken((x) => {
      order(x, 'o-conf').status = 'DELIVERED';
      shipment(x, 'o-conf:main/1').status = 'cancelled';
    });
    expect(audit(short).map((v) => v.detail)).toEqual(['DELIVERED: shipments hold A:1, ordered A:2 (o-conf:main)']);
    const other = broken((x) => (shipment(x, 'o-conf:main/1').lines = [{ sku: 'B', quantity: 1 }]));
    expect(audit(other).map((v) => v.detail)).toEqual([
      'CONFIRMED: shipments hold A:1,B:1, ordered A:2 (o-conf:main, o-conf:main/1)',
    ]);
  });

  it('names a cancelled order whose shipment is still live, and a shipment of an order that does not exist', () => {
    const live = broken((x) => (shipment(x, 'o-canc:main').status = 'pending'));
    expect(audit(live)).toEqual([
      {
        invariant: 'shipments-cover-orders',
        subject: 'o-canc',
        detail: 'CANCELLED with shipments still live: o-canc:main pending',
      },
    ]);
    const orphan = broken((x) => x.shipments.push(parcel('o-x:main', 'main', 'cancelled', 'o-x')));
    expect(audit(orphan)).toEqual([
      {
        invariant: 'shipments-cover-orders',
        subject: 'o-x:main',
        detail: 'shipment cancelled for order o-x, which does not exist',
      },
    ]);
  });

  it('does not judge an order whose saga is still running (a cancel taking its shipments back)', () => {
    const d = broken((x) => {
      x.shipments = x.shipments.filter((s) => s.orderId !== 'o-conf');
      x.sagas.push({
        id: 'cancel:o-conf',
        type: 'cancel-order',
        status: 'RUNNING',
        updatedAt: NOW - 1_000,
        data: { orderId: 'o-conf' },
      });
    });
    expect(audit(d)).toEqual([]);
  });

  it('names units shipped beyond what the reservation committed in that warehouse', () => {
    const other = broken((x) => (shipment(x, 'o-conf:main').warehouse = 'east'));
    expect(audit(other)).toEqual([
      {
        invariant: 'shipped-is-committed',
        subject: 'o-conf',
        detail: 'shipped A@east:1 (committed 0) by o-conf:main',
      },
    ]);
    // Both halves of the split on the road: 2 shipped of 2 committed is fine, 3 is not.
    const both = broken((x) => (shipment(x, 'o-conf:main/1').status = 'delivered'));
    expect(audit(both)).toEqual([]);
    const over = broken((x) => {
      shipment(x, 'o-conf:main/1').status = 'delivered';
      shipment(x, 'o-conf:main/1').lines = [{ sku: 'A', quantity: 2 }];
    });
    expect(audit(over).map((v) => [v.invariant, v.detail])).toContainEqual([
      'shipped-is-committed',
      'shipped A@main:3 (committed 2) by o-conf:main, o-conf:main/1',
    ]);
  });

  it("names a shipment's mail sent twice, not one mail per parcel of an order", () => {
    const d = broken((x) =>
      x.deliveries.push({
        id: 'd9',
        orderId: 'o-conf',
        shipmentId: 'o-conf:main',
        template: 'shipment-shipped',
        channel: 'email',
        status: 'sent',
      }),
    );
    expect(audit(d)).toEqual([
      { invariant: 'handled-once', subject: 'o-conf', detail: 'shipment-shipped sent 2 times by email (deliveries d7, d9)' },
    ]);
  });

  it("skips a return's parcel; judges an exchange's shipments by its own reservation and its source order", () => {
    const back = { ...parcel('ret-r1', 'east', 'delivered'), kind: 'return' as const, lines: [{ sku: 'A', quantity: 5 }] };
    const exchange = { ...parcel('x-r1:main', 'main', 'in_transit', 'x-r1'), exchangeFor: 'r1', sourceOrderId: 'o-conf' };
    const held = {
      id: 'x-r1',
      status: 'committed' as const,
      lines: [{ sku: 'A', quantity: 1, allocations: [{ warehouse: 'main', quantity: 1 }] }],
    };
    expect(audit(broken((x) => x.shipments.push(back, exchange) && x.reservations.push(held)))).toEqual([]);
    expect(audit(broken((x) => x.shipments.push(exchange))).map((v) => [v.invariant, v.subject])).toEqual([
      ['shipped-is-committed', 'x-r1'],
    ]);
    const orphan = broken((x) => x.shipments.push({ ...exchange, sourceOrderId: 'o-gone' }) && x.reservations.push(held));
    expect(audit(orphan).map((v) => v.detail)).toEqual(['shipment in_transit for order o-gone, which does not exist']);
  });

  it('names a shipped shipment whose order holds no committed reservation', () => {
    const d = broken((x) => (x.reservations.find((r) => r.id === 'o-conf')!.status = 'active'));
    expect(audit(d)).toContainEqual({
      invariant: 'shipped-is-committed',
      subject: 'o-conf',
      detail: 'shipped by o-conf:main, reservation active',
    });
  });
});

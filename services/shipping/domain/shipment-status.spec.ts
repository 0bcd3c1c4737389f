import fc from 'fast-check';
import { SHIPMENT_STATUSES, type ShipmentStatus, type TrackingEvent } from '../shipments.contract';
import { applyTracking, canCancel, canShip, isTerminal, STATUS_RANK } from './shipment-status';

const ev = (id: string, status: ShipmentStatus, at: number): TrackingEvent => ({ id, status, at, rawCode: status.toUpperCase() });

describe('applyTracking', () => {
  const shipped = { status: 'in_transit' as ShipmentStatus, events: [ev('e1', 'in_transit', 100)] };

  it('moves forward and keeps the timeline sorted', () => {
    const r = applyTracking(shipped, [ev('e3', 'delivered', 300), ev('e2', 'out_for_delivery', 200)]);
    expect(r).toMatchObject({ status: 'delivered', statusAt: 300, statusChanged: true, changed: true });
    expect(r.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('a replay changes nothing', () => {
    const r = applyTracking(shipped, [ev('e1', 'in_transit', 100), ev('e1', 'in_transit', 100)]);
    expect(r).toEqual({ events: shipped.events, status: 'in_transit', statusChanged: false, changed: false });
  });

  it('duplicates within one batch are kept once', () => {
    expect(applyTracking(shipped, [ev('e2', 'out_for_delivery', 200), ev('e2', 'out_for_delivery', 200)]).events).toHaveLength(2);
  });

  it('a late, lower event joins the timeline without lowering the status', () => {
    const delivered = applyTracking(shipped, [ev('e3', 'delivered', 300)]);
    const late = applyTracking(delivered, [ev('e2', 'out_for_delivery', 200)]);
    expect(late).toMatchObject({ status: 'delivered', statusChanged: false, changed: true });
    expect(late.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('failed attempt sits between out for delivery and delivered', () => {
    const failed = applyTracking(shipped, [
      ev('a', 'out_for_delivery', 200),
      ev('b', 'failed_attempt', 300),
      ev('c', 'out_for_delivery', 400),
    ]);
    expect(failed.status).toBe('failed_attempt');
    expect(applyTracking(failed, [ev('d', 'delivered', 500)]).status).toBe('delivered');
  });

  it('terminal statuses hold; carriers never cancel', () => {
    expect(applyTracking({ status: 'delivered', events: [] }, [ev('r', 'returned_to_sender', 900)]).status).toBe('delivered');
    expect(applyTracking({ status: 'cancelled', events: [] }, [ev('d', 'delivered', 900)]).status).toBe('cancelled');
    expect(applyTracking(shipped, [ev('x', 'cancelled', 900)]).status).toBe('in_transit');
    expect(applyTracking(shipped, [ev('r', 'returned_to_sender', 200), ev('d', 'delivered', 300)]).status).toBe(
      'returned_to_sender',
    );
  });

  it('property: the status never goes down and the result does not depend on arrival order or batching', () => {
    const evArb = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      status: fc.constantFrom(...SHIPMENT_STATUSES),
      at: fc.nat(1000),
    });
    fc.assert(
      fc.property(fc.uniqueArray(evArb, { selector: (e) => e.id }), fc.nat(6), (raw, cut) => {
        const events = raw.map((e) => ev(e.id, e.status, e.at));
        const start = { status: 'label_purchased' as ShipmentStatus, events: [] };
        const all = applyTracking(start, events);
        expect(STATUS_RANK[all.status]).toBeGreaterThanOrEqual(STATUS_RANK[start.status]);
        const reversed = applyTracking(start, [...events].reverse());
        expect(reversed).toEqual(all);
        // Arriving in two batches never ends lower than the first batch's status.
        const first = applyTracking(start, events.slice(0, cut));
        const then = applyTracking(first, events.slice(cut));
        expect(then.events).toEqual(all.events);
        expect(STATUS_RANK[then.status]).toBeGreaterThanOrEqual(STATUS_RANK[first.status]);
        if (!isTerminal(first.status)) expect(then.status === first.status || then.statusChanged).toBe(true);
      }),
    );
  });
});

describe('canShip / canCancel', () => {
  it.each(SHIPMENT_STATUSES.map((s) => [s, ['pending', 'label_purchased'].includes(s)] as const))('%s → %p', (s, want) => {
    expect(canShip(s)).toBe(want);
    expect(canCancel(s)).toBe(want);
  });
});

describe('applyTracking with the status held', () => {
  it('keeps new entries on the timeline and the status where it was', () => {
    const labelled = { status: 'label_purchased' as ShipmentStatus, events: [] };
    const r = applyTracking(labelled, [ev('pu', 'in_transit', 100), ev('dl', 'delivered', 200)], { move: false });
    expect(r).toMatchObject({ status: 'label_purchased', statusChanged: false, changed: true });
    expect(r.events.map((e) => e.id)).toEqual(['pu', 'dl']);
  });
});

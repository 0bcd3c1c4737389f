import { SHIPMENT_STATUSES } from '../shipments.contract';
import { publishedFor } from './tracking-moves';

describe('what a tracking move publishes', () => {
  it('publishes shipped only when the carrier is first to report the parcel moving', () => {
    expect(publishedFor('label_purchased', 'in_transit', false)).toEqual(['shipment.shipped']);
    expect(publishedFor('label_purchased', 'out_for_delivery', false)).toEqual(['shipment.shipped']);
    expect(publishedFor('in_transit', 'out_for_delivery', true)).toEqual([]);
  });

  it('publishes delivered, and an exception for a failed attempt or a return', () => {
    expect(publishedFor('out_for_delivery', 'delivered', true)).toEqual(['shipment.delivered']);
    expect(publishedFor('label_purchased', 'delivered', false)).toEqual(['shipment.delivered']);
    expect(publishedFor('out_for_delivery', 'failed_attempt', true)).toEqual(['shipment.exception']);
    expect(publishedFor('failed_attempt', 'returned_to_sender', true)).toEqual(['shipment.exception']);
  });

  it('publishes nothing when the status stays', () => {
    for (const s of SHIPMENT_STATUSES) expect(publishedFor(s, s, true)).toEqual([]);
  });
});

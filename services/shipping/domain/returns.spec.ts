import { returnOfExchange, returnOrigin, returnShipmentId, sentShipments } from './returns';

const shipment = (id: string, warehouse: string, lines: [string, number][], carrier = 'sandbox') => ({
  id,
  warehouse,
  carrier,
  serviceLevel: 'express' as const,
  lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
});

describe('return origin', () => {
  it('goes back to the warehouse that sent most of the returned units, by its carrier', () => {
    const sent = [shipment('o:east', 'east', [['A', 5]]), shipment('o:west', 'west', [['B', 2]], 'dhl')];
    expect(returnOrigin(sent, [{ sku: 'B', quantity: 2 }])).toEqual({
      warehouse: 'west',
      carrier: 'dhl',
      serviceLevel: 'express',
    });
    // Units count only up to what is returned: 5 of A sent from east weigh 1 when one A comes back.
    expect(
      returnOrigin(sent, [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 2 },
      ]).warehouse,
    ).toBe('west');
    expect(
      returnOrigin(sent, [
        { sku: 'A', quantity: 3 },
        { sku: 'B', quantity: 2 },
      ]).warehouse,
    ).toBe('east');
  });

  it('a named warehouse wins; ties go to the lowest id; nothing sent leaves it to the caller', () => {
    const sent = [shipment('o:west', 'west', [['A', 1]]), shipment('o:east', 'east', [['A', 1]])];
    expect(returnOrigin(sent, [{ sku: 'A', quantity: 1 }]).warehouse).toBe('east');
    expect(returnOrigin(sent, [{ sku: 'A', quantity: 1 }], 'north').warehouse).toBe('north');
    expect(returnOrigin([], [{ sku: 'A', quantity: 1 }])).toEqual({ warehouse: null, carrier: null, serviceLevel: 'standard' });
  });

  it('only outbound shipments not cancelled say where goods came from', () => {
    const rows = [
      { id: 'a', kind: undefined, status: 'delivered' as const },
      { id: 'b', kind: 'outbound' as const, status: 'cancelled' as const },
      { id: 'c', kind: 'return' as const, status: 'label_purchased' as const },
      { id: 'd', kind: 'outbound' as const, status: 'in_transit' as const },
    ];
    expect(sentShipments(rows).map((r) => r.id)).toEqual(['a', 'd']);
  });

  it('ids: one return parcel per return, an exchange named after its return', () => {
    expect(returnShipmentId('r1')).toBe('ret-r1');
    expect(returnOfExchange('x-r1')).toBe('r1');
  });
});

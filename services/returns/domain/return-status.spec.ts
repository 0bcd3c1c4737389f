import fc from 'fast-check';
import { RETURN_STATUSES, type ReturnStatus } from '../returns.contract';
import { canTransition, isTerminal, orderReturnStatus, receiptStatus, ReturnStatusError, transition } from './return-status';

describe('return status machine', () => {
  it('follows the happy path to closed', () => {
    const path: ReturnStatus[] = [
      'requested',
      'approved',
      'label_issued',
      'partially_received',
      'received',
      'refunded',
      'closed',
    ];
    path.slice(1).forEach((to, i) => expect(transition(path[i], to)).toEqual({ status: to, changed: true }));
    expect(transition('received', 'exchanged').changed).toBe(true);
    expect(transition('label_issued', 'received').changed).toBe(true);
  });

  it('approving twice, or after the return moved on, changes nothing (auto-approval already approved it)', () => {
    expect(transition('approved', 'approved')).toEqual({ status: 'approved', changed: false });
    expect(transition('label_issued', 'approved')).toEqual({ status: 'label_issued', changed: false });
    expect(transition('received', 'partially_received')).toEqual({ status: 'received', changed: false });
    expect(transition('closed', 'refunded').changed).toBe(false);
  });

  it('refuses what the path does not allow', () => {
    expect(() => transition('requested', 'received')).toThrow(ReturnStatusError);
    expect(() => transition('approved', 'rejected')).toThrow(/approved cannot become rejected/);
    expect(() => transition('received', 'cancelled')).toThrow(ReturnStatusError);
    expect(() => transition('rejected', 'approved')).toThrow(ReturnStatusError);
    expect(() => transition('refunded', 'exchanged')).toThrow(ReturnStatusError);
    expect(() => transition('cancelled', 'closed')).toThrow(ReturnStatusError);
  });

  it('property: a terminal status never changes; a change is always an allowed step', () => {
    const status = fc.constantFrom(...RETURN_STATUSES);
    fc.assert(
      fc.property(status, status, (from, to) => {
        let r: ReturnType<typeof transition> | undefined;
        try {
          r = transition(from, to);
        } catch (e) {
          expect(e).toBeInstanceOf(ReturnStatusError);
        }
        if (r?.changed) expect(canTransition(from, to)).toBe(true);
        if (isTerminal(from) && r) expect(r).toEqual({ status: from, changed: false });
      }),
    );
  });

  it('receipt: received once every unit arrived or is declared missing', () => {
    expect(receiptStatus([{ quantity: 2, received: 1, missing: 0 }])).toBe('partially_received');
    expect(
      receiptStatus([
        { quantity: 2, received: 1, missing: 1 },
        { quantity: 1, received: 1, missing: 0 },
      ]),
    ).toBe('received');
  });
});

describe('orderReturnStatus', () => {
  const items = [
    { sku: 'A', quantity: 2 },
    { sku: 'B', quantity: 1 },
  ];
  it('none, requested, partially returned, returned', () => {
    expect(orderReturnStatus(items, {})).toBeUndefined();
    expect(orderReturnStatus(items, { A: { returned: 0, requested: 1 } })).toBe('RETURN_REQUESTED');
    expect(orderReturnStatus(items, { A: { returned: 1, requested: 1 } })).toBe('PARTIALLY_RETURNED');
    expect(orderReturnStatus(items, { A: { returned: 2, requested: 0 } })).toBe('PARTIALLY_RETURNED');
    expect(orderReturnStatus(items, { A: { returned: 2, requested: 0 }, B: { returned: 1, requested: 0 } })).toBe('RETURNED');
  });
  it('units beyond what was bought do not make an order returned', () => {
    expect(orderReturnStatus(items, { A: { returned: 3, requested: 0 } })).toBe('PARTIALLY_RETURNED');
  });
});

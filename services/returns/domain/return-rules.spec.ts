import type { OrderItem } from '../../orders/orders.contract';
import type { ReturnRequest } from '../returns.contract';
import {
  autoApprove,
  DAY_MS,
  DEFAULT_AUTO_APPROVE,
  isRmaNumber,
  returnableQuantities,
  rmaNumber,
  validateReturnRequest,
  type ReturnRequestCheck,
} from './return-rules';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const item = (sku: string, quantity: number): OrderItem => ({
  sku,
  productId: `p-${sku}`,
  name: sku,
  quantity,
  unitPrice: usd(1000),
  lineTotal: usd(1000 * quantity),
});
const now = 100 * DAY_MS;
const check = (request: Partial<ReturnRequest>, over: Partial<ReturnRequestCheck> = {}): ReturnRequestCheck => ({
  order: { status: 'DELIVERED', items: [item('A', 2), item('B', 1)], updatedAt: now - DAY_MS },
  request: { lines: [{ sku: 'A', quantity: 1, reason: 'changed-mind' }], resolution: 'refund', ...request },
  delivered: { A: 2, B: 1 },
  returnedOrPending: {},
  now,
  ...over,
});
const fields = (c: ReturnRequestCheck) => validateReturnRequest(c).map((e) => `${e.field}:${e.code}`);

describe('returnableQuantities', () => {
  it('delivered (never more than bought) minus returned or pending, never below zero', () => {
    expect(returnableQuantities([item('A', 3), item('B', 1), item('C', 2)], { A: 2, B: 5 }, { A: 1, B: 3 })).toEqual({
      A: 1,
      B: 0,
      C: 0,
    });
  });
});

describe('validateReturnRequest', () => {
  it('accepts a delivered order within the window', () => {
    expect(validateReturnRequest(check({}))).toEqual([]);
  });

  it('names each wrong field', () => {
    const c = check(
      {
        lines: [
          { sku: 'A', quantity: 3, reason: 'changed-mind' },
          { sku: 'B', quantity: 1, reason: 'bored' },
          { sku: 'Z', quantity: 1, reason: 'damaged' },
          { sku: 'A', quantity: 1, reason: 'damaged' },
          { sku: 'B', quantity: 0.5, reason: 'damaged' },
        ],
        resolution: 'swap' as never,
      },
      { returnedOrPending: { B: 0 } },
    );
    expect(fields(c)).toEqual([
      'lines[0].quantity:QUANTITY_EXCEEDS_RETURNABLE',
      'lines[1].reason:UNKNOWN_REASON',
      'lines[2].sku:UNKNOWN_LINE',
      'lines[3].sku:DUPLICATE_LINE',
      'lines[4].sku:DUPLICATE_LINE',
      'resolution:INVALID_RESOLUTION',
    ]);
    expect(validateReturnRequest(c)[0].data).toEqual({ returnable: 2 });
    expect(fields(check({ lines: [{ sku: 'A', quantity: 0, reason: 'damaged' }] }))).toEqual([
      'lines[0].quantity:INVALID_QUANTITY',
    ]);
    expect(fields(check({ lines: [] }))).toEqual(['lines:REQUIRED']);
  });

  it('counts units already returned or in an open return', () => {
    expect(fields(check({ lines: [{ sku: 'A', quantity: 2, reason: 'damaged' }] }, { returnedOrPending: { A: 1 } }))).toEqual([
      'lines[0].quantity:QUANTITY_EXCEEDS_RETURNABLE',
    ]);
  });

  it('only delivered orders, or shipped ones when the policy allows', () => {
    const shipped = { order: { status: 'SHIPPED' as const, items: [item('A', 2)], updatedAt: now } };
    expect(fields(check({}, shipped))).toEqual(['order:NOT_RETURNABLE']);
    expect(fields(check({}, { ...shipped, allowShipped: true }))).toEqual([]);
    expect(fields(check({}, { order: { status: 'CANCELLED', items: [item('A', 2)], updatedAt: now } }))).toEqual([
      'order:NOT_RETURNABLE',
    ]);
  });

  it('within the window from delivery (30 days by default, per setting)', () => {
    expect(fields(check({}, { deliveredAt: now - 30 * DAY_MS }))).toEqual([]);
    expect(fields(check({}, { deliveredAt: now - 30 * DAY_MS - 1 }))).toEqual(['order:WINDOW_CLOSED']);
    expect(fields(check({}, { deliveredAt: now - 31 * DAY_MS, windowDays: 45 }))).toEqual([]);
  });

  it('reasons from the managed list', () => {
    expect(fields(check({}, { reasons: ['damaged'] }))).toEqual(['lines[0].reason:UNKNOWN_REASON']);
  });

  it('an exchange names what it wants; a refund does not', () => {
    expect(fields(check({ resolution: 'exchange' }))).toEqual(['exchangeFor:REQUIRED']);
    expect(fields(check({ resolution: 'exchange', exchangeFor: [{ sku: 'A-L', quantity: 1 }] }))).toEqual([]);
    expect(fields(check({ exchangeFor: [{ sku: 'A-L', quantity: 1 }] }))).toEqual(['exchangeFor:NOT_ALLOWED']);
    expect(fields(check({ resolution: 'exchange', exchangeFor: [{ sku: '', quantity: -1 }] }))).toEqual([
      'exchangeFor[0].sku:REQUIRED',
      'exchangeFor[0].quantity:INVALID_QUANTITY',
    ]);
  });
});

describe('autoApprove', () => {
  const ctx = {
    request: { lines: [{ sku: 'A', quantity: 1, reason: 'damaged' }] },
    deliveredAt: 0,
    requestedAt: 5 * DAY_MS,
    windowDays: 30,
  };
  it('by default: within the window and below 100.00', () => {
    expect(autoApprove(DEFAULT_AUTO_APPROVE, ctx, usd(9_999)).approve).toBe(true);
    expect(autoApprove(DEFAULT_AUTO_APPROVE, ctx, usd(10_000))).toEqual({
      approve: false,
      why: 'amount at or above the auto-approval limit',
    });
    expect(autoApprove(DEFAULT_AUTO_APPROVE, { ...ctx, requestedAt: 31 * DAY_MS }, usd(1)).approve).toBe(false);
    expect(autoApprove(DEFAULT_AUTO_APPROVE, ctx, { amount: 1, currency: 'JPY' }).why).toMatch(/JPY/);
  });
  it('per rules: off, fewer days, only some reasons', () => {
    expect(autoApprove({ ...DEFAULT_AUTO_APPROVE, enabled: false }, ctx, usd(1)).approve).toBe(false);
    expect(autoApprove({ ...DEFAULT_AUTO_APPROVE, withinDays: 3 }, ctx, usd(1)).approve).toBe(false);
    expect(autoApprove({ ...DEFAULT_AUTO_APPROVE, reasons: ['changed-mind'] }, ctx, usd(1)).why).toBe('a reason needs review');
  });
});

describe('rmaNumber', () => {
  it('from a sequence: RMA- and six digits at least', () => {
    expect(rmaNumber(42)).toBe('RMA-000042');
    expect(rmaNumber(1234567)).toBe('RMA-1234567');
    expect(() => rmaNumber(0)).toThrow(RangeError);
    expect(isRmaNumber(rmaNumber(42))).toBe(true);
  });
  it('from an id: its first ten letters and digits', () => {
    expect(rmaNumber('0b5f3c9e-71aa-4f10-9d2e-1f2a3b4c5d6e')).toBe('RMA-0B5F3C9E71');
    expect(isRmaNumber('RMA-0B5F3C9E71')).toBe(true);
    expect(() => rmaNumber('x-1')).toThrow(RangeError);
  });
});

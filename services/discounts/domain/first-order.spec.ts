import type { PriceRequest } from '../discounts.contract';
import { firstOrderUnknown, needsFirstOrder, withFirstOrder } from './first-order';
import type { Promotion } from './promotion.types';

const request = (customer?: PriceRequest['customer']): PriceRequest => ({
  currency: 'EUR',
  lines: [],
  codes: [],
  ...(customer ? { customer } : {}),
});
const promo = (conditions: Promotion['conditions']) => ({ id: 'p', conditions }) as Promotion;

describe('a customer’s first order', () => {
  it('is unknown only for a signed-in customer whose caller did not say', () => {
    expect(firstOrderUnknown(request({ id: 'u1' }))).toBe(true);
    expect(firstOrderUnknown(request({ id: 'u1', firstOrder: false }))).toBe(false);
    expect(firstOrderUnknown(request({ id: 'u1', firstOrder: true }))).toBe(false);
    expect(firstOrderUnknown(request({ groups: ['vip'] }))).toBe(false);
    expect(firstOrderUnknown(request())).toBe(false);
  });

  it('is settled on a copy that keeps the rest of the customer', () => {
    const given = request({ id: 'u1', groups: ['vip'] });
    expect(withFirstOrder(given, true).customer).toEqual({ id: 'u1', groups: ['vip'], firstOrder: true });
    expect(given.customer).toEqual({ id: 'u1', groups: ['vip'] });
  });

  it('is needed only when a candidate has a firstOrder condition', () => {
    expect(needsFirstOrder([promo([]), promo([{ type: 'currency', currencies: ['EUR'] }])])).toBe(false);
    expect(needsFirstOrder([promo([]), promo([{ type: 'currency', currencies: ['EUR'] }, { type: 'firstOrder' }])])).toBe(true);
    expect(needsFirstOrder([])).toBe(false);
  });
});

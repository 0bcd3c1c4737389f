import { exchangeChargeAt, settleExchange } from './exchange';

describe('settleExchange', () => {
  it('charges the difference when the new items cost more, refunds it when they cost less', () => {
    expect(settleExchange({ amount: 1948 }, 2500)).toEqual({ credit: 1948, price: 2500, charge: 552, refund: 0 });
    expect(settleExchange({ amount: 1948 }, 1500)).toEqual({ credit: 1948, price: 1500, charge: 0, refund: 448 });
    expect(settleExchange({ amount: 1948 }, 1948)).toMatchObject({ charge: 0, refund: 0 });
  });
  it('refuses a price that is not whole minor units', () => {
    expect(() => settleExchange({ amount: 1 }, 1.5)).toThrow(RangeError);
  });
});

describe('exchangeChargeAt (a request is taken whatever the new items cost; the difference is charged)', () => {
  it('is what the new items cost over the credit, 0 when the credit covers them', () => {
    expect(exchangeChargeAt(2500, 1948)).toBe(552);
    expect(exchangeChargeAt(1500, 1948)).toBe(0);
  });
  it('without an estimate of the credit (a ledger that does not add up) the whole price is charged', () => {
    expect(exchangeChargeAt(2500, undefined)).toBe(2500);
  });
});

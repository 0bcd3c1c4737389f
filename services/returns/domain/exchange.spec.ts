import { settleExchange } from './exchange';

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

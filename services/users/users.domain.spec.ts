import type { Address, PaymentMethod } from './users.contract';
import {
  addressChange,
  chooseDefault,
  clearedDefaultProblems,
  defaultFlips,
  defaultPreferences,
  expiryProblems,
  looksLikeCardNumber,
  newProfile,
  paymentMethodProblems,
  planAddressDefaults,
  registeredData,
  toPaymentMethodView,
  withoutNulls,
} from './users.domain';

type Row = Pick<Address, 'id' | 'updatedAt' | 'isDefaultShipping' | 'isDefaultBilling'>;
const row = (id: string, updatedAt: number, ship = false, bill = false): Row => ({
  id,
  updatedAt,
  isDefaultShipping: ship,
  isDefaultBilling: bill,
});

describe('users domain', () => {
  describe('profiles', () => {
    it('start with defaults every customer can change', () => {
      const profile = newProfile({ id: 'u1', email: 'ann@example.com', name: 'Ann' }, 5);
      expect(profile).toEqual({
        id: 'u1',
        email: 'ann@example.com',
        name: 'Ann',
        preferences: defaultPreferences(),
        createdAt: 5,
        updatedAt: 5,
      });
      expect(defaultPreferences()).toEqual({
        channels: { email: true, sms: false, push: false },
        language: 'en',
        currency: 'EUR',
      });
    });

    it('read user.registered data only when it is complete and bounded', () => {
      expect(registeredData({ id: 'u1', email: 'a@b.c', name: 'A', extra: 1 })).toEqual({ id: 'u1', email: 'a@b.c', name: 'A' });
      expect(registeredData({ id: 'u1', email: 'a@b.c' })).toBeNull();
      expect(registeredData({ id: 'x'.repeat(65), email: 'a@b.c', name: 'A' })).toBeNull();
      expect(registeredData(null)).toBeNull();
      expect(registeredData('u1')).toBeNull();
    });
  });

  describe('defaults', () => {
    it('the first row becomes the default', () => {
      expect(chooseDefault([{ id: 'a', updatedAt: 1, isDefault: false }])).toBe('a');
      expect(chooseDefault([])).toBeUndefined();
    });

    it('a current holder keeps it unless another row is asked for', () => {
      const rows = [
        { id: 'a', updatedAt: 1, isDefault: true },
        { id: 'b', updatedAt: 9, isDefault: false },
      ];
      expect(chooseDefault(rows)).toBe('a');
      expect(chooseDefault(rows, 'b')).toBe('b');
      expect(chooseDefault(rows, 'gone')).toBe('a');
    });

    it('flips only the rows whose flag is wrong', () => {
      const rows = [
        { id: 'a', updatedAt: 1, isDefault: true },
        { id: 'b', updatedAt: 2, isDefault: false },
        { id: 'c', updatedAt: 3, isDefault: false },
      ];
      expect([...defaultFlips(rows, 'b')]).toEqual([
        ['a', false],
        ['b', true],
      ]);
      expect(defaultFlips(rows, 'a').size).toBe(0);
    });

    it('repairs two holders by keeping the most recently updated', () => {
      const rows = [
        { id: 'a', updatedAt: 1, isDefault: true },
        { id: 'b', updatedAt: 2, isDefault: true },
      ];
      expect([...defaultFlips(rows, chooseDefault(rows))]).toEqual([['a', false]]);
    });
  });

  describe('address defaults', () => {
    it('make the first address both defaults', () => {
      expect([...planAddressDefaults([row('new', 5)], {})]).toEqual([
        ['new', { isDefaultShipping: true, isDefaultBilling: true }],
      ]);
    });

    it('leave the defaults alone when a second address asks for nothing', () => {
      expect(planAddressDefaults([row('a', 1, true, true), row('new', 5)], {}).size).toBe(0);
    });

    it('move only the default that was asked for, clearing the old holder', () => {
      const plan = planAddressDefaults([row('a', 1, true, true), row('b', 2)], { shipping: 'b' });
      expect(Object.fromEntries(plan)).toEqual({ a: { isDefaultShipping: false }, b: { isDefaultShipping: true } });
    });

    it('can move both defaults to different rows at once', () => {
      const plan = planAddressDefaults([row('a', 1, true, false), row('b', 2, false, true), row('c', 3)], {
        shipping: 'b',
        billing: 'a',
      });
      expect(Object.fromEntries(plan)).toEqual({
        a: { isDefaultShipping: false, isDefaultBilling: true },
        b: { isDefaultShipping: true, isDefaultBilling: false },
      });
    });

    it('promote the most recently updated remaining address when a default is deleted', () => {
      // `a` held both and is gone; `c` was updated last.
      const plan = planAddressDefaults([row('b', 2), row('c', 7), row('d', 4)], {});
      expect(Object.fromEntries(plan)).toEqual({ c: { isDefaultShipping: true, isDefaultBilling: true } });
    });

    it('promote only the kind the deleted address held', () => {
      const plan = planAddressDefaults([row('b', 2, false, true), row('c', 7)], {});
      expect(Object.fromEntries(plan)).toEqual({ c: { isDefaultShipping: true } });
    });

    it('break updatedAt ties by id so the choice is stable', () => {
      expect(
        chooseDefault([
          { id: 'y', updatedAt: 1, isDefault: false },
          { id: 'x', updatedAt: 1, isDefault: false },
        ]),
      ).toBe('x');
    });

    it('refuse clearing a default flag, not setting false on a non-default', () => {
      expect(clearedDefaultProblems(row('a', 1, true, false), { isDefaultShipping: false, isDefaultBilling: false })).toEqual([
        { field: 'isDefaultShipping', message: expect.stringContaining('another address') },
      ]);
      expect(clearedDefaultProblems(row('a', 1, false, false), { isDefaultShipping: false })).toEqual([]);
    });
  });

  describe('address patches', () => {
    it('set given values and clear optional fields given as null', () => {
      expect(addressChange({ city: 'Bern', line2: null, label: 'Home' })).toEqual({
        $set: { city: 'Bern', label: 'Home' },
        $unset: ['line2'],
        problems: [],
      });
    });

    it('refuse clearing a required field or a flag', () => {
      expect(addressChange({ name: null, isDefaultBilling: null }).problems.map((p) => p.field)).toEqual([
        'name',
        'isDefaultBilling',
      ]);
    });

    it('drop null optional values from new documents', () => {
      expect(withoutNulls({ a: 1, b: null, c: undefined, d: '' })).toEqual({ a: 1, d: '' });
    });
  });

  describe('cards', () => {
    const now = new Date(Date.UTC(2026, 4, 31, 23, 59)); // May 2026

    it('accept a card through the end of its expiry month', () => {
      expect(expiryProblems({ expMonth: 5, expYear: 2026 }, now)).toEqual([]);
      expect(expiryProblems({ expMonth: 1, expYear: 2027 }, now)).toEqual([]);
    });

    it('reject an expired card naming the field that is past', () => {
      expect(expiryProblems({ expMonth: 4, expYear: 2026 }, now)).toEqual([
        { field: 'expMonth', message: 'The card has expired' },
      ]);
      expect(expiryProblems({ expMonth: 12, expYear: 2025 }, now)).toEqual([
        { field: 'expYear', message: 'The card has expired' },
      ]);
    });

    it.each(['4242424242424242', '4242-4242-4242-4242', '4111_1111_1111_1', 'tok_5555555555554444', '378282246310005'])(
      'treat %s as a card number',
      (token) => expect(looksLikeCardNumber(token)).toBe(true),
    );

    it.each(['pm_1NqJx2LkdIwHu7ix', 'tok_visa', 'sandbox:123456789012', 'tok-2026-05-31-000001'])(
      'accept provider token %s',
      (token) => expect(looksLikeCardNumber(token)).toBe(false),
    );

    it('report expiry and token problems together', () => {
      const problems = paymentMethodProblems(
        { provider: 'sandbox', token: '4242424242424242', brand: 'visa', last4: '4242', expMonth: 1, expYear: 2020 },
        now,
      );
      expect(problems.map((p) => p.field)).toEqual(['expYear', 'token']);
    });

    it('never show the token', () => {
      const method: PaymentMethod = {
        id: 'p1',
        userId: 'u1',
        provider: 'sandbox',
        token: 'tok_secret_value',
        brand: 'visa',
        last4: '4242',
        expMonth: 1,
        expYear: 2030,
        isDefault: true,
        createdAt: 1,
        updatedAt: 1,
        version: 3,
      };
      const view = toPaymentMethodView(method);
      expect(Object.keys(view).sort()).toEqual([
        'brand',
        'createdAt',
        'expMonth',
        'expYear',
        'id',
        'isDefault',
        'last4',
        'provider',
      ]);
      expect(JSON.stringify(view)).not.toContain('tok_secret_value');
    });
  });
});

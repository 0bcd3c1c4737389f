import { SYSTEM_PRINCIPAL, type Principal } from '../../mixins/access/access.types';
import { stockVisible } from './inventory.visibility';

const as = (...roles: string[]) => ({ id: 'u1', roles }) as unknown as Principal;

describe('who sees a SKU’s stock', () => {
  it('the public and customers: only SKUs of active products', () => {
    for (const user of [null, undefined, as('customer')]) {
      expect(stockVisible(user, 'active')).toBe(true);
      for (const status of ['draft', 'archived', null]) expect(stockVisible(user, status)).toBe(false);
    }
  });

  it('admins, support and the platform: every SKU', () => {
    for (const user of [as('admin'), as('support'), SYSTEM_PRINCIPAL])
      for (const status of ['active', 'draft', 'archived', null]) expect(stockVisible(user, status)).toBe(true);
  });
});

import type { Principal } from '../../mixins/access/access.types';

/**
 * Stock is shown to the public only for a SKU of an active product: a draft is not published yet
 * (its stock would announce it) and an archived one is no longer sold. Staff (admin, support, the
 * platform) see every SKU's stock.
 */
export function stockVisible(user: Principal | null | undefined, productStatus: string | null): boolean {
  if (user?.roles?.some((r) => r === 'admin' || r === 'support')) return true;
  return productStatus === 'active';
}

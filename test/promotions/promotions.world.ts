import type { StoreName } from '../../config/stores';
import type { Doc, Store } from '../../mixins/store/store.types';
import type { AuditReport } from '../../ops/audit/audit.types';
import type { UsageRow } from '../../services/discounts/discounts.contract';
import type { Order } from '../../services/orders/orders.contract';
import { waitFor, type CheckoutWorld } from '../checkout/checkout.world';

export type OrderRow = Pick<Order, 'id' | 'userId' | 'status' | 'totals' | 'promotions'>;
export type UsageDoc = UsageRow & Doc;

/** The sandbox provider declines this token at authorization. */
export const declinedCard = 'tok_chargeDeclined';

/** Waits until every order has ended its checkout (and every saga with it). */
export async function settle(w: CheckoutWorld, orderIds: string[]): Promise<void> {
  const ids = new Set(orderIds);
  const orders = w.collection<OrderRow>('orders', 'orders', 'orders');
  const sagas = w.collection<{ id: string; status: string }>('sagas', 'saga', 'sagas');
  await waitFor(
    async () => (await orders.find({})).filter((o) => ids.has(o.id)).every((o) => o.status !== 'PENDING'),
    'every order settled',
    300_000,
  );
  await waitFor(
    async () => (await sagas.find({})).filter((s) => ids.has(s.id)).every((s) => ['COMPLETED', 'COMPENSATED'].includes(s.status)),
    'every saga ended',
    300_000,
  );
}

/**
 * The auditor over this platform's stores. The local services' own stores are handed over: an
 * embedded (PGlite) directory has one opener, which is this process's service.
 */
export async function auditWorld(w: CheckoutWorld): Promise<AuditReport> {
  const { config } = await import('../../config/config');
  const { runAudit } = await import('../../ops/audit/audit.runner');
  const { REGISTRY } = await import('../../services/registry');
  const openStore = (name: StoreName) => {
    const owner = REGISTRY.storeDefaults[name]?.service ?? '';
    const svc = w.platform.broker.getLocalService(owner) as unknown as { store?(n: string): Store } | undefined;
    return svc?.store?.(name);
  };
  return runAudit(config(), { openStore });
}

import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { ServiceBroker } from 'moleculer';
import type { EnsureAdminResult } from '../services/auth/auth.contract';
import { DEMO_PRODUCTS, DEMO_STOCK } from './demo-catalog';

export interface SeedResult {
  productsCreated: number;
  admin: EnsureAdminResult;
}

/** Seeds the demo catalog and stock on an empty store, and the first admin; safe to run on every start. */
export async function seedDemo(broker: ServiceBroker, admin: { email: string; password?: string }): Promise<SeedResult> {
  let productsCreated = 0;
  if ((await broker.call<number, object>('products.count', {})) === 0) {
    for (const product of DEMO_PRODUCTS) {
      await broker.call('products.create', product, { meta: { user: SYSTEM_PRINCIPAL } });
      productsCreated++;
    }
  }
  // Receipts are idempotent by ref: re-running them every start repairs a seed a crash cut short.
  for (const line of DEMO_STOCK) await broker.call('inventory.receive', { ...line, ref: 'demo-seed' }, { meta: { user: SYSTEM_PRINCIPAL } });
  const result = await broker.call<EnsureAdminResult, object>('auth.ensureAdmin', admin.password ? admin : { email: admin.email });
  return { productsCreated, admin: result };
}

import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { ProductsThis } from './products.methods';

/**
 * Products written before the SKU index existed have no rows in `skus`; the first start after the
 * upgrade adds them (racing nodes simply meet a unique conflict). Later writes keep the index exact.
 */
export async function backfillSkus(svc: ProductsThis): Promise<number> {
  await svc.ensureConnected('catalog');
  if ((await svc.skus().count()) > 0 || (await svc.products().count()) === 0) return 0;
  let added = 0;
  for (const product of await svc.products().find()) {
    for (const { sku } of product.variants) {
      try {
        await svc.skus().insert({ id: sku, productId: product.id });
        added++;
      } catch (err) {
        if (!(err instanceof UniqueConflictError)) throw err;
      }
    }
  }
  if (added) svc.logger.info(`Indexed ${added} SKUs of products written before the SKU index`);
  return added;
}

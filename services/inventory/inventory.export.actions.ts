import type { Context } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import { exportPageParams, scanFromParam } from '../../mixins/store/store.cursor';
import type { ExportPage } from '../search/search.contract';
import type { StockRecord } from './inventory.contract';
import type { InventoryActions, InventoryThis } from './inventory.methods';
import { skuParam } from './inventory.params';

const EXPORT_MAX = 1_000;
const exportParams = {
  ...exportPageParams(EXPORT_MAX),
  skus: { type: 'array', items: skuParam, max: EXPORT_MAX, optional: true },
  $$strict: true,
} as const;

/**
 * What the search index is rebuilt and repaired from: every stock record once, each with its version,
 * paged by the store's native scan (`next` is its opaque cursor: on DynamoDB a page is one Scan
 * segment, not a re-scan of the table). `skus` reads just those SKUs' records (a repair's drifted ids).
 */
export const exportActions: InventoryActions = {
  export: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: exportParams,
    async handler(
      this: InventoryThis,
      ctx: Context<{ after?: string; limit?: number; skus?: string[] }, CallerMeta>,
    ): Promise<ExportPage<StockRecord>> {
      const { after, limit = 500, skus } = ctx.params;
      if (skus) {
        const rows = await this.readStock([...new Set(skus)]);
        return { rows: rows.sort((a, b) => (a.id < b.id ? -1 : 1)), next: null };
      }
      const page = await scanFromParam(this.stock(), 'after', after, limit);
      return { rows: page.docs, next: page.cursor };
    },
  },
};

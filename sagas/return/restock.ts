import type { StepContext } from '../saga.types';
import type { ReceiptPlan, ReturnData } from './return.types';

/**
 * A receipt's units into inventory's ledger: resaleable ones as a `return` movement into the
 * receipt's warehouse, damaged ones as `return` and `write-off` in one unit (never sellable).
 * Each movement's ref names the receipt, the SKU and the condition, so a re-run round moves once.
 */
export async function restockOrWriteOff(ctx: StepContext<ReturnData>, plan: ReceiptPlan): Promise<void> {
  const moves = [
    ...plan.restock.map((l) => ({ ...l, condition: 'resaleable' as const })),
    ...plan.writeOff.map((l) => ({ ...l, condition: 'damaged' as const })),
  ];
  for (const { sku, quantity, condition } of moves)
    await ctx.call('inventory.returnUnits', {
      ref: `${plan.receiptId}:${sku}:${condition}`,
      sku,
      warehouse: plan.warehouse,
      quantity,
      condition,
    });
}

import type { ReturnFieldError, ReturnLine, ReturnReceipt } from '../returns.contract';
import { CONDITIONS } from '../returns.contract';

type SkuQuantity = { sku: string; quantity: number };

export interface ReceiptOutcome {
  lines: ReturnLine[];
  /** Resaleable units: movements of reason `return` into the receipt's warehouse. */
  restock: SkuQuantity[];
  /** Damaged units: movements of reason `write-off`. */
  writeOff: SkuQuantity[];
  /** The units this receipt refunds (resaleable and damaged; a missing unit is not refunded). */
  refund: SkuQuantity[];
}

const add = (list: SkuQuantity[], sku: string, quantity: number) => {
  const at = list.find((x) => x.sku === sku);
  if (at) at.quantity += quantity;
  else list.push({ sku, quantity });
};

/**
 * What a receipt does to a return's lines: each received quantity is within what is still
 * outstanding on its line (asked back − received − missing), several receipt lines of one SKU
 * (some resaleable, some damaged) adding up. Errors name the receipt's fields; with any, nothing
 * is applied. The service stores the new lines with one conditional write on the return's
 * version, so two receipts racing cannot both count the same units.
 */
export function applyReceipt(
  lines: readonly ReturnLine[],
  receipt: ReturnReceipt,
): { errors: ReturnFieldError[]; outcome?: ReceiptOutcome } {
  const errors: ReturnFieldError[] = [];
  const next = lines.map((l) => ({ ...l }));
  const outcome: ReceiptOutcome = { lines: next, restock: [], writeOff: [], refund: [] };
  if (receipt.lines.length === 0) errors.push({ field: 'lines', code: 'REQUIRED', message: 'A receipt needs at least one line' });
  receipt.lines.forEach((r, i) => {
    const at = `lines[${i}]`;
    const line = next.find((l) => l.sku === r.sku);
    if (!line) return errors.push({ field: `${at}.sku`, code: 'UNKNOWN_LINE', message: `The return has no line ${r.sku}` });
    if (!CONDITIONS.includes(r.condition))
      return errors.push({
        field: `${at}.condition`,
        code: 'INVALID_CONDITION',
        message: `The condition must be one of: ${CONDITIONS.join(', ')}`,
      });
    const outstanding = line.quantity - line.received - line.missing;
    if (!Number.isSafeInteger(r.quantity) || r.quantity < 1 || r.quantity > outstanding)
      return errors.push({
        field: `${at}.quantity`,
        code: 'QUANTITY_EXCEEDS_OUTSTANDING',
        message: `Between 1 and ${outstanding} of ${r.sku} can still be received`,
        data: { outstanding },
      });
    if (r.condition === 'missing') line.missing += r.quantity;
    else {
      line.received += r.quantity;
      add(outcome.refund, r.sku, r.quantity);
      if (r.condition === 'resaleable') {
        line.restocked += r.quantity;
        add(outcome.restock, r.sku, r.quantity);
      } else {
        line.writtenOff += r.quantity;
        add(outcome.writeOff, r.sku, r.quantity);
      }
    }
  });
  if (outcome.restock.length > 0 && !receipt.warehouse?.trim())
    errors.push({ field: 'warehouse', code: 'REQUIRED', message: 'Resaleable units go back into a named warehouse' });
  return errors.length > 0 ? { errors } : { errors, outcome };
}

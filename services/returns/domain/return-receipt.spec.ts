import type { ReturnLine } from '../returns.contract';
import { applyReceipt } from './return-receipt';
import { receiptStatus } from './return-status';

const line = (sku: string, quantity: number, over: Partial<ReturnLine> = {}): ReturnLine => ({
  sku,
  quantity,
  reason: 'changed-mind',
  received: 0,
  restocked: 0,
  writtenOff: 0,
  missing: 0,
  refunded: 0,
  ...over,
});

describe('applyReceipt', () => {
  it('resaleable back to stock, damaged written off, both refunded; missing neither', () => {
    const { errors, outcome } = applyReceipt([line('A', 3), line('B', 1)], {
      warehouse: 'east',
      lines: [
        { sku: 'A', quantity: 1, condition: 'resaleable' },
        { sku: 'A', quantity: 1, condition: 'damaged' },
        { sku: 'B', quantity: 1, condition: 'missing' },
      ],
    });
    expect(errors).toEqual([]);
    expect(outcome).toMatchObject({
      restock: [{ sku: 'A', quantity: 1 }],
      writeOff: [{ sku: 'A', quantity: 1 }],
      refund: [{ sku: 'A', quantity: 2 }],
    });
    expect(outcome!.lines[0]).toMatchObject({ received: 2, restocked: 1, writtenOff: 1, missing: 0 });
    expect(outcome!.lines[1]).toMatchObject({ received: 0, missing: 1 });
    expect(receiptStatus(outcome!.lines)).toBe('partially_received');
  });

  it('a partial receipt leaves the rest open; the second one completes it', () => {
    const first = applyReceipt([line('A', 2)], {
      warehouse: 'east',
      lines: [{ sku: 'A', quantity: 1, condition: 'resaleable' }],
    });
    const second = applyReceipt(first.outcome!.lines, {
      warehouse: 'east',
      lines: [{ sku: 'A', quantity: 1, condition: 'damaged' }],
    });
    expect(receiptStatus(second.outcome!.lines)).toBe('received');
  });

  it('names the wrong fields and applies nothing', () => {
    const lines = [line('A', 2, { received: 1 })];
    const r = applyReceipt(lines, {
      warehouse: ' ',
      lines: [
        { sku: 'A', quantity: 2, condition: 'resaleable' },
        { sku: 'Z', quantity: 1, condition: 'resaleable' },
        { sku: 'A', quantity: 1, condition: 'soggy' as never },
        { sku: 'A', quantity: 1, condition: 'resaleable' },
      ],
    });
    expect(r.outcome).toBeUndefined();
    expect(r.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'lines[0].quantity:QUANTITY_EXCEEDS_OUTSTANDING',
      'lines[1].sku:UNKNOWN_LINE',
      'lines[2].condition:INVALID_CONDITION',
      'warehouse:REQUIRED',
    ]);
    expect(lines[0].received).toBe(1);
    expect(applyReceipt(lines, { warehouse: 'east', lines: [] }).errors[0].field).toBe('lines');
  });
});

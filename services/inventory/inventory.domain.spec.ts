import { levelsOf, newStock, receiptMovement, receiptMovementId, replayLedger, stockId } from './inventory.domain';

describe('inventory domain', () => {
  const p = { sku: 'SKU-1', warehouse: 'east', quantity: 5, ref: 'po-1' };

  it('derives a receipt id from its reference so a retry collides', () => {
    expect(receiptMovementId(p)).toBe(receiptMovementId({ ...p, quantity: 9 }));
    expect(receiptMovementId(p)).not.toBe(receiptMovementId({ ...p, ref: 'po-2' }));
  });

  it('sums availability over warehouses', () => {
    const rows = [{ ...newStock(p, 1), reserved: 2 }, { ...newStock({ ...p, warehouse: 'west', quantity: 3 }, 1) }];
    expect(levelsOf('SKU-1', rows)).toEqual({
      sku: 'SKU-1',
      available: 6,
      warehouses: [
        { warehouse: 'east', onHand: 5, reserved: 2, available: 3 },
        { warehouse: 'west', onHand: 3, reserved: 0, available: 3 },
      ],
    });
  });

  it('replays the ledger into stock figures', () => {
    const ledger = [
      receiptMovement(p, 1),
      receiptMovement({ ...p, ref: 'po-2', quantity: 2 }, 2),
      { ...receiptMovement(p, 3), reservedDelta: 4, onHandDelta: 0 },
    ];
    expect(replayLedger(ledger).get(stockId('SKU-1', 'east'))).toEqual({ onHand: 7, reserved: 4 });
  });
});

import { GENERATION } from './search.index';
import { generationName, orphanGenerations, startReason, stockChangedOf, switchNow } from './search.rebuild.domain';

describe('search rebuild decisions', () => {
  it('names generations the index accepts, in creation order', () => {
    const a = generationName(1_700_000_000_000, 'AB12-cd');
    const b = generationName(1_700_000_000_001, 'ff');
    expect(a).toMatch(GENERATION);
    expect(a < b).toBe(true);
  });

  it('rebuilds at start only when the live generation has another schema version', () => {
    expect(startReason({ schema: 1 }, 1)).toBeNull();
    expect(startReason(null, 1)).toBeNull();
    expect(startReason({ schema: 1 }, 2)).toBe('schema 1 → 2');
  });

  it('drops generations that are neither live nor being built', () => {
    expect(orphanGenerations(['g1', 'g2', 'g3'], 'g2', 'g3')).toEqual(['g1']);
  });

  it('switches once a catch-up pass re-read little, or after the last pass', () => {
    expect(switchNow(3, 1)).toBe(true);
    expect(switchNow(500, 1)).toBe(false);
    expect(switchNow(500, 3)).toBe(true);
  });

  it('reads a stock record as the stock-changed event the projection applies', () => {
    const record = {
      id: 'S#w',
      sku: 'S',
      warehouse: 'w',
      onHand: 7,
      reserved: 2,
      reorderPoint: 0,
      priority: 0,
      updatedAt: 0,
      version: 4,
    };
    expect(stockChangedOf(record)).toEqual({ sku: 'S', warehouse: 'w', onHand: 7, reserved: 2, available: 5, version: 4 });
  });
});

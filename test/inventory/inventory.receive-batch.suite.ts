import { onEngine, type ServiceEngine } from '../support/service-engines';
import { expectLedgerMatchesStock, levelsOf, startWorld, uniqueSku, type World } from './inventory.fixtures';

/**
 * `inventory.receiveBatch`: many receipt lines under one ref, written a few dozen lines per unit.
 * Receipts count once per (ref, SKU, warehouse) however many copies of the batch run at once, and
 * a batch meeting stock that already exists adds to it line by line.
 */
export function receiveBatchSuite(engine: ServiceEngine) {
  describe(`inventory.receiveBatch (${engine.label})`, () => {
    let w: World;
    const { it_ } = onEngine(engine, async (env) => {
      // Racing copies fall back to line-by-line receipts; on DynamoDB Local beside other suites that
      // can outlast the default 10 s call timeout, which only bounds a failure here.
      w = await startWorld({ ...env, REQUEST_TIMEOUT_MS: '30000' });
      return w;
    });
    const batch = (ref: string, lines: { sku: string; warehouse: string; quantity: number }[]) =>
      w.system<{ lines: number }>('receiveBatch', { ref, lines });

    it_('counts each line once when the same batch runs several times at once', async () => {
      const skus = Array.from({ length: 30 }, (_, i) => uniqueSku(`BATCH${i}`));
      // 60 lines: more than two units' worth, so copies race on every unit.
      const lines = skus.flatMap((sku, i) => [
        { sku, warehouse: 'east', quantity: i + 1 },
        { sku, warehouse: 'west', quantity: 2 },
      ]);
      const answers = await Promise.all(Array.from({ length: 4 }, () => batch('parallel-receipt', lines)));
      expect(answers).toEqual(Array.from({ length: 4 }, () => ({ lines: 60 })));
      const levels = await Promise.all(skus.map((sku) => levelsOf(w, sku)));
      expect(levels.map((l) => l.available)).toEqual(skus.map((_, i) => i + 1 + 2));
      await expectLedgerMatchesStock(w);
    });

    it_('adds to stock that exists, and a repeat of the batch adds nothing', async () => {
      const sku = uniqueSku('BATCHX');
      await w.system('receive', { sku, warehouse: 'east', quantity: 5, ref: 'before' });
      const lines = [
        { sku, warehouse: 'east', quantity: 3 },
        { sku, warehouse: 'west', quantity: 4 },
      ];
      await batch('after', lines);
      await batch('after', lines);
      expect((await levelsOf(w, sku)).warehouses.map((x) => [x.warehouse, x.onHand])).toEqual([
        ['east', 8],
        ['west', 4],
      ]);
    });

    it_('refuses a bad line naming it, and writes nothing', async () => {
      const sku = uniqueSku('BATCHBAD');
      await expect(batch('bad', [{ sku, warehouse: 'east', quantity: 0 }])).rejects.toMatchObject({ code: 422 });
      expect((await levelsOf(w, sku)).warehouses).toEqual([]);
    });
  });
}

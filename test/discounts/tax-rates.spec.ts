import type { Store } from '../../mixins/store/store.types';
import { taxSchema } from '../../services/discounts/discounts.schema';
import { TaxAdmin } from '../../services/discounts/discounts.tax';
import { requireOrSkip, type EngineHarness } from '../support/engine-harness';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';

/**
 * `PUT /api/admin/tax/rates` is idempotent: a client that retries while its first PUT is still in
 * flight must get the same answer, not a conflict, and the set the settings point at keeps its rows.
 */
function taxSuite(harness: EngineHarness): void {
  describe(`tax rates on ${harness.label}`, () => {
    let ready = false;
    let store: Store;
    beforeAll(async () => {
      ready = requireOrSkip(await harness.setup(), harness.label);
      if (ready) store = await harness.createStore('tax', taxSchema);
    }, 120_000);
    afterAll(async () => {
      if (ready) await store.disconnect();
      await harness.teardown();
    }, 60_000);

    it('the same PUT sent 8 times at once succeeds every time and leaves one readable set', async () => {
      if (!ready) return;
      const rates = Array.from({ length: 250 }, (_, i) => ({
        country: 'US',
        region: `R${i}`,
        taxClass: 'standard' as const,
        rateBps: 100 + i,
      }));
      // Each call on its own node: no shared cache hides what the store holds.
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => new TaxAdmin(store).putRates(rates)));
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.type)).toEqual([]);
      expect((await new TaxAdmin(store).rates()).rates).toHaveLength(250);
    }, 120_000);
  });
}

for (const harness of [postgresServerHarness(), pgliteHarness()]) taxSuite(harness);

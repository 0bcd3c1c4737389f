import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { ReturnedUnits, ReturnUnitsParams } from '../../services/inventory/inventory.contract';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import {
  byWarehouse,
  expectLedgerMatchesStock,
  levelsOf,
  movementsFor,
  receive,
  rejection,
  reserve,
  startWorld,
  uniqueOrder,
  uniqueSku,
  type World,
} from './inventory.fixtures';

/**
 * `inventory.returnUnits` (the return saga's receipt step): resaleable units back on hand with a
 * `return` movement, damaged ones returned and written off in one unit, once per ref however many
 * copies of the call run at once, and every stock row still equal to its ledger.
 */
export function returnUnitsSuite(engine: ServiceEngine) {
  describe(`inventory.returnUnits (${engine.label})`, () => {
    let w: World;
    const { it_, ready } = onEngine(engine, async (env) => {
      w = await startWorld(env);
      return w;
    });
    afterEach(async () => {
      if (ready()) await expectLedgerMatchesStock(w);
    });
    const returnUnits = (p: ReturnUnitsParams) => w.system<ReturnedUnits>('returnUnits', p);
    const onHand = async (sku: string, warehouse: string) => byWarehouse(await levelsOf(w, sku))[warehouse]?.onHand;

    it_(
      '20 concurrent calls with one ref put the units back once and all answer the same',
      async () => {
        const sku = uniqueSku('RET');
        await receive(w, sku, 'east', 5);
        const ref = `rcpt-${uniqueOrder()}:${sku}`;
        const p: ReturnUnitsParams = { ref, sku, warehouse: 'east', quantity: 2, condition: 'resaleable' };
        const answers = await Promise.all(Array.from({ length: 20 }, () => returnUnits(p)));
        expect(answers).toEqual(Array.from({ length: 20 }, () => ({ ...p, restocked: 2, writtenOff: 0 })));
        expect(await onHand(sku, 'east')).toBe(7);
        expect((await movementsFor(w, ref)).map((m) => [m.reason, m.onHandDelta])).toEqual([['return', 2]]);
        // Later, with other figures: the first answer, nothing changed.
        expect(await returnUnits({ ...p, quantity: 9, condition: 'damaged' })).toEqual(answers[0]);
        expect(await onHand(sku, 'east')).toBe(7);
      },
      60_000,
    );

    it_(
      '20 concurrent damaged returns of one ref: on hand unchanged, one return and one write-off',
      async () => {
        const sku = uniqueSku('DMG');
        await receive(w, sku, 'east', 1);
        const ref = `rcpt-${uniqueOrder()}:${sku}`;
        const p: ReturnUnitsParams = { ref, sku, warehouse: 'east', quantity: 3, condition: 'damaged' };
        const answers = await Promise.all(Array.from({ length: 20 }, () => returnUnits(p)));
        expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
          new Set([JSON.stringify({ ...p, restocked: 0, writtenOff: 3 })]),
        );
        expect(byWarehouse(await levelsOf(w, sku)).east).toMatchObject({ onHand: 1, available: 1 });
        const ledger = await movementsFor(w, ref);
        expect(ledger.map((m) => [m.reason, m.onHandDelta]).sort()).toEqual([
          ['return', 3],
          ['write-off', -3],
        ]);
        // Never sellable: only the unit that was there before can be reserved.
        expect((await rejection(reserve(w, uniqueOrder(), [{ sku, quantity: 2 }]))).type).toBe('INSUFFICIENT_STOCK');
      },
      60_000,
    );

    it_('makes the stock row in a known warehouse; refuses, naming warehouse, one that holds no stock', async () => {
      const sku = uniqueSku('NEWROW');
      await receive(w, uniqueSku('OTHER'), 'west', 1);
      const back = await returnUnits({ ref: `r-${sku}`, sku, warehouse: 'west', quantity: 1, condition: 'resaleable' });
      expect(back.restocked).toBe(1);
      expect(await onHand(sku, 'west')).toBe(1);
      const damaged = uniqueSku('NEWDMG');
      await returnUnits({ ref: `r-${damaged}`, sku: damaged, warehouse: 'west', quantity: 2, condition: 'damaged' });
      expect(byWarehouse(await levelsOf(w, damaged)).west).toMatchObject({ onHand: 0, reserved: 0 });
      const err = await rejection(
        returnUnits({ ref: `r2-${sku}`, sku, warehouse: 'nowhere-x', quantity: 1, condition: 'resaleable' }),
      );
      expect({ code: err.code, field: (err.data as { field: string }[])[0].field }).toEqual({ code: 422, field: 'warehouse' });
      expect(await movementsFor(w, `r2-${sku}`)).toEqual([]);
      const bad = await rejection(returnUnits({ ref: 'x', sku, warehouse: 'west', quantity: 1, condition: 'missing' } as never));
      expect(bad.code).toBe(422);
    });

    it_('writes the stock-changed outbox row in the same unit', async () => {
      const sku = uniqueSku('RETEVT');
      await receive(w, sku, 'east', 1);
      const rows = async () =>
        (await w.store.collection<OutboxRow>('outbox').find({ filter: { event: 'inventory.stock-changed' } })).filter((r) =>
          (r.payload.data as { records: { sku: string }[] }).records.some((x) => x.sku === sku),
        );
      const before = (await rows()).length;
      await returnUnits({ ref: `e-${sku}`, sku, warehouse: 'east', quantity: 1, condition: 'resaleable' });
      await returnUnits({ ref: `e-${sku}`, sku, warehouse: 'east', quantity: 1, condition: 'resaleable' });
      expect((await rows()).length).toBe(before + 1);
    });
  });
}

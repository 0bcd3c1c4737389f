import { randomBytes } from 'node:crypto';
import type { Errors } from 'moleculer';
import { generateCodes } from '../../services/discounts/discounts.codes';
import { PromotionAdmin } from '../../services/discounts/discounts.promotions';
import { discountsSchema } from '../../services/discounts/discounts.schema';
import { PromotionUsage } from '../../services/discounts/discounts.usage';
import type { CodeDoc, CounterDoc, UsageDoc } from '../../services/discounts/discounts.usage.ops';
import type { Store } from '../../mixins/store/store.types';
import { requireOrSkip, type EngineHarness } from '../support/engine-harness';
import { dynamoHarness } from '../support/harness.dynamodb';
import { mongoHarness } from '../support/harness.mongo';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';

/**
 * Promotion usage limits hold under concurrency on every engine the discounts store can run on:
 * each limit is one conditional `$inc` in the same atomic unit as the usage row, so parallel
 * reservations can never take more than the limit, and a release gives exactly one use back.
 */
const uid = () => randomBytes(5).toString('hex');
const HOUR = 3_600_000;

function usageSuite(harness: EngineHarness): void {
  describe(`promotion usage limits on ${harness.label}`, () => {
    let ready = false;
    let store: Store;
    let admin: PromotionAdmin;
    let usage: PromotionUsage;
    beforeAll(async () => {
      ready = requireOrSkip(await harness.setup(), harness.label);
      if (!ready) return;
      store = await harness.createStore('discounts', discountsSchema);
      admin = new PromotionAdmin(store);
      usage = new PromotionUsage(store);
    }, 120_000);
    afterAll(async () => {
      if (ready) await store.disconnect();
      await harness.teardown();
    }, 60_000);
    const it_ = (name: string, fn: () => Promise<void>) => it(name, async () => (ready ? fn() : undefined), 120_000);

    const promotion = (limits?: { total?: number; perCustomer?: number }, releaseOnCancel = true) =>
      admin.create({
        name: `P ${uid()}`,
        status: 'active',
        actions: [{ type: 'percentage', percent: 10 }],
        limits,
        releaseOnCancel,
      });
    const reserve = (promotionId: string, userId: string, code?: string, expiresAt = Date.now() + HOUR) =>
      usage.reserve({
        orderId: `o-${uid()}`,
        userId,
        currency: 'EUR',
        promotions: [{ promotionId, version: 1, amount: 250, ...(code ? { code } : {}) }],
        expiresAt,
      });
    const settled = async (calls: Promise<unknown>[]) => {
      const results = await Promise.allSettled(calls);
      const refusals = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as Errors.MoleculerError).type);
      return { won: results.length - refusals.length, refusals: [...new Set(refusals)] };
    };
    const taken = async (id: string) => (await store.collection<CounterDoc>('usage_counters').get(`total:${id}`))!.taken;
    const rowsOf = (promotionId: string, status: string) =>
      store.collection<UsageDoc>('promotion_usage').find({ filter: { promotionId, status } });

    it_('200 parallel reservations by 150 customers (50 of them twice) take exactly 50 uses, one per customer', async () => {
      const { id } = await promotion({ total: 50, perCustomer: 1 });
      const customers = Array.from({ length: 150 }, (_, i) => `c${i}-${uid()}`);
      const attempts = [...customers, ...customers.slice(0, 50)].sort(() => Math.random() - 0.5);
      const outcome = await settled(attempts.map((c) => reserve(id, c)));
      expect(outcome).toEqual({ won: 50, refusals: ['PROMOTION_LIMIT_REACHED'] });
      const reserved = await rowsOf(id, 'reserved');
      expect(reserved).toHaveLength(50);
      expect(new Set(reserved.map((r) => r.userId)).size).toBe(50);
      expect(await taken(id)).toBe(50);

      // Ten checkouts fail: exactly ten uses come back, and ten new customers (of 30 racing) get them.
      await Promise.all(reserved.slice(0, 10).map((r) => usage.release(r.orderId, 'checkout-failed')));
      await Promise.all(reserved.slice(0, 10).map((r) => usage.release(r.orderId, 'checkout-failed')));
      expect(await taken(id)).toBe(40);
      const late = await settled(Array.from({ length: 30 }, () => reserve(id, `late-${uid()}`)));
      expect(late).toEqual({ won: 10, refusals: ['PROMOTION_LIMIT_REACHED'] });
      expect(await taken(id)).toBe(50);
      expect(await rowsOf(id, 'reserved')).toHaveLength(50);
      expect(await rowsOf(id, 'released')).toHaveLength(10);
    });

    it_('a PATCH lowering the total limit while reservations race never leaves more uses than the limit', async () => {
      const { id } = await promotion({ total: 1000 });
      for (let round = 0; round < 3; round++) {
        const racing = settled(Array.from({ length: 40 }, () => reserve(id, `r${round}-${uid()}`)));
        const lowered = admin.patch(id, { limits: { total: 5 + (await taken(id)) } }).then(
          (p) => p.limits!.total!,
          (e: Errors.MoleculerError) => e.type,
        );
        await racing;
        const limit = await lowered;
        const now = (await admin.get(id)).limits!.total!;
        // Refused (uses already past it) or applied: either way the uses held never pass the stored limit.
        expect(typeof limit === 'number' ? limit : 'LIMIT_BELOW_USES').toBe(typeof limit === 'number' ? now : limit);
        expect(await taken(id)).toBeLessThanOrEqual(now);
        await admin.patch(id, { limits: { total: 1000 } });
      }
    });

    it_('a single-use code is used once under 20 parallel reservations, and usable again once released', async () => {
      const { id } = await promotion();
      const [code] = await generateCodes(store.collection<CodeDoc>('promotion_codes'), id, 1, 'ONE');
      const outcome = await settled(Array.from({ length: 20 }, (_, i) => reserve(id, `u${i}-${uid()}`, code.toLowerCase())));
      expect(outcome).toEqual({ won: 1, refusals: ['PROMOTION_LIMIT_REACHED'] });
      expect((await store.collection<CodeDoc>('promotion_codes').get(code))!.uses).toBe(1);
      const [row] = await rowsOf(id, 'reserved');
      expect(row).toMatchObject({ code, batchCode: true });
      await usage.release(row.orderId, 'checkout-failed');
      expect((await store.collection<CodeDoc>('promotion_codes').get(code))!.uses).toBe(0);
      expect(await settled([reserve(id, 'someone-else', code), reserve(id, 'another', code)])).toMatchObject({ won: 1 });
    });

    it_('reserve is idempotent per order, all or nothing over promotions, and commit and release follow the row', async () => {
      const open = await promotion();
      const full = await promotion({ total: 1 });
      await reserve(full.id, 'first');
      const orderId = `o-${uid()}`;
      const both = { orderId, userId: 'buyer', currency: 'EUR', expiresAt: Date.now() + HOUR };
      const all = [
        { promotionId: open.id, version: 1, amount: 100 },
        { promotionId: full.id, version: 1, amount: 50 },
      ];
      await expect(usage.reserve({ ...both, promotions: all })).rejects.toMatchObject({
        type: 'PROMOTION_LIMIT_REACHED',
        data: { promotionId: full.id, limit: 'total' },
      });
      expect(await taken(open.id)).toBe(0);
      await expect(usage.reserve({ ...both, promotions: [all[0], all[0]] })).rejects.toMatchObject({ code: 422 });
      const once = await usage.reserve({ ...both, promotions: [all[0]] });
      expect(await usage.reserve({ ...both, promotions: [all[0]] })).toEqual(once);
      expect(await taken(open.id)).toBe(1);

      expect((await usage.commit(orderId)).map((r) => r.status)).toEqual(['used']);
      expect((await usage.commit(orderId)).map((r) => r.status)).toEqual(['used']);
      // The commit landed but the saga compensated (its answer was lost): the order never completed, so the use goes back.
      expect((await usage.release(orderId, 'checkout-failed')).map((r) => r.status)).toEqual(['released']);
      expect((await usage.release(orderId, 'cancelled')).map((r) => r.status)).toEqual(['released']);
      expect(await taken(open.id)).toBe(0);
      const events = await store
        .collection('outbox')
        .find({ filter: { event: { $in: ['promotion.applied', 'promotion.usage-released'] } } });
      const mine = events.filter((e) => (e.payload as { data: { orderId: string } }).data.orderId === orderId);
      expect(mine.map((e) => e.event).sort()).toEqual(['promotion.applied', 'promotion.usage-released']);

      // A completed order's cancel gives the use back when the promotion says so.
      const cancelled = (await reserve(open.id, 'canceller'))[0].orderId;
      await usage.commit(cancelled);
      expect((await usage.release(cancelled, 'cancelled')).map((r) => r.status)).toEqual(['released']);
      expect(await taken(open.id)).toBe(0);

      // A promotion that keeps its use on cancel.
      const keep = await promotion({ total: 5 }, false);
      const kept = (await reserve(keep.id, 'keeper'))[0].orderId;
      await usage.commit(kept);
      expect((await usage.release(kept, 'cancelled')).map((r) => r.status)).toEqual(['used']);
      expect(await taken(keep.id)).toBe(1);
    });

    it_('the sweep releases lapsed reservations once; a commit after that takes the use again only under the limit', async () => {
      const { id } = await promotion({ total: 1 });
      const lapsed = (await reserve(id, 'slow', undefined, Date.now() - 1))[0].orderId;
      const [a, b] = await Promise.all([usage.expireDue(), usage.expireDue()]);
      expect(a + b).toBe(1);
      expect((await rowsOf(id, 'released'))[0]).toMatchObject({ orderId: lapsed, releaseReason: 'expired' });
      expect(await taken(id)).toBe(0);
      expect((await usage.commit(lapsed)).map((r) => r.status)).toEqual(['used']);
      expect(await taken(id)).toBe(1);

      const other = (await reserve(id, 'other', undefined, Date.now() - 1).catch((e: Errors.MoleculerError) => e.type)) as string;
      expect(other).toBe('PROMOTION_LIMIT_REACHED');
      await usage.release(lapsed, 'cancelled');
      const second = (await reserve(id, 'second', undefined, Date.now() - 1))[0].orderId;
      await usage.expireDue();
      await reserve(id, 'third');
      await expect(usage.commit(second)).rejects.toMatchObject({ type: 'PROMOTION_LIMIT_REACHED' });
      expect(await taken(id)).toBe(1);
    });
  });
}

for (const harness of [postgresServerHarness(), pgliteHarness(), dynamoHarness(), mongoHarness()]) usageSuite(harness);

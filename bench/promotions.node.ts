/**
 * The promotion pricing scenario's node (a child process): the discounts service on the PostgreSQL
 * server. Times `discounts.price` for one cart with no promotions in the store, then again after
 * 1,000 active automatic promotions (on other SKUs, products, categories, groups, and a few that
 * apply to every cart) and a campaign of 10,000 single-use codes, without a code and with one.
 * Reports the timings, and stops when its stdin closes, dropping the databases it made.
 */
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { PriceAnswer, PriceRequest } from '../services/discounts/discounts.contract';
import { startPlatform } from '../test/support/platform';
import { report, runChild } from './children';
import { timed } from './latency';

const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A three-line cart of a returning customer with an address (so tax is estimated too). */
const CART: PriceRequest = {
  currency: 'EUR',
  lines: [
    { sku: 'TEE-M', productId: 'p-tee', categoryPath: ['apparel', 'tees'], quantity: 2, unitPrice: 2_500 },
    { sku: 'MUG-1', productId: 'p-mug', categoryPath: ['home', 'kitchen'], quantity: 1, unitPrice: 1_200 },
    { sku: 'CAP-1', productId: 'p-cap', categoryPath: ['apparel', 'hats'], quantity: 3, unitPrice: 1_800 },
  ],
  codes: [],
  customer: { id: 'bench-customer', roles: ['customer'], groups: ['regulars'], firstOrder: false },
  address: { country: 'DE' },
};

/** Promotion i of 1,000: mostly conditions this cart does not meet; one in 100 applies to it. */
function promotion(i: number): Record<string, unknown> {
  const off = [{ type: 'percentage', percent: 5 }];
  const base = { name: `Bench ${i}`, status: 'active', actions: off, stackingGroup: `g${i % 20}`, priority: i % 7 };
  const kinds = [
    { conditions: [{ type: 'containsSkus', skus: [`SKU-${i}`, `SKU-${i + 1}`] }] },
    { conditions: [{ type: 'containsProducts', productIds: [`prod-${i}`] }] },
    { conditions: [{ type: 'inCategory', categoryIds: [`cat-${i}`] }] },
    { conditions: [{ type: 'customerGroup', groups: [`group-${i}`] }] },
    { conditions: [{ type: 'subtotalAtLeast', amounts: [eur(1_000_000 + i)] }] },
  ];
  if (i % 100 === 0) return { ...base, conditions: [{ type: 'inCategory', categoryIds: ['apparel'] }], target: 'lines' };
  return { ...base, ...kinds[i % kinds.length] };
}

async function main(): Promise<{ stop(): Promise<unknown> }> {
  const [n, warmup] = process.argv.slice(2).map(Number);
  const platform = await startPlatform(['discounts'], { LOG_LEVEL: 'warn', STORE_DISCOUNTS: 'postgres', STORE_TAX: 'postgres' });
  report({ prefix: process.env.STORE_PREFIX });
  const call = <T>(action: string, params: object) => platform.broker.call<T, object>(action, params, asSystem);
  await call('discounts.putTaxRates', { rates: [{ country: 'DE', taxClass: 'standard', rateBps: 1_900 }] });
  const price = (codes: string[]) => () => call<PriceAnswer>('discounts.price', { ...CART, codes });
  const none = await timed(price([]), n, warmup);

  const t0 = Date.now();
  for (let i = 0; i < 1_000; i += 25)
    await Promise.all(Array.from({ length: 25 }, (_, k) => call('discounts.createPromotion', promotion(i + k))));
  const campaign = await call<{ id: string }>('discounts.createPromotion', {
    name: 'Bench campaign',
    status: 'active',
    actions: [{ type: 'fixed', amounts: [eur(500)] }],
    limits: { perCustomer: 1 },
  });
  const codes = await call<{ codes?: string[] }>('discounts.addPromotionCodes', { id: campaign.id, count: 10_000 });
  const seededMs = Date.now() - t0;
  const code = codes.codes?.[0];
  const applied = (await price([])()).applied.length;
  const many = await timed(price([]), n, warmup);
  const withCode = code ? await timed(price([code]), n, warmup) : null;
  const codeApplied = code ? (await price([code])()).applied.some((p) => p.promotionId === campaign.id) : false;
  report({ none, many, withCode, applied, codeApplied, seededMs, rssMiB: Math.round(process.memoryUsage().rss / 1048576) });
  return platform;
}

runChild(main);

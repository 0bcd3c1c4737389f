/**
 * The shipping quote scenario's node (a child process): the shipping service on the PostgreSQL
 * server with 500 zones (countries, regions, postcode prefixes, ranges, patterns and exclusions,
 * a dozen of them over the cart's address at every level of specificity) and 50 methods (every
 * kind of rate card, five on the zone the cart matches, one of them excluded by its own
 * conditions). Times `shipping.quote` for a 30-line cart, reports, and stops when its stdin closes.
 */
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { QuoteAnswer, QuoteRequest } from '../services/shipping/shipping.contract';
import { startPlatform } from '../test/support/platform';
import { report, runChild } from './children';
import { timed } from './latency';

const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const ZONES = 500;
const METHODS = 50;

const CART: QuoteRequest = {
  cartId: 'bench-cart',
  currency: 'EUR',
  lines: Array.from({ length: 30 }, (_, i) => ({
    sku: `BENCH-${i}`,
    quantity: 1 + (i % 3),
    weightG: 150 + ((i * 137) % 1_800),
    dimensionsMm: { l: 100 + i, w: 80, h: 40 },
  })),
  goodsValue: 184_500,
  address: { country: 'DE', region: 'BY', postalCode: '80331' },
};

const COUNTRIES = [
  'FR',
  'IT',
  'ES',
  'NL',
  'BE',
  'AT',
  'PL',
  'SE',
  'DK',
  'FI',
  'PT',
  'IE',
  'CZ',
  'HU',
  'RO',
  'GR',
  'CA',
  'AU',
  'JP',
];

/** Zone i of 500: the first dozen cover the cart's address (DE, BY, 80331) from loose to exact; the rest elsewhere. */
function zone(i: number): Record<string, unknown> {
  const name = `Bench zone ${i}`;
  const prefix = (value: string) => ({ type: 'prefix', value });
  const cover = [
    { countries: ['DE'] },
    { countries: ['DE', 'AT', 'CH'] },
    { countries: ['DE'], regions: ['BY'] },
    { countries: ['DE'], regions: ['BY', 'BW'] },
    { countries: ['DE'], postcodes: { include: [prefix('8')] } },
    { countries: ['DE'], postcodes: { include: [prefix('80')], exclude: [prefix('809')] } },
    { countries: ['DE'], postcodes: { include: [{ type: 'range', from: '80000', to: '80999' }] } },
    { countries: ['DE'], postcodes: { include: [{ type: 'pattern', value: '803??' }] } },
    { countries: ['DE'], regions: ['BY', 'BW'], postcodes: { include: [prefix('803')] } },
    { countries: ['DE'], regions: ['BY', 'BW'], postcodes: { include: [prefix('8033')], exclude: [prefix('80339')] } },
    { countries: ['DE', 'AT'], regions: ['BY'], postcodes: { include: [prefix('80331')] } },
    // The one most specific: postcode and region, one country, one region.
    { countries: ['DE'], regions: ['BY'], postcodes: { include: [prefix('80331')] } },
  ];
  if (i < cover.length) return { name, ...cover[i] };
  const k = i - cover.length;
  const kinds = [
    { countries: [COUNTRIES[k % COUNTRIES.length]] },
    { countries: ['US'], regions: [`R${k % 50}`] },
    { countries: ['US'], postcodes: { include: [prefix(String(10 + (k % 89)))], exclude: [prefix(`${10 + (k % 89)}9`)] } },
    { countries: ['GB'], postcodes: { include: [prefix(`SW${1 + (k % 20)}`)] } },
    {
      countries: ['DE'],
      postcodes: { include: [{ type: 'range', from: String(10_000 + k * 100), to: String(10_099 + k * 100) }] },
    },
  ];
  return { name, ...kinds[k % kinds.length] };
}

/** Method i of 50: 0–4 on the zone the cart matches (the 12th), one of those excluded by its own weight limit. */
function method(i: number, zoneIds: string[]): Record<string, unknown> {
  const bands = (step: number) =>
    Array.from({ length: 10 }, (_, b) => ({
      from: b * step,
      ...(b < 9 ? { to: (b + 1) * step } : {}),
      amount: eur(300 + b * 150),
    }));
  const cards = [
    { type: 'flat', amount: eur(490) },
    { type: 'weight', bands: bands(5_000), perExtraParcel: eur(250), conditions: { maxParcelWeightG: 20_000 } },
    { type: 'value', bands: bands(25_000) },
    { type: 'free_over', amount: eur(990), threshold: eur(100_000) },
    { type: 'flat', amount: eur(1_990), conditions: { maxWeightG: 1_000 } },
  ];
  const zoneId = i < 5 ? zoneIds[11] : zoneIds[(i * 7) % zoneIds.length];
  return { zoneId, name: `Bench method ${i}`, serviceLevel: i % 2 ? 'express' : 'standard', rateCard: cards[i % cards.length] };
}

async function main(): Promise<{ stop(): Promise<unknown> }> {
  const [n, warmup] = process.argv.slice(2).map(Number);
  const platform = await startPlatform(['shipping'], {
    LOG_LEVEL: 'warn',
    STORE_SHIPPING: 'postgres',
    STORE_SHIPMENTS: 'postgres',
  });
  report({ prefix: process.env.STORE_PREFIX });
  const call = <T>(action: string, params: object) => platform.broker.call<T, object>(action, params, asSystem);
  const t0 = Date.now();
  const zoneIds: string[] = [];
  for (let i = 0; i < ZONES; i += 25)
    zoneIds.push(
      ...(await Promise.all(Array.from({ length: 25 }, (_, k) => call<{ id: string }>('shipping.createZone', zone(i + k))))).map(
        (z) => z.id,
      ),
    );
  for (let i = 0; i < METHODS; i++) await call('shipping.createMethod', method(i, zoneIds));
  const seededMs = Date.now() - t0;
  const quote = () => call<QuoteAnswer>('shipping.quote', CART);
  const answer = await quote();
  const result = await timed(quote, n, warmup);
  report({
    quote: result,
    zoneMatched: answer.zoneId === zoneIds[11],
    options: answer.options.map((o) => `${o.name} ${o.price.amount}`),
    seededMs,
    rssMiB: Math.round(process.memoryUsage().rss / 1048576),
  });
  return platform;
}

runChild(main);

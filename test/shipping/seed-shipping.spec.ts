import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { DEMO_SHIPPING, seedShipping } from '../../scripts/seed-shipping';
import type { Method, QuoteAnswer, Zone } from '../../services/shipping/shipping.contract';
import { startPlatform, type Platform } from '../support/platform';

/** The demo shipping `npm start` seeds: what a first start creates, what a start after a cut-short one adds, and when it stays away. */
let platform: Platform;
const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };
const call = <T>(action: string, params: object) => platform.broker.call<T, object>(action, params, asSystem);
const zones = async () => (await call<{ rows: Zone[] }>('shipping.listZones', { pageSize: 100 })).rows;
const methods = async () => (await call<{ rows: Method[] }>('shipping.listMethods', { pageSize: 100 })).rows;
const seededMethods = DEMO_SHIPPING.reduce((n, d) => n + d.methods.length, 0);

beforeAll(async () => {
  platform = await startPlatform(['shipping'], {});
}, 120_000);
afterAll(() => platform?.stop());

it('seeds the demo zones once, fills in what a cut-short start left out, and quotes a demo cart', async () => {
  expect(await seedShipping(platform.broker)).toBe(DEMO_SHIPPING.length);
  expect((await zones()).map((z) => z.name).sort()).toEqual(DEMO_SHIPPING.map((d) => d.zone.name).sort());
  expect(await methods()).toHaveLength(seededMethods);
  expect(await seedShipping(platform.broker)).toBe(0);
  expect(await methods()).toHaveLength(seededMethods);

  // A start cut short before one of the methods: the next one adds it, nothing twice.
  const express = (await methods()).find((m) => m.name === 'Express')!;
  await call('shipping.removeMethod', { id: express.id });
  expect(await methods()).toHaveLength(seededMethods - 1);
  await seedShipping(platform.broker);
  expect(await methods()).toHaveLength(seededMethods);

  // 1,260 g: the 1–5 kg express band.
  const answer = await call<QuoteAnswer>('shipping.quote', {
    cartId: 'seed-cart',
    currency: 'USD',
    lines: [{ sku: 'AUR-X-128-BLK', quantity: 3, weightG: 420 }],
    goodsValue: 209_700,
    address: { country: 'US', region: 'TX', postalCode: '73301' },
  });
  expect(answer.options.map((o) => [o.name, o.price.amount]).sort()).toEqual([
    ['Express', 1_800],
    ['Free over $100', 0],
    ['Standard', 500],
  ]);
});

it('leaves shipping alone once the shop has a zone of its own', async () => {
  const own = await call<Zone>('shipping.createZone', { name: 'Our own', countries: ['CA'] });
  const us = (await zones()).find((z) => z.name === 'United States')!;
  await Promise.all((await methods()).filter((m) => m.zoneId === us.id).map((m) => call('shipping.removeMethod', { id: m.id })));
  expect(await seedShipping(platform.broker)).toBe(0);
  expect((await methods()).filter((m) => m.zoneId === us.id)).toEqual([]);
  expect((await zones()).map((z) => z.id)).toContain(own.id);
});

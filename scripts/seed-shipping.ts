import type { ServiceBroker } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { Method, MethodInput, Zone, ZoneInput } from '../services/shipping/shipping.contract';

/** Seed writes may queue behind a first start's migrations: bounded like the catalog seed's. */
const asSystem = { meta: { user: SYSTEM_PRINCIPAL }, timeout: 120_000 };
/** The demo catalog sells in US dollars, so every demo rate card is in them too. */
const usd = (amount: number) => ({ amount, currency: 'USD' });

type DemoMethod = Omit<MethodInput, 'zoneId'>;
const EU_REST = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

/** Express by weight: up to 1 kg, 1–5 kg, 5 kg and over (bands are from-inclusive). */
const express = (base: number): DemoMethod => ({
  name: 'Express',
  serviceLevel: 'express',
  rateCard: {
    type: 'weight',
    bands: [
      { from: 0, to: 1_000, amount: usd(base) },
      { from: 1_000, to: 5_000, amount: usd(base + 600) },
      { from: 5_000, amount: usd(base + 1_700) },
    ],
  },
});
const standard = (amount: number): DemoMethod => ({ name: 'Standard', rateCard: { type: 'flat', amount: usd(amount) } });

/** The demo zones and their methods, by name. */
export const DEMO_SHIPPING: { zone: ZoneInput; methods: DemoMethod[] }[] = [
  {
    zone: { name: 'United States', countries: ['US'] },
    methods: [
      standard(500),
      express(1_200),
      { name: 'Free over $100', rateCard: { type: 'free_over', amount: usd(700), threshold: usd(10_000) } },
    ],
  },
  { zone: { name: 'United Kingdom', countries: ['GB'] }, methods: [standard(900), express(1_900)] },
  {
    zone: { name: 'Germany', countries: ['DE'] },
    methods: [
      standard(800),
      express(1_800),
      { name: 'Free over $150', rateCard: { type: 'free_over', amount: usd(800), threshold: usd(15_000) } },
    ],
  },
  { zone: { name: 'Rest of the EU', countries: EU_REST }, methods: [standard(1_400), express(2_900)] },
];

/** Every row of a paged admin list (a demo shop has few). */
async function all<T>(broker: ServiceBroker, action: string, params: object = {}): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; ; page++) {
    const got = await broker.call<{ rows: T[]; total: number }, object>(action, { ...params, page, pageSize: 100 }, asSystem);
    rows.push(...got.rows);
    if (rows.length >= got.total || !got.rows.length) return rows;
  }
}

/**
 * The demo zones and methods, so `npm start` shows shipping options. A start after one a crash cut
 * short creates what is missing, by name; once the shop has a zone of its own the seed leaves
 * shipping alone (an admin's choices, deletions included, are never undone). Answers how many
 * zones it created.
 */
export async function seedShipping(broker: ServiceBroker): Promise<number> {
  const zones = await all<Zone>(broker, 'shipping.listZones');
  const seeded = new Set(DEMO_SHIPPING.map((d) => d.zone.name));
  if (zones.some((z) => !seeded.has(z.name))) return 0;
  let created = 0;
  for (const { zone, methods } of DEMO_SHIPPING) {
    let id = zones.find((z) => z.name === zone.name)?.id;
    if (!id) {
      id = (await broker.call<Zone, ZoneInput>('shipping.createZone', zone, asSystem)).id;
      created++;
    }
    const has = new Set((await all<Method>(broker, 'shipping.listMethods', { zoneId: id })).map((m) => m.name));
    for (const m of methods.filter((x) => !has.has(x.name)))
      await broker.call<Method, MethodInput>('shipping.createMethod', { ...m, zoneId: id }, asSystem);
  }
  return created;
}

import { client, type Reply } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/**
 * The staff routes of the shipping service over HTTP: zones and methods, each write validated
 * field by field (422 naming the path), optimistic PATCH, rate versions, and the zone that keeps
 * its methods.
 */
type Body = Record<string, unknown> & { error: { type: string; message: string; fields?: { field: string }[] } };
let platform: Platform;
let cast: Cast;
let req: (method: string, route: string, body?: unknown) => Promise<Reply<Body>>;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'shipping'], { ADMIN_PASSWORD });
  cast = await castOf(platform.api);
  const call = client(platform.api);
  req = (method, route, body) => call<Body>(method, route, body, { token: cast.admin.token });
}, 120_000);
afterAll(async () => {
  if (process.env.SHIP_DEBUG) console.log(platform.logs.filter((l) => /error|warn/i.test(l)).slice(-10).join('\n'));
  await platform?.stop();
});

const fieldsOf = (r: Reply<Body>) => (r.body.error?.fields ?? []).map((d) => d.field);
const FLAT = { type: 'flat', amount: { amount: 500, currency: 'USD' } };
const zone = async (body: Record<string, unknown> = {}) =>
  (await req('POST', '/admin/shipping/zones', { name: 'Zone', countries: ['US'], active: false, ...body })).body.id as string;
const counts = async () => {
  const [zones, methods] = await Promise.all([req('GET', '/admin/shipping/zones'), req('GET', '/admin/shipping/methods')]);
  return [zones.body.total, methods.body.total];
};

it('creates a zone and a method from the requests as written, reads, lists and patches them', async () => {
  const us = await req('POST', '/admin/shipping/zones', { name: 'United States', countries: ['US'] });
  expect(us.status).toBe(201);
  const zoneId = us.body.id as string;
  expect(us.body).toMatchObject({ name: 'United States', countries: ['US'], regions: [], active: true, version: 1 });
  expect(us.body).toMatchObject({ postcodes: { include: [], exclude: [] } });
  expect(us.body.methodCount).toBeUndefined();

  const standard = await req('POST', '/admin/shipping/methods', { zoneId, name: 'Standard', rateCard: FLAT });
  expect(standard.status).toBe(201);
  const methodId = standard.body.id as string;
  expect(standard.body).toMatchObject({
    zoneId,
    serviceLevel: 'standard',
    carrier: 'sandbox',
    deliveryDays: { min: 2, max: 5 },
    rateVersion: 1,
    version: 1,
    active: true,
  });

  expect((await req('GET', `/admin/shipping/zones/${zoneId}`)).body).toMatchObject({ id: zoneId, name: 'United States' });
  expect((await req('GET', `/admin/shipping/methods/${methodId}`)).body).toMatchObject({ id: methodId, name: 'Standard' });
  const listed = await req('GET', `/admin/shipping/methods?zoneId=${zoneId}`);
  expect(listed.body).toMatchObject({ total: 1, page: 1, rows: [{ id: methodId }] });
  const paged = await req('GET', '/admin/shipping/zones?pageSize=1&page=1');
  expect(paged.body).toMatchObject({ pageSize: 1, rows: [expect.objectContaining({ id: expect.any(String) })] });

  const renamed = await req('PATCH', `/admin/shipping/methods/${methodId}`, { name: 'Ground', version: 1 });
  expect(renamed.body).toMatchObject({ name: 'Ground', version: 2, rateVersion: 1 });
  const repriced = await req('PATCH', `/admin/shipping/methods/${methodId}`, {
    rateCard: { ...FLAT, amount: { amount: 650, currency: 'USD' } },
  });
  expect(repriced.body).toMatchObject({ version: 3, rateVersion: 2, rateCard: { amount: { amount: 650 } } });
  const stale = await req('PATCH', `/admin/shipping/methods/${methodId}`, { name: 'Late', version: 2 });
  expect([stale.status, stale.body.error.type]).toEqual([409, 'VERSION_CONFLICT']);
  const express = await req('PATCH', `/admin/shipping/methods/${methodId}`, { serviceLevel: 'express' });
  expect(express.body).toMatchObject({ serviceLevel: 'express', deliveryDays: { min: 1, max: 2 }, rateVersion: 2 });

  const zoned = await req('PATCH', `/admin/shipping/zones/${zoneId}`, { regions: ['ca', 'NY'], version: 1 });
  expect(zoned.body).toMatchObject({ regions: ['CA', 'NY'], version: 2, countries: ['US'] });
  expect((await req('GET', '/admin/shipping/zones/no-such-zone')).status).toBe(404);
  expect((await req('GET', '/admin/shipping/methods/no-such-method')).status).toBe(404);
});

it('refuses to remove a zone that has methods, naming them; removes it once they are gone or moved', async () => {
  const zoneId = await zone();
  const other = await zone({ countries: ['CA'] });
  const a = (await req('POST', '/admin/shipping/methods', { zoneId, name: 'Alpha', rateCard: FLAT })).body.id as string;
  const b = (await req('POST', '/admin/shipping/methods', { zoneId, name: 'Beta', rateCard: FLAT })).body.id as string;
  const held = await req('DELETE', `/admin/shipping/zones/${zoneId}`);
  expect([held.status, held.body.error.type]).toEqual([409, 'ZONE_HAS_METHODS']);
  expect(held.body.error.message).toContain(`Alpha (${a}), Beta (${b})`);

  expect((await req('DELETE', `/admin/shipping/methods/${a}`)).body).toEqual({ id: a, removed: true });
  expect((await req('PATCH', `/admin/shipping/methods/${b}`, { zoneId: other })).body).toMatchObject({ zoneId: other });
  expect((await req('DELETE', `/admin/shipping/zones/${zoneId}`)).body).toEqual({ id: zoneId, removed: true });
  expect((await req('GET', `/admin/shipping/zones/${zoneId}`)).status).toBe(404);
  // The moved method now holds the other zone.
  expect((await req('DELETE', `/admin/shipping/zones/${other}`)).status).toBe(409);
  expect((await req('DELETE', `/admin/shipping/methods/${a}`)).status).toBe(404);
});

it.each([
  [{ name: 'Z', countries: ['us'] }, 'countries[0]'],
  [{ name: 'Z', countries: [] }, 'countries'],
  [{ name: 'Z' }, 'countries'],
  [{ countries: ['US'] }, 'name'],
  [{ name: 'Bad\u0000name', countries: ['US'] }, 'name'],
  [{ name: 'Bidi\u202Ename', countries: ['US'] }, 'name'],
  [{ name: 'x'.repeat(201), countries: ['US'] }, 'name'],
  [{ name: 'Z', countries: ['US'], colour: 'red' }, 'colour'],
  [{ name: 'Z', countries: ['US'], regions: ['C A'] }, 'regions[0]'],
  [{ name: 'Z', countries: Array(251).fill('US') }, 'countries'],
  [{ name: 'Z', countries: ['US'], postcodes: { include: [{ type: 'prefix', value: '9 0\u0007' }] } }, 'postcodes.include[0].value'],
  [{ name: 'Z', countries: ['US'], postcodes: { exclude: [{ type: 'regex', value: '.*' }] } }, 'postcodes.exclude[0].type'],
  [{ name: 'Z', countries: ['US'], postcodes: { include: [{ type: 'range', from: '90000', to: '100' }] } }, 'postcodes.include[0].to'],
  [{ name: 'Z', countries: ['US'], postcodes: { include: Array(201).fill({ type: 'prefix', value: '9' }) } }, 'postcodes.include'],
  [{ name: 'Z', countries: ['US'], postcodes: { only: [] } }, 'postcodes.only'],
])('refuses a zone with 422 naming the field (case %#), and changes nothing', async (body, field) => {
  const before = await counts();
  const r = await req('POST', '/admin/shipping/zones', body);
  expect([r.status, fieldsOf(r)]).toEqual([422, expect.arrayContaining([field])]);
  expect(await counts()).toEqual(before);
});

describe('method validation', () => {
  let zoneId: string;
  beforeAll(async () => {
    zoneId = await zone();
  });
  const band = (from: number, to: number | undefined, amount: number) => ({ from, to, amount: { amount, currency: 'USD' } });
  it.each([
    [{ name: 'M', rateCard: FLAT }, 'zoneId'],
    [{ zoneId: 'no-such-zone', name: 'M', rateCard: FLAT }, 'zoneId'],
    [{ name: 'M' }, 'rateCard'],
    [{ name: 'M', rateCard: { type: 'flat', amount: { amount: -1, currency: 'USD' } } }, 'rateCard.amount.amount'],
    [{ name: 'M', rateCard: { type: 'weight', bands: [band(0, 1000, 400), band(500, 2000, 600)] } }, 'rateCard.bands[1].from'],
    [{ name: 'M', rateCard: { type: 'teleport' } }, 'rateCard.type'],
    [{ name: 'M', rateCard: { ...FLAT, colour: 'red' } }, 'rateCard.colour'],
    [{ name: 'M', rateCard: FLAT, serviceLevel: 'overnight' }, 'serviceLevel'],
    [{ name: 'M', rateCard: FLAT, deliveryDays: { min: 5, max: 2 } }, 'deliveryDays.max'],
    [{ name: 'M\u2066', rateCard: FLAT }, 'name'],
    [{ name: 'M', rateCard: FLAT, carrier: 'UPS ground' }, 'carrier'],
    [{ name: 'M', rateCard: FLAT, carrier: 'pigeon' }, 'carrier'],
  ])('refuses a method with 422 naming the field (case %#), and changes nothing', async (body, field) => {
    const before = await counts();
    const withZone = 'zoneId' in body || field === 'zoneId' ? body : { zoneId, ...body };
    const r = await req('POST', '/admin/shipping/methods', withZone);
    expect([r.status, fieldsOf(r)]).toEqual([422, expect.arrayContaining([field])]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a bad PATCH naming the field and keeps the method as it was', async () => {
    const made = await req('POST', '/admin/shipping/methods', { zoneId, name: 'Kept', rateCard: FLAT });
    const id = made.body.id as string;
    const bad = await req('PATCH', `/admin/shipping/methods/${id}`, { rateCard: { type: 'value', bands: [] } });
    expect([bad.status, fieldsOf(bad)]).toEqual([422, expect.arrayContaining(['rateCard.bands'])]);
    const moved = await req('PATCH', `/admin/shipping/methods/${id}`, { zoneId: 'gone-zone' });
    expect([moved.status, fieldsOf(moved)]).toEqual([422, ['zoneId']]);
    expect((await req('GET', `/admin/shipping/methods/${id}`)).body).toMatchObject({ version: 1, rateVersion: 1, zoneId });
  });
});

describe('under concurrency', () => {
  it('10 parallel PATCHes naming the same version: exactly one wins, the rest are 409 and change nothing', async () => {
    const zoneId = await zone();
    const id = (await req('POST', '/admin/shipping/methods', { zoneId, name: 'Race', rateCard: FLAT })).body.id as string;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        req('PATCH', `/admin/shipping/methods/${id}`, {
          version: 1,
          rateCard: { ...FLAT, amount: { amount: 600 + i, currency: 'USD' } },
        }),
      ),
    );
    const won = answers.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409 && r.body.error.type === 'VERSION_CONFLICT')).toHaveLength(9);
    const after = (await req('GET', `/admin/shipping/methods/${id}`)).body;
    expect(after).toMatchObject({ version: 2, rateVersion: 2, rateCard: won[0].body.rateCard });
  });

  it('a zone removed while methods are created for it never leaves a method without its zone', async () => {
    for (let round = 0; round < 3; round++) {
      const zoneId = await zone();
      const [removed, ...made] = await Promise.all([
        req('DELETE', `/admin/shipping/zones/${zoneId}`),
        ...Array.from({ length: 8 }, (_, i) => req('POST', '/admin/shipping/methods', { zoneId, name: `M${i}`, rateCard: FLAT })),
      ]);
      const created = made.filter((r) => r.status === 201);
      expect(made.every((r) => r.status === 201 || (r.status === 422 && fieldsOf(r)[0] === 'zoneId'))).toBe(true);
      const zoneThere = (await req('GET', `/admin/shipping/zones/${zoneId}`)).status === 200;
      expect(removed.status === 200 ? !zoneThere && created.length === 0 : zoneThere && removed.status === 409).toBe(true);
      const held = await req('GET', `/admin/shipping/methods?zoneId=${zoneId}&pageSize=100`);
      expect(held.body.total).toBe(created.length);
    }
  });
});

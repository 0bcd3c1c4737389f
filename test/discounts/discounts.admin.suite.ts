import { client, type Reply } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast, type Identity } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { onEngine, type ServiceEngine } from '../support/service-engines';

/**
 * The staff routes of the discounts service over HTTP: promotions, batch codes, usage, tax rates
 * and settings, with both of its stores on each engine they can be configured for.
 */
type Body = Record<string, unknown> & { error: { type: string; message: string; fields?: { field: string }[] } };
interface World {
  platform: Platform;
  cast: Cast;
  req: (method: string, route: string, opts?: { as?: Identity; body?: unknown }) => Promise<Reply<Body>>;
}

export function adminSuite(engine: ServiceEngine): void {
  describe(`discounts admin routes on ${engine.label}`, () => {
    let platform: Platform;
    let cast: Cast;
    let req: World['req'];
    const { it_ } = onEngine<World>(engine, async (env) => {
      const tax: Record<string, string> = env.STORE_DISCOUNTS ? { STORE_TAX: env.STORE_DISCOUNTS } : {};
      platform = await startPlatform(['api', 'auth', 'discounts'], { ADMIN_PASSWORD, ...env, ...tax });
      cast = await castOf(platform.api);
      const call = client(platform.api);
      req = (method, route, opts = {}) => call<Body>(method, route, opts.body, { token: (opts.as ?? cast.admin).token });
      return { platform, cast, req };
    });

    const fieldsOf = (r: Reply<Body>) => (r.body.error.fields ?? []).map((d) => d.field);
    const code = () => `SAVE${Math.random().toString(36).slice(2, 8).toUpperCase()}`;

    it_('creates a promotion from the request as written, lists, reads and patches it optimistically', async () => {
      const SAVE10 = {
        code: 'SAVE10',
        status: 'active',
        actions: [{ type: 'percentage', percent: 10 }],
        limits: { total: 3, perCustomer: 1 },
      };
      const created = await req('POST', '/admin/promotions', { body: SAVE10 });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(created.body).toMatchObject({ ...SAVE10, name: 'SAVE10', target: 'order', version: 1, releaseOnCancel: true });
      expect((await req('POST', '/admin/promotions', { body: SAVE10 })).status).toBe(409);

      expect((await req('GET', `/admin/promotions/${id}`, { as: cast.support })).body).toMatchObject({ id, code: 'SAVE10' });
      const byCode = await req('GET', '/admin/promotions?code=save10');
      expect(byCode.body).toMatchObject({ total: 1, rows: [{ id }] });
      const active = await req('GET', '/admin/promotions?status=active&pageSize=100');
      expect((active.body.rows as { id: string }[]).map((r) => r.id)).toContain(id);
      expect((await req('GET', '/admin/promotions?status=draft&code=SAVE10')).body).toMatchObject({ total: 0 });

      const patched = await req('PATCH', `/admin/promotions/${id}`, {
        body: { name: 'Ten off', limits: { total: 5 }, version: 1 },
      });
      expect(patched.body).toMatchObject({ name: 'Ten off', limits: { total: 5 }, version: 2, code: 'SAVE10' });
      const stale = await req('PATCH', `/admin/promotions/${id}`, { body: { priority: 3, version: 1 } });
      expect([stale.status, stale.body.error.type]).toEqual([409, 'VERSION_CONFLICT']);
      const cleared = await req('PATCH', `/admin/promotions/${id}`, { body: { limits: null } });
      expect(cleared.body).toMatchObject({ version: 3 });
      expect(cleared.body.limits).toBeUndefined();
      expect((await req('GET', '/admin/promotions/no-such-promotion')).status).toBe(404);
    });

    it_('refuses bad promotions with 4xx naming the field, and changes nothing', async () => {
      const before = (await req('GET', '/admin/promotions')).body.total;
      const bad = async (body: unknown, field: string) => {
        const r = await req('POST', '/admin/promotions', { body });
        expect([r.status, fieldsOf(r)]).toEqual([422, expect.arrayContaining([field])]);
      };
      await bad({ code: code(), actions: [{ type: 'percentage', percent: 120 }] }, 'actions[0].percent');
      await bad({ code: code(), actions: [] }, 'actions');
      await bad({ code: code(), actions: [{ type: 'teleport' }] }, 'actions[0].type');
      await bad({ code: code(), actions: [{ type: 'percentage', percent: 5 }], limits: { total: 0 } }, 'limits.total');
      await bad({ code: code(), actions: [{ type: 'percentage', percent: 5 }], colour: 'red' }, 'colour');
      await bad({ code: 'a b', actions: [{ type: 'percentage', percent: 5 }] }, 'code');
      await bad({ actions: [{ type: 'percentage', percent: 5 }] }, 'name');
      await bad({ code: code(), status: 'live', actions: [{ type: 'percentage', percent: 5 }] }, 'status');
      expect((await req('GET', '/admin/promotions')).body.total).toBe(before);

      const id = (await req('POST', '/admin/promotions', { body: { code: code(), actions: [{ type: 'freeShipping' }] } })).body
        .id;
      const r = await req('PATCH', `/admin/promotions/${id}`, { body: { target: 'order' } });
      expect([r.status, fieldsOf(r)]).toEqual([422, ['actions[0].type']]);
      expect((await req('GET', `/admin/promotions/${id}`)).body).toMatchObject({ target: 'shipping', version: 1 });
      expect((await req('POST', '/admin/promotions', { as: cast.support, body: { code: code(), actions: [] } })).status).toBe(
        403,
      );
    });

    it_('generates unique single-use codes, pages and exports them', async () => {
      const id = (
        await req('POST', '/admin/promotions', { body: { name: 'Campaign', actions: [{ type: 'percentage', percent: 15 }] } })
      ).body.id as string;
      const made = await req('POST', `/admin/promotions/${id}/codes`, { body: { count: 250, prefix: 'SPRING' } });
      expect([made.status, made.body.count]).toEqual([201, 250]);
      const codes = made.body.codes as string[];
      expect(new Set(codes).size).toBe(250);
      for (const c of codes) expect(c).toMatch(/^SPRING[A-Z2-9]{10}$/);
      expect((await req('GET', `/admin/promotions/${id}`)).body).toMatchObject({ hasBatchCodes: true });

      const page2 = await req('GET', `/admin/promotions/${id}/codes?page=2&pageSize=100`, { as: cast.support });
      expect(page2.body).toMatchObject({ total: 250, page: 2, pageSize: 100 });
      expect((page2.body.rows as unknown[]).length).toBe(100);
      const csv = await client(platform.api)<string>('GET', `/admin/promotions/${id}/codes/export`, undefined, {
        token: cast.admin.token,
      });
      const lines = csv.text.trim().split('\n');
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(lines[0]).toBe('code,uses,createdAt');
      expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(codes));

      for (const count of [0, 10_001, 'ten']) {
        const r = await req('POST', `/admin/promotions/${id}/codes`, { body: { count } });
        expect([r.status, fieldsOf(r)]).toEqual([422, ['count']]);
      }
      expect((await req('POST', '/admin/promotions/no-such/codes', { body: { count: 1 } })).status).toBe(404);
      const usage = await req('GET', `/admin/promotions/${id}/usage`, { as: cast.support });
      expect(usage.body).toMatchObject({ promotionId: id, counts: { reserved: 0, used: 0, released: 0, taken: 0 }, total: 0 });
    });

    it_('replaces the tax rates as written, and keeps the settings', async () => {
      const us = { rates: [{ country: 'US', taxClass: 'standard', rateBps: 825 }] };
      const put = await req('PUT', '/admin/tax/rates', { body: us });
      expect(put.status).toBe(200);
      expect(put.body.rates).toEqual([expect.objectContaining(us.rates[0])]);
      expect((await req('PUT', '/admin/tax/rates', { body: us })).body).toEqual(put.body);

      const eu = {
        rates: [
          { country: 'DE', taxClass: 'standard', rateBps: 1900 },
          { country: 'DE', taxClass: 'reduced', rateBps: 700 },
          { country: 'US', region: 'CA', taxClass: 'standard', rateBps: 725 },
        ],
      };
      await req('PUT', '/admin/tax/rates', { body: eu });
      const read = await req('GET', '/admin/tax/rates', { as: cast.support });
      expect((read.body.rates as { rateBps: number }[]).map((r) => r.rateBps).sort()).toEqual([1900, 700, 725].sort());

      const bad = async (body: unknown, field: string) => {
        const r = await req('PUT', '/admin/tax/rates', { body });
        expect([r.status, fieldsOf(r)[0]]).toEqual([422, field]);
      };
      await bad({ rates: [{ country: 'usa', taxClass: 'standard', rateBps: 825 }] }, 'rates[0].country');
      await bad({ rates: [{ country: 'US', taxClass: 'luxury', rateBps: 825 }] }, 'rates[0].taxClass');
      await bad({ rates: [{ country: 'US', taxClass: 'standard', rateBps: -1 }] }, 'rates[0].rateBps');
      await bad({ rates: [...eu.rates, eu.rates[0]] }, 'rates[3]');
      expect((await req('GET', '/admin/tax/rates')).body).toEqual(read.body);
      expect((await req('PUT', '/admin/tax/rates', { as: cast.support, body: us })).status).toBe(403);

      expect((await req('GET', '/admin/tax/settings')).body).toEqual({ inclusiveByCurrency: {}, inclusiveByCountry: {} });
      const settings = { inclusiveByCurrency: { EUR: true }, inclusiveByCountry: { US: false } };
      expect((await req('PUT', '/admin/tax/settings', { body: settings })).body).toEqual(settings);
      expect((await req('GET', '/admin/tax/settings', { as: cast.support })).body).toEqual(settings);
      const r = await req('PUT', '/admin/tax/settings', { body: { inclusiveByCurrency: { euro: true } } });
      expect(r.status).toBe(422);
    });
  });
}

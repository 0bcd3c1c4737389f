import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform(['api', 'products', 'inventory'], { RATE_LIMIT: '1000' });
}, 60_000);
afterAll(() => platform?.stop());

describe('gateway', () => {
  it('answers public routes and puts a request id on every response', async () => {
    const res = await fetch(`${platform.api}/categories`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/\S+/);
    const bad = await fetch(`${platform.api}/nope`, { headers: { 'X-Request-ID': 'abc-123' } });
    expect(bad.status).toBe(404);
    expect(bad.headers.get('x-request-id')).toBe('abc-123');
    expect(await bad.json()).toEqual({ error: { type: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('refuses a malformed or forged bearer token with 401 rather than treating it as anonymous', async () => {
    for (const auth of ['Bearer nope', 'Basic Zm9vOmJhcg==', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl']) {
      const res = await fetch(`${platform.api}/categories`, { headers: { Authorization: auth } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('enforces access on direct broker calls too', async () => {
    await expect(platform.broker.call('products.create', {})).rejects.toMatchObject({ code: 401 });
    await expect(
      platform.broker.call('products.create', {}, { meta: { user: { id: 'u1', roles: ['customer'] } } }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('answers bad JSON, wrong content types and poisoned keys as client errors', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${platform.api}/products`, { method: 'POST', headers: { 'Content-Type': type }, body });
    expect((await post('{"a":')).status).toBe(400);
    expect((await post('a=1', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(JSON.stringify({ a: 'x'.repeat(200_000) }))).status).toBe(413);
    const poisoned = await post('{"name":"x","nested":{"__proto__":{"admin":true}}}');
    expect(poisoned.status).toBe(422);
    expect(await poisoned.json()).toEqual({
      error: {
        type: 'VALIDATION_ERROR',
        message: 'Invalid input',
        fields: [{ field: 'nested.__proto__', message: expect.any(String) }],
      },
    });
  });

  it('serves a generated OpenAPI document and a docs page', async () => {
    const doc = (await (await fetch(`${platform.api}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/products', '/api/products/{id}', '/api/health']));
    const page = await fetch(`${platform.api}/docs`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${platform.api}/docs/swagger-ui-bundle.js`)).status).toBe(200);
    expect((await fetch(`${platform.api}/docs/..%2Fpackage.json`)).status).toBe(404);
  });
});

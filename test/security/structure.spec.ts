import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';
import { concretePath, liveOperations, storeCounts } from './fuzz.support';
import { STRUCTURAL_BODIES } from './fuzz.structure';

/**
 * Hostile structure sent to every mutating route of the live OpenAPI document, unauthenticated:
 * each is refused naming its limit, no record changes, and the process (the gateway and every
 * service, all in this one) is still up and healthy afterwards. Also: writes refuse query strings,
 * and logs never carry one; every response has the security headers; a wrong method is a 405.
 */
const SERVICES = IMPLEMENTED_SERVICES;
let platform: Platform;
const responses: Response[] = [];

beforeAll(async () => {
  platform = await startPlatform([...SERVICES], { LOG_LEVEL: 'debug' });
}, 90_000);
afterAll(() => platform?.stop());

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${platform.api}${path}`, {
    method,
    body,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
  });
  responses.push(res);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const mutating = async () =>
  (await liveOperations(platform)).filter((o) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(o.method));

it('refuses deep, wide, long and ambiguous bodies on every mutating route, naming the limit, and stays up', async () => {
  const ops = (await mutating()).filter((o) => o.method !== 'DELETE');
  expect(ops.length).toBeGreaterThanOrEqual(30);
  const before = await storeCounts(platform, SERVICES);
  const failures: string[] = [];
  for (const op of ops) {
    for (const s of STRUCTURAL_BODIES) {
      const { status, text } = await send(op.method, concretePath(op), s.body);
      const type = (JSON.parse(text) as { error?: { type?: string } }).error?.type;
      const ok = s.status ? status === s.status && (!s.type || type === s.type) : status >= 400 && status < 500;
      if (!ok) failures.push(`${op.method} ${op.path} (${s.why}) → ${status} ${text.slice(0, 160)}`);
    }
  }
  expect(failures).toEqual([]);
  const health = await fetch(`${platform.api}/health`);
  expect(health.status).toBe(200);
  expect(await storeCounts(platform, SERVICES)).toEqual(before);
}, 240_000);

it('refuses a query string on every mutating route, naming it, and never logs one', async () => {
  const failures: string[] = [];
  for (const op of await mutating()) {
    const body = op.method === 'DELETE' ? undefined : '{}';
    const { status, text } = await send(op.method, `${concretePath(op)}?probeParam=1`, body);
    if (status !== 400 || !/QUERY_NOT_ALLOWED/.test(text) || !text.includes('probeParam'))
      failures.push(`${op.method} ${op.path} → ${status} ${text.slice(0, 160)}`);
  }
  expect(failures).toEqual([]);

  const password = 'query-Passphrase-4417';
  const login = await send('POST', `/auth/login?email=someone%40example.com&password=${password}`);
  expect(login.status).toBe(400);
  expect(JSON.parse(login.text)).toEqual({
    error: { type: 'QUERY_NOT_ALLOWED', message: expect.stringMatching(/email, password/) },
  });
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJxdWVyeSJ9.c2VjcmV0LWluLWEtcXVlcnk';
  await send('GET', `/products?access_token=${token}`);
  await send('POST', `/auth/refresh?refreshToken=${token}x`, '{}');
  const logs = platform.logs.join('\n');
  expect(logs).toContain('/auth/login'); // requests are logged, by path
  for (const secret of [password, token, 'access_token=', '?email=']) expect(logs).not.toContain(secret);
});

it('refuses a body on a read', async () => {
  const res = await fetch(`${platform.api}/products`, { method: 'GET', headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
  // fetch() will not send a GET body; a raw request does.
  const { request } = await import('node:http');
  const url = new URL(`${platform.api}/products`);
  const reply = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'GET',
        headers: { 'content-type': 'application/json', 'content-length': '11' },
      },
      (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end('{"limit":1}');
  });
  expect(reply.status).toBe(400);
  expect(JSON.parse(reply.text)).toEqual({ error: { type: 'BODY_NOT_ALLOWED', message: expect.any(String) } });
});

it('answers a wrong method with 405 and Allow, and puts the security headers on every response', async () => {
  const put = await send('PUT', '/products', '{}');
  expect(put.status).toBe(405);
  expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
  expect(JSON.parse(put.text)).toEqual({ error: { type: 'METHOD_NOT_ALLOWED', message: expect.any(String) } });
  const del = await send('DELETE', '/health');
  expect([del.status, del.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  const head = await send('HEAD', '/products');
  expect([head.status, head.text]).toEqual([200, '']);
  expect((await send('GET', '/no-such-route')).status).toBe(404);
  await send('GET', '/products');
  expect(responses.length).toBeGreaterThan(100);
  const missing = responses.filter(
    (r) =>
      r.headers.get('x-content-type-options') !== 'nosniff' ||
      !r.headers.get('cache-control') ||
      !r.headers.get('x-frame-options'),
  );
  expect(missing.map((r) => `${r.status} ${r.url}`)).toEqual([]);
});

it('answers an unknown error in a handler with a bare 500 and keeps serving', async () => {
  platform.broker.createService({
    name: 'boom',
    actions: {
      fail: {
        rest: 'POST /fail',
        access: 'public',
        idempotent: false,
        handler() {
          throw new TypeError('internals at /srv/boom.ts:12');
        },
      },
    },
  });
  let res = await send('POST', '/boom/fail', '{}');
  for (let i = 0; res.status === 404 && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    res = await send('POST', '/boom/fail', '{}');
  }
  expect(res.status).toBe(500);
  expect(JSON.parse(res.text)).toEqual({ error: { type: 'INTERNAL_ERROR', message: 'Internal server error' } });
  expect((await fetch(`${platform.api}/health`)).status).toBe(200);
});

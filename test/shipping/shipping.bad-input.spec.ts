import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/**
 * Malformed requests at the shipping routes, sent raw through the gateway (bodies that are not
 * JSON objects, ids with `:` and `/`, unknown enum values, out-of-range pages, control and
 * bidi characters): each is a 4xx, never a 5xx, and no answer carries a stack.
 */
let platform: Platform;
let cast: Cast;
beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'shipping'], { ADMIN_PASSWORD });
  cast = await castOf(platform.api);
}, 120_000);
afterAll(() => platform?.stop());

const zone = (extra: string) => `{"name":"Z","countries":["US"]${extra}}`;
const method = (card: string) => `{"zoneId":"nope","name":"S","rateCard":${card}}`;
/** [method, route, body ('' sends none)] */
const CASES: [string, string, string][] = [
  ['GET', '/admin/shipments?status=', ''],
  ['GET', '/admin/shipments?status=LOST', ''],
  ['GET', '/admin/shipments?status=pending&status=delivered', ''],
  ['GET', '/admin/shipments?page=0', ''],
  ['GET', '/admin/shipments?page=abc', ''],
  ['GET', '/admin/shipments?pageSize=1e9', ''],
  ['GET', '/admin/shipments?orderId=a%00b', ''],
  ['GET', `/admin/shipments?orderId=${'x'.repeat(5000)}`, ''],
  ['GET', '/admin/shipments/%3A', ''],
  ['GET', '/admin/shipments/a%3Ab%2F1%2F2', ''],
  ['GET', '/admin/shipments/a%3Ab%2Fx', ''],
  ['GET', `/admin/shipments/${'a'.repeat(300)}%3Ab`, ''],
  ['GET', '/admin/shipments/a%3Ab%E2%80%AE', ''],
  ['GET', '/admin/shipments/%ZZ', ''],
  ['GET', '/admin/shipments/a%3Ab/label', ''],
  ['POST', '/admin/shipments/a%3Ab/label', '{}'],
  ['POST', '/admin/shipments/a%3Ab/ship', '{"lines":"all"}'],
  ['POST', '/admin/shipments/a%3Ab/ship', '{"lines":[{"sku":"A","quantity":1e400}]}'],
  ['POST', '/admin/shipments/a%3Ab/ship', '{"lines":[null]}'],
  ['POST', '/admin/shipments/a%3Ab/ship', 'not json'],
  ['POST', '/admin/shipments/a%3Ab/ship', '[]'],
  ['GET', '/orders/a%3Ab/shipments', ''],
  ['POST', '/shipping/webhooks/sandbox', 'null'],
  ['POST', '/shipping/webhooks/sandbox', '"x"'],
  ['POST', '/shipping/webhooks/sandbox', '{"__proto__":{"x":1}}'],
  ['POST', '/shipping/webhooks/SANDBOX', '{}'],
  ['POST', '/shipping/webhooks/%00', '{}'],
  ['POST', `/shipping/webhooks/${'a'.repeat(100)}`, '{}'],
  ['POST', '/shipping/webhooks/sandbox', '{"id":"e","trackingNumber":"SBX000000000000","code":"DL","at":1}'],
  ['GET', '/admin/shipping/zones?active=maybe', ''],
  ['GET', '/admin/shipping/zones/%3A%2F', ''],
  ['PATCH', '/admin/shipping/zones/nope', '{"name":"a\\u0000b"}'],
  ['POST', '/admin/shipping/zones', '{"name":"Z\\u202e","countries":["US"]}'],
  ['POST', '/admin/shipping/zones', '{"name":"Z","countries":["us"]}'],
  ['POST', '/admin/shipping/zones', zone(',"postcodes":{"include":[{"type":"pattern","value":"**\\u0007"}]}')],
  ['POST', '/admin/shipping/zones', zone(',"postcodes":{"include":[{"type":"range","from":"9","to":"10"}]}')],
  ['POST', '/admin/shipping/methods', method('{"type":"flat","amount":{"amount":500,"currency":"USD"}}')],
  ['POST', '/admin/shipping/methods', method('{"type":"weight","bands":[]}')],
  ['POST', '/admin/shipping/methods', method('[]')],
  ['DELETE', '/admin/shipping/methods/%3A', ''],
  ['DELETE', '/admin/shipping/zones/%2F', ''],
];

it.each(CASES)('%s %s %s answers a 4xx', async (verb, route, body) => {
  const res = await fetch(`${platform.api}${route}`, {
    method: verb,
    headers: { authorization: `Bearer ${cast.admin.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  expect([verb, route, res.status >= 400 && res.status < 500 ? '4xx' : res.status]).toEqual([verb, route, '4xx']);
  expect(text).not.toMatch(/\n\s+at /);
});

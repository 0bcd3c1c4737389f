import { randomUUID } from 'node:crypto';
import { casesFor, operationsOf, type FuzzCase } from '../security/fuzz.cases';
import { SHIPPING, startWorld, type World } from './orders.fixtures';

/**
 * The security fuzz test's malformed requests aimed at the order routes (the shared fuzz test
 * covers them once orders is registered), each sent with and without an Idempotency-Key by a
 * customer whose cart could be ordered: every one must be a 4xx in the one error shape, and no
 * order may be placed or changed, no saga started.
 */
let w: World;
let orderId: string;

beforeAll(async () => {
  w = await startWorld();
  await w.fillCart(w.cast.customerA, [['POSTER-A', 1]]);
  const placed = await w.req('POST', '/orders', {
    as: w.cast.customerA,
    body: { shippingAddress: SHIPPING, paymentToken: 'tok_visa' },
    key: 'fuzz-seed',
  });
  orderId = placed.body.id as string;
  // What the checkout saga (a stand-in here) does once the order is confirmed: the cart is free again.
  await w.system('carts.settle', { userId: w.cast.customerA.id, orderId });
  await w.fillCart(w.cast.customerA, [['POSTER-A', 1]]);
}, 90_000);
afterAll(() => w?.platform.stop());

const snapshot = async () => {
  const orders = await w.orders.find({ sort: ['id'] });
  return {
    orders: orders.map((o) => `${o.id}@${String(o.version)}`),
    events: await w.events.count(),
    sagas: w.sagas.calls.length,
  };
};

it('answers malformed order requests with 4xx only and changes nothing', async () => {
  const ops = operationsOf(await (await fetch(`${w.platform.api}/openapi.json`)).json()).filter((op) =>
    op.path.startsWith('/orders'),
  );
  expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
    'GET /orders',
    'GET /orders/{id}',
    'POST /orders',
    'POST /orders/{id}/cancel',
  ]);
  const base = ops.flatMap(casesFor);
  const cases: (FuzzCase & { key?: string })[] = [...base, ...base.map((c) => ({ ...c, key: randomUUID() }))];
  // The one existing order, under every malformed body.
  for (const c of base.filter((x) => x.path.includes('00000000-0000-4000-8000-000000000000')))
    cases.push({ ...c, path: c.path.replace('00000000-0000-4000-8000-000000000000', orderId), key: randomUUID() });
  const tokens = {
    anonymous: undefined,
    customer: w.cast.customerA.token,
    support: w.cast.support.token,
    admin: w.cast.admin.token,
  };
  const before = await snapshot();
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i += 8) {
    await Promise.all(
      cases.slice(i, i + 8).map(async (c) => {
        const headers: Record<string, string> = {};
        const token = tokens[c.as];
        if (token) headers.authorization = `Bearer ${token}`;
        if (c.key) headers['idempotency-key'] = c.key;
        if (c.contentType) headers['content-type'] = c.contentType;
        const res = await fetch(`${w.platform.api}${c.path}${c.query ? `?${c.query}` : ''}`, {
          method: c.method,
          headers,
          body: c.body,
        });
        const text = await res.text();
        const shaped = /^\{"error":\{"type":"[A-Z_]+","message":"[^"]*"(,"fields":\[.*\])?\}\}$/s.test(text);
        const refused = res.status >= 400 && res.status < 500 && shaped;
        if (res.status >= 500 || /"stack"|tok_/.test(text) || (!c.probe && !refused))
          failures.push(
            `${c.method} ${c.path}${c.query ? `?${c.query.slice(0, 60)}` : ''} as ${c.as} (${c.why}) → ${res.status} ${text.slice(0, 160)}`,
          );
      }),
    );
  }
  process.stdout.write(`orders fuzz: ${cases.length} requests over ${ops.length} operations\n`);
  expect(failures).toEqual([]);
  expect(cases.length).toBeGreaterThan(300);
  expect(await snapshot()).toEqual(before);
}, 120_000);

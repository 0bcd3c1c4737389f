import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import type { Cast } from '../support/identities';
import { ADMIN_PASSWORD, castOf } from '../support/identities';
import type { Platform } from '../support/platform';
import { startPlatform } from '../support/platform';
import { casesFor, type FuzzCase } from './fuzz.cases';
import { liveOperations, storeCounts } from './fuzz.support';

/**
 * At least 2,000 malformed requests over every route the OpenAPI document lists: none may answer
 * 5xx or leak internals, each must be a 4xx in the one error shape, and no store's record counts
 * may move.
 */
const SERVICES = IMPLEMENTED_SERVICES;
const MIN_REQUESTS = 2_000;
const CONCURRENCY = 8;

let platform: Platform;
let cast: Cast;

beforeAll(async () => {
  platform = await startPlatform([...SERVICES], { ADMIN_PASSWORD });
  cast = await castOf(platform.api);
  // Some data in every kind of record, so "unchanged" is not trivially 0 = 0.
  await cast.call(
    'POST',
    '/me/addresses',
    { name: 'A', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    { token: cast.customerA.token },
  );
}, 90_000);
afterAll(() => platform?.stop());

async function send(c: FuzzCase): Promise<{ status: number; text: string }> {
  const token = { anonymous: undefined, customer: cast.customerA.token, support: cast.support.token, admin: cast.admin.token }[
    c.as
  ];
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (c.contentType) headers['content-type'] = c.contentType;
  const res = await fetch(`${platform.api}${c.path}${c.query ? `?${c.query}` : ''}`, { method: c.method, headers, body: c.body });
  return { status: res.status, text: await res.text() };
}

it(`answers ${MIN_REQUESTS}+ malformed requests with 4xx only (odd searches: anything but 5xx) and changes no record`, async () => {
  const ops = await liveOperations(platform);
  let cases = ops.flatMap(casesFor);
  // Top up by sending every case again as each other principal: the same inputs must fail whoever sends them.
  for (const as of ['anonymous', 'customer', 'admin'] as const)
    if (cases.length < MIN_REQUESTS) cases = [...cases, ...ops.flatMap(casesFor).map((c) => ({ ...c, as }))];
  expect(cases.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
  expect(new Set(ops.map((o) => `${o.method} ${o.path}`)).size).toBeGreaterThanOrEqual(30);

  const before = await storeCounts(platform, SERVICES);
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const { status, text } = await send(c);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const shaped = /^\{"error":\{"type":"[A-Z_]+","message":"[^"]*"(,"fields":\[.*\])?\}\}$/s.test(text);
        const leaks = /\bat .+\.(ts|js):\d+|"stack"/i.test(text);
        const refused = status >= 400 && status < 500 && shaped;
        if (status >= 500 || leaks || (!c.probe && !refused)) {
          failures.push(
            `${c.method} ${c.path}${c.query ? `?${c.query.slice(0, 60)}` : ''} as ${c.as} (${c.why}) → ${status} ${text.slice(0, 200)}`,
          );
        }
      }
    }),
  );
  process.stdout.write(
    `fuzz: ${cases.length} requests over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`,
  );
  expect(failures).toEqual([]);
  expect(await storeCounts(platform, SERVICES)).toEqual(before);
  // Most cases must reach validation rather than stop at the door, or the test proves little.
  expect(statuses.get(422) ?? 0).toBeGreaterThan(cases.length / 3);
}, 240_000);

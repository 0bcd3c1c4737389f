import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import { checkoutStory } from '../checkout/checkout.story';
import { client, type Call } from '../support/http';
import { ADMIN_EMAIL, ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/**
 * The whole platform on PostgreSQL at debug level: the checkout story plus a customer with a
 * phone, an address book and an order to a typed-in address. Then every row of every table of
 * every store is read raw and every log line is scanned: no email, name, phone or address line
 * the suite used is found in plaintext. Support sees masked contact data; lookalike emails and
 * names are refused; rotating the KEK re-wraps every data key while the platform keeps serving.
 */
const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const id = randomBytes(4).toString('hex');
const ada = { email: `ada.quill-${id}@example.com`, name: `Ada Quillfeather${id}`, phone: '+4915123456789' };
const home = {
  name: `Ada Quillfeather${id}`,
  line1: `77 Obscure Alley ${id}`,
  line2: 'Flat Vermilion',
  city: 'Tinseltown',
  postalCode: '10115',
  country: 'DE',
};
const SECRETS = [ada.email, 'Quillfeather', '15123456789', 'Obscure Alley', 'Vermilion', 'Tinseltown'];
const STORY = [/story-[0-9a-f]{8}@example\.com/, /1 Main St/];

let platform: Platform;
let cast: Cast;
let call: Call;
beforeAll(async () => {
  // The story follows the sandbox carrier's shipments to delivered.
  platform = await startPlatform([...IMPLEMENTED_SERVICES], {
    ADMIN_PASSWORD,
    LOG_LEVEL: 'debug',
    SANDBOX_CARRIER_STEP_MS: '200',
  });
  cast = await castOf(platform.api);
  call = client(platform.api);
}, 90_000);
afterAll(() => platform?.stop(), 60_000);

async function rawRows(): Promise<string> {
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  const prefix = process.env.STORE_PREFIX!;
  const { rows: dbs } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
    prefix,
  ]);
  await admin.end();
  expect(dbs.length).toBeGreaterThanOrEqual(8);
  let all = '';
  for (const { datname } of dbs) {
    const db = new Client({ connectionString: PG_URL.replace(/\/[^/]*$/, `/${datname}`) });
    await db.connect();
    const { rows: tables } = await db.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    for (const { t } of tables) all += JSON.stringify((await db.query(`SELECT * FROM "${t}"`)).rows);
    await db.end();
  }
  return all;
}
const leaks = (text: string) => [...SECRETS.filter((s) => text.includes(s)), ...STORY.filter((r) => r.test(text)).map(String)];

it('runs the checkout story', async () => {
  await checkoutStory(platform.api, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
}, 120_000);

it('keeps a customer with a phone and addresses; support sees them masked', async () => {
  const reg = await call<{ accessToken: string; user: { id: string } }>('POST', '/auth/register', {
    ...ada,
    phone: undefined,
    password: 'quill feather passphrase',
  });
  expect(reg.status).toBe(201);
  const me = { token: reg.body.accessToken };
  expect((await call('PATCH', '/me', { phone: ada.phone }, me)).body).toMatchObject({
    email: ada.email,
    name: ada.name,
    phone: ada.phone,
  });
  const address = await call<{ id: string }>('POST', '/me/addresses', { ...home, phone: ada.phone }, me);
  expect(address.status).toBe(201);
  expect((await call('GET', '/me/addresses', undefined, me)).body).toMatchObject([home]);

  const asSupport = { token: cast.support.token };
  const seen = await call<Record<string, unknown>>('GET', `/users/${reg.body.user.id}`, undefined, asSupport);
  expect(seen.status).toBe(200);
  expect(seen.body).toMatchObject({ email: `ad***@example.com`, phone: '***6789', name: 'A***' });
  expect(seen.text).not.toMatch(/Quillfeather|Obscure|15123456789/);
  const mails = await call<{ rows: { to?: string; body?: string }[] }>(
    'GET',
    '/notifications/deliveries?pageSize=100',
    undefined,
    asSupport,
  );
  expect(mails.body.rows.length).toBeGreaterThan(0);
  for (const mail of mails.body.rows) expect([mail.to?.includes('***@') ?? true, mail.body]).toEqual([true, undefined]);
  const asAdmin = { token: cast.admin.token };
  expect((await call('GET', `/users/${reg.body.user.id}`, undefined, asAdmin)).body).toMatchObject({
    email: ada.email,
    phone: ada.phone,
  });
  const byEmail = await call<{ rows: { id: string }[] }>(
    'GET',
    `/users?search=${encodeURIComponent(ada.email.toUpperCase())}`,
    undefined,
    asAdmin,
  );
  expect(byEmail.body.rows.map((r) => r.id)).toEqual([reg.body.user.id]);
}, 120_000);

it('refuses lookalike identities: fullwidth letters are the same account, bidi and zero-width characters are refused', async () => {
  const password = 'another long passphrase';
  const base = `lookalike-${id}@example.com`;
  expect((await call('POST', '/auth/register', { email: base, password, name: 'Original' })).status).toBe(201);
  const fullwidth = await call('POST', '/auth/register', { email: base.replace('a', '\uFF41'), password, name: 'Twin' });
  expect(fullwidth.status).toBe(409);
  for (const email of [
    `ada\u202Emoc.elpmaxe-${id}@example.com`,
    `ada\u200B.quill-${id}@example.com`,
    `ada.quill-${id}\uFEFF@example.com`,
  ]) {
    const r = await call('POST', '/auth/register', { email, password, name: 'Twin' });
    expect([r.status, r.text]).toEqual([422, expect.stringContaining('email')]);
  }
  const named = await call('POST', '/auth/register', { email: `twin-${id}@example.com`, password, name: 'Ada\u2066 Quill' });
  expect([named.status, named.text]).toEqual([422, expect.stringContaining('name')]);
  const line = await call('POST', '/me/addresses', { ...home, line1: '77 Obscure\u200D Alley' }, { token: cast.customerA.token });
  expect([line.status, line.text]).toEqual([422, expect.stringContaining('line1')]);
});

it('keeps every email, name, phone and address line out of the raw rows and out of every log line', async () => {
  expect(leaks(await rawRows())).toEqual([]);
  const logs = platform.logs.join('\n');
  expect(platform.logs.length).toBeGreaterThan(100);
  const identities = [cast.customerA, cast.customerB, cast.support].map((c) => c.email);
  expect([...leaks(logs), ...identities.filter((e) => logs.includes(e))]).toEqual([]);
});

it('rotates the KEK while serving: keys:rotate re-wraps every data key; old and new nodes read on', async () => {
  const { loadConfig } = await import('../../config/config');
  const { rotateKeys } = await import('../../scripts/keys-rotate');
  const { createStore } = await import('../../mixins/store/store.factory');
  const { usersSchema } = await import('../../services/users/users.schema');
  const fresh = `p2:${randomBytes(32).toString('base64')}`;
  const reports = await rotateKeys(
    loadConfig({ ...process.env, PII_KEYS: `${fresh},${process.env.PII_KEYS}`, PII_KEY_ID: 'p2' }),
  );
  expect(reports.map((r) => r.store).sort()).toEqual(['auth', 'notifications', 'orders', 'users']);
  expect(reports.every((r) => r.rewrapped === r.keys)).toBe(true);
  expect(reports.find((r) => r.store === 'users')!.keys).toBeGreaterThanOrEqual(3);
  // The running nodes (which still know only the old KEK) keep serving.
  const login = await call<{ accessToken: string }>('POST', '/auth/login', {
    email: ada.email,
    password: 'quill feather passphrase',
  });
  expect(login.status).toBe(200);
  expect((await call('GET', '/me/addresses', undefined, { token: login.body.accessToken })).body).toMatchObject([home]);
  // A node that knows only the new KEK reads what was written under the old one.
  const onlyNew = createStore(loadConfig({ ...process.env, PII_KEYS: fresh }), 'users', usersSchema);
  await onlyNew.connect();
  try {
    const [profile] = await onlyNew.collection('profiles').find({ filter: { email: ada.email } });
    expect(profile).toMatchObject({ email: ada.email, name: ada.name, phone: ada.phone });
  } finally {
    await onlyNew.disconnect();
  }
}, 60_000);

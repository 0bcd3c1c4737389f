import { randomUUID } from 'node:crypto';
import { eventually } from '../../test/support/eventually';
import type { Store } from '../../mixins/store/store.types';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { startPlatform, type Platform } from '../../test/support/platform';
import type { AddressView, PaymentMethodView, Profile, ProfilePage, UserDetail, WishlistView } from './users.contract';

let platform: Platform;

/** Every field a reply of the routes under test may carry, for reading in assertions. */
type Reply = { error: { type: string; message: string; fields: { field: string; message: string }[] } } & UserDetail &
  ProfilePage &
  AddressView &
  PaymentMethodView &
  WishlistView & { user: { id: string }; accessToken: string };

interface Res<T = Reply> {
  status: number;
  body: T;
  text: string;
}

async function http<T = Reply>(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<Res<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${platform.api}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

/** A 422 naming `key`: as a field, or in the message the validator writes about an object's unknown keys. */
const rejectsField = (res: Res, key: string) =>
  res.status === 422 && res.body.error.fields.some((f) => f.field === key || new RegExp(`\\b${key}\\b`).test(f.message));

let seq = 0;
async function register(name: string): Promise<{ id: string; email: string; token: string }> {
  const email = `${name.toLowerCase()}.${Date.now()}.${seq++}@example.com`;
  const res = await http('POST', '/auth/register', { body: { email, password: 'a long enough passphrase', name } });
  expect(res.status).toBe(201);
  return { id: res.body.user.id, email, token: res.body.accessToken };
}

async function login(email: string, password: string): Promise<string> {
  const res = await http('POST', '/auth/login', { body: { email, password } });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

const usersStore = (): Store =>
  (platform.broker.getLocalService('users') as unknown as { store(n: string): Store }).store('users');
const profiles = () => usersStore().collection<Profile>('profiles');

const home = { label: 'Home', name: 'Ann Smith', line1: 'Bahnhofstrasse 1', city: 'Zürich', postalCode: '8001', country: 'CH' };
const card = {
  provider: 'sandbox',
  token: 'tok_sandbox_visa_0001',
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
};

let ann: Awaited<ReturnType<typeof register>>;
let bob: Awaited<ReturnType<typeof register>>;
let supportToken: string;
let adminToken: string;
let productId: string;

beforeAll(async () => {
  platform = await startPlatform(['api', 'auth', 'users', 'products'], {
    ADMIN_PASSWORD: 'a-strong-admin-passphrase',
    // The password policy refuses a password containing the email's local part, and this one says "admin".
    ADMIN_EMAIL: 'ops@example.com',
  });
  [ann, bob] = await Promise.all([register('Ann'), register('Bob')]);
  adminToken = await login('ops@example.com', 'a-strong-admin-passphrase');
  const sue = await register('Sue');
  expect((await http('PUT', `/auth/accounts/${sue.id}/roles`, { token: adminToken, body: { roles: ['support'] } })).status).toBe(
    200,
  );
  supportToken = await login(sue.email, 'a long enough passphrase');
  const product = await platform.broker.call<{ id: string }, object>(
    'products.create',
    {
      slug: `mug-${randomUUID().slice(0, 8)}`,
      name: 'Mug',
      brand: 'Acme',
      status: 'active',
      variants: [{ sku: 'MUG-1', price: { amount: 1200, currency: 'EUR' } }],
    },
    { meta: { user: SYSTEM_PRINCIPAL } },
  );
  productId = product.id;
}, 60_000);

afterAll(() => platform?.stop());

describe('profile', () => {
  it('is created from user.registered, once per event', async () => {
    const carl = await register('Carl');
    const profile = await eventually(() => profiles().get(carl.id));
    expect(profile).toMatchObject({ email: carl.email, name: 'Carl', preferences: { language: 'en', currency: 'EUR' } });
    // A redelivered envelope (same id) changes nothing, even when its data differs.
    const envelope = {
      id: randomUUID(),
      event: 'user.registered',
      occurredAt: Date.now(),
      source: 'auth',
      data: { id: randomUUID(), email: 'dora@example.com', name: 'Dora' },
    };
    await platform.broker.emit('user.registered', envelope);
    await eventually(() => profiles().get(envelope.data.id));
    await platform.broker.emit('user.registered', { ...envelope, data: { ...envelope.data, name: 'Changed' } });
    await platform.broker.emit('user.registered', { ...envelope, id: randomUUID(), data: { id: 'bad' } });
    await new Promise((r) => setTimeout(r, 300));
    expect((await profiles().get(envelope.data.id))?.name).toBe('Dora');
    expect(await usersStore().collection('inbox').get(envelope.id)).toMatchObject({ event: 'user.registered', source: 'auth' });
  });

  it('is created lazily when the event never came, and a late event then changes nothing', async () => {
    // ensureAdmin creates the admin without any event: the first /api/me call must create the profile.
    const admin = await http('GET', '/me', { token: adminToken });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ email: 'ops@example.com', name: 'Administrator' });
    const late = {
      id: randomUUID(),
      event: 'user.registered',
      occurredAt: Date.now(),
      source: 'auth',
      data: { id: admin.body.id, email: 'x@example.com', name: 'Late' },
    };
    await platform.broker.emit('user.registered', late);
    await eventually(() => usersStore().collection('inbox').get(late.id));
    expect((await http('GET', '/me', { token: adminToken })).body.name).toBe('Administrator');
  });

  it('is recreated from the account when it went missing', async () => {
    await eventually(() => profiles().get(bob.id));
    await profiles().remove(bob.id);
    const [a, b] = await Promise.all([
      http('GET', '/me', { token: bob.token }),
      http('GET', '/me/preferences', { token: bob.token }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toMatchObject({ id: bob.id, email: bob.email, name: 'Bob' });
  });

  it('can be changed by its owner, with strict validation', async () => {
    const ok = await http('PATCH', '/me', { token: ann.token, body: { name: 'Ann Smith', phone: '+41791234567' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Ann Smith', phone: '+41791234567' });
    const badPhone = await http('PATCH', '/me', { token: ann.token, body: { phone: '079 123' } });
    expect(badPhone.status).toBe(422);
    expect(badPhone.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['phone']);
    const unknown = await http('PATCH', '/me', { token: ann.token, body: { email: 'evil@example.com' } });
    expect(unknown.status).toBe(422);
    expect((await http('PATCH', '/me', { token: ann.token, body: { name: null } })).status).toBe(422);
    const cleared = await http('PATCH', '/me', { token: ann.token, body: { phone: null } });
    expect(cleared.body.phone).toBeUndefined();
    expect((await http('GET', '/me', { token: ann.token })).body).toMatchObject({ email: ann.email, name: 'Ann Smith' });
  });

  it('has preferences with defaults that PUT replaces', async () => {
    expect((await http('GET', '/me/preferences', { token: ann.token })).body).toEqual({
      channels: { email: true, sms: false, push: false },
      language: 'en',
      currency: 'EUR',
    });
    const prefs = { channels: { email: false, sms: true, push: true }, language: 'de', currency: 'CHF' };
    expect((await http('PUT', '/me/preferences', { token: ann.token, body: prefs })).body).toEqual(prefs);
    expect((await http('GET', '/me/preferences', { token: ann.token })).body).toEqual(prefs);
    const bad = await http('PUT', '/me/preferences', { token: ann.token, body: { ...prefs, language: 'xx', currency: 'eur' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['currency', 'language']);
    expect(
      (await http('PUT', '/me/preferences', { token: ann.token, body: { ...prefs, channels: { email: true, sms: true } } }))
        .status,
    ).toBe(422);
    expect((await http('PUT', '/me/preferences', { token: ann.token, body: { ...prefs, theme: 'dark' } })).status).toBe(422);
  });

  it('needs a signed-in caller', async () => {
    for (const path of ['/me', '/me/preferences', '/me/addresses', '/me/payment-methods', '/me/wishlist', '/users']) {
      expect((await http('GET', path)).status).toBe(401);
    }
    expect((await http('POST', '/me/addresses', { body: home })).status).toBe(401);
  });
});

describe('addresses', () => {
  const defaults = async (token: string) =>
    Object.fromEntries(
      ((await http<AddressView[]>('GET', '/me/addresses', { token })).body ?? []).map((a) => [
        a.id,
        [a.isDefaultShipping, a.isDefaultBilling],
      ]),
    );

  it('keep exactly one default shipping and one default billing address', async () => {
    const a1 = await http<AddressView>('POST', '/me/addresses', { token: ann.token, body: home });
    expect(a1.status).toBe(201);
    expect(a1.body).toMatchObject({ ...home, isDefaultShipping: true, isDefaultBilling: true });
    expect(a1.body).not.toHaveProperty('userId');

    const a2 = await http<AddressView>('POST', '/me/addresses', {
      token: ann.token,
      body: { ...home, label: 'Office', line1: 'Paradeplatz 8', isDefaultShipping: true },
    });
    const a3 = await http<AddressView>('POST', '/me/addresses', {
      token: ann.token,
      body: { ...home, label: 'Parents', line1: 'Dorfstrasse 3', line2: 'c/o Smith' },
    });
    expect(await defaults(ann.token)).toEqual({
      [a1.body.id]: [false, true],
      [a2.body.id]: [true, false],
      [a3.body.id]: [false, false],
    });

    const patched = await http<AddressView>('PATCH', `/me/addresses/${a3.body.id}`, {
      token: ann.token,
      body: { isDefaultBilling: true, city: 'Bern', line2: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ city: 'Bern', isDefaultBilling: true });
    expect(patched.body).not.toHaveProperty('line2');
    expect(await defaults(ann.token)).toEqual({
      [a1.body.id]: [false, false],
      [a2.body.id]: [true, false],
      [a3.body.id]: [false, true],
    });

    const unset = await http('PATCH', `/me/addresses/${a2.body.id}`, { token: ann.token, body: { isDefaultShipping: false } });
    expect(unset.status).toBe(422);
    expect(unset.body.error.fields[0].field).toBe('isDefaultShipping');

    // Deleting the default shipping address promotes the most recently updated one left: a3.
    expect((await http('DELETE', `/me/addresses/${a2.body.id}`, { token: ann.token })).status).toBe(204);
    expect(await defaults(ann.token)).toEqual({ [a1.body.id]: [false, false], [a3.body.id]: [true, true] });
    expect((await http('GET', `/me/addresses/${a2.body.id}`, { token: ann.token })).status).toBe(404);
    expect((await http('GET', `/me/addresses/${a1.body.id}`, { token: ann.token })).body).toMatchObject({ line1: home.line1 });
  });

  it('validate every field and reject unknown ones', async () => {
    const fields = async (body: unknown) =>
      (await http('POST', '/me/addresses', { token: ann.token, body })).body.error?.fields?.map(
        (f: { field: string }) => f.field,
      );
    expect(await fields({ ...home, country: 'ch' })).toEqual(['country']);
    expect(await fields({ ...home, country: 'ZZ' })).toEqual(['country']);
    expect(await fields({ ...home, name: '   ' })).toEqual(['name']);
    expect(await fields({ ...home, city: 'Zü\u0000rich' })).toEqual(['city']);
    expect(await fields({ ...home, line1: 'x'.repeat(201) })).toEqual(['line1']);
    expect(
      rejectsField(await http('POST', '/me/addresses', { token: ann.token, body: { ...home, userId: bob.id } }), 'userId'),
    ).toBe(true);
    expect(await fields({ ...home, isDefaultShipping: 'yes' })).toEqual(['isDefaultShipping']);
    const { postalCode: _p, ...missing } = home;
    expect(await fields(missing)).toEqual(['postalCode']);
    expect(await fields({ ...home, name: { $gt: '' } })).toEqual(['name']);
    expect((await http('PATCH', '/me/addresses/x', { token: ann.token, body: { name: null } })).status).toBe(422);
    const before = (await http<AddressView[]>('GET', '/me/addresses', { token: ann.token })).body.length;
    for (const body of [[home], 'home', 42, null]) {
      const res = await http('POST', '/me/addresses', { token: ann.token, body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await http<AddressView[]>('GET', '/me/addresses', { token: ann.token })).body).toHaveLength(before);
  });

  it('are limited to 20 per user', async () => {
    const dan = await register('Dan');
    const results = [];
    for (let i = 0; i < 20; i++)
      results.push((await http('POST', '/me/addresses', { token: dan.token, body: { ...home, line1: `Street ${i}` } })).status);
    expect(results.every((s) => s === 201)).toBe(true);
    const over = await http('POST', '/me/addresses', { token: dan.token, body: home });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ type: 'LIMIT_REACHED', message: expect.stringContaining('20') });
  });

  it('stay their owner’s under concurrent writes', async () => {
    const eve = await register('Eve');
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        http('POST', '/me/addresses', {
          token: eve.token,
          body: { ...home, line1: `Lane ${i}`, isDefaultShipping: i % 2 === 0 },
        }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(6).fill(201));
    const flags = Object.values(await defaults(eve.token));
    expect(flags.filter(([ship]) => ship)).toHaveLength(1);
    expect(flags.filter(([, bill]) => bill)).toHaveLength(1);
  });
});

describe('payment methods', () => {
  it('store a provider token and never show it', async () => {
    const first = await http<PaymentMethodView>('POST', '/me/payment-methods', { token: ann.token, body: card });
    expect(first.status).toBe(201);
    expect(Object.keys(first.body).sort()).toEqual([
      'brand',
      'createdAt',
      'expMonth',
      'expYear',
      'id',
      'isDefault',
      'last4',
      'provider',
    ]);
    expect(first.body.isDefault).toBe(true);
    const second = await http<PaymentMethodView>('POST', '/me/payment-methods', {
      token: ann.token,
      body: { ...card, token: 'tok_sandbox_mc_0002', brand: 'mastercard', last4: '4444', isDefault: true },
    });
    expect(second.body.isDefault).toBe(true);
    const list = await http<PaymentMethodView[]>('GET', '/me/payment-methods', { token: ann.token });
    expect(list.body.map((m) => [m.id, m.isDefault])).toEqual([
      [first.body.id, false],
      [second.body.id, true],
    ]);
    const support = await http('GET', `/users/${ann.id}`, { token: supportToken });
    for (const res of [first, second, list, support]) expect(res.text).not.toMatch(/tok_sandbox|"token"/);

    expect(
      (await http('PATCH', `/me/payment-methods/${first.body.id}`, { token: ann.token, body: { isDefault: true } })).body
        .isDefault,
    ).toBe(true);
    expect(
      (await http('PATCH', `/me/payment-methods/${first.body.id}`, { token: ann.token, body: { isDefault: false } })).status,
    ).toBe(422);
    expect((await http('DELETE', `/me/payment-methods/${first.body.id}`, { token: ann.token })).status).toBe(204);
    expect(
      (await http<PaymentMethodView[]>('GET', '/me/payment-methods', { token: ann.token })).body.map((m) => [m.id, m.isDefault]),
    ).toEqual([[second.body.id, true]]);

    // Only platform code gets the token, and only for the owner's id.
    const internal = await platform.broker.call<{ token: string }, object>('users.getPaymentMethod', {
      userId: ann.id,
      id: second.body.id,
    });
    expect(internal.token).toBe('tok_sandbox_mc_0002');
    await expect(platform.broker.call('users.getPaymentMethod', { userId: bob.id, id: second.body.id })).rejects.toMatchObject({
      code: 404,
    });
    expect((await http('GET', `/me/getPaymentMethod?userId=${ann.id}&id=${second.body.id}`, { token: ann.token })).status).toBe(
      404,
    );
  });

  it('reject expired cards, card numbers and unknown fields', async () => {
    const fields = async (body: unknown) => {
      const res = await http('POST', '/me/payment-methods', { token: ann.token, body });
      expect(res.status).toBe(422);
      return res.body.error.fields.map((f: { field: string }) => f.field);
    };
    expect(await fields({ ...card, expYear: 2020 })).toEqual(['expYear']);
    expect(await fields({ ...card, token: '4242424242424242' })).toEqual(['token']);
    expect(await fields({ ...card, token: '4242-4242-4242-4242' })).toEqual(['token']);
    expect(
      rejectsField(await http('POST', '/me/payment-methods', { token: ann.token, body: { ...card, cvc: '123' } }), 'cvc'),
    ).toBe(true);
    expect(await fields({ ...card, provider: 'paypal', last4: '42', expMonth: 13 })).toEqual(['provider', 'last4', 'expMonth']);
  });
});

describe('ownership', () => {
  it('another customer’s address or payment method answers 404, exactly like a missing one, and stays unchanged', async () => {
    const address = await http<AddressView>('POST', '/me/addresses', { token: ann.token, body: { ...home, label: 'Cabin' } });
    const method = await http<PaymentMethodView>('POST', '/me/payment-methods', {
      token: ann.token,
      body: { ...card, token: 'tok_sandbox_cabin_0003' },
    });
    const before = [
      (await http('GET', '/me/addresses', { token: ann.token })).text,
      (await http('GET', '/me/payment-methods', { token: ann.token })).text,
    ];

    const missing = randomUUID();
    const attempts: [string, string, unknown?][] = [
      ['GET', `/me/addresses/${address.body.id}`],
      ['PATCH', `/me/addresses/${address.body.id}`, { city: 'Hijacked', isDefaultShipping: true }],
      ['DELETE', `/me/addresses/${address.body.id}`],
      ['PATCH', `/me/payment-methods/${method.body.id}`, { isDefault: true }],
      ['DELETE', `/me/payment-methods/${method.body.id}`],
    ];
    for (const [verb, path, body] of attempts) {
      const theirs = await http(verb, path, { token: bob.token, body });
      const nobodys = await http(verb, path.replace(/[0-9a-f-]{36}$/, missing), { token: bob.token, body });
      expect([theirs.status, theirs.body]).toEqual([404, nobodys.body]);
    }
    expect([
      (await http('GET', '/me/addresses', { token: ann.token })).text,
      (await http('GET', '/me/payment-methods', { token: ann.token })).text,
    ]).toEqual(before);
    expect((await http('GET', '/me/payment-methods', { token: bob.token })).body).toEqual([]);
  });
});

describe('wishlist', () => {
  it('adds existing products idempotently and removes them idempotently', async () => {
    const added = await http('PUT', `/me/wishlist/${productId}`, { token: ann.token });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ productId });
    expect((await http('PUT', `/me/wishlist/${productId}`, { token: ann.token })).status).toBe(200);
    expect((await http('GET', '/me/wishlist', { token: ann.token })).body).toEqual([{ productId, addedAt: added.body.addedAt }]);
    expect((await http('GET', '/me/wishlist', { token: bob.token })).body).toEqual([]);

    const unknown = await http('PUT', `/me/wishlist/${randomUUID()}`, { token: ann.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Product not found');
    expect((await http('PUT', '/me/wishlist/bad%20id', { token: ann.token })).status).toBe(422);

    expect((await http('DELETE', `/me/wishlist/${productId}`, { token: bob.token })).status).toBe(204);
    expect((await http('GET', '/me/wishlist', { token: ann.token })).body).toHaveLength(1);
    expect((await http('DELETE', `/me/wishlist/${productId}`, { token: ann.token })).status).toBe(204);
    expect((await http('DELETE', `/me/wishlist/${productId}`, { token: ann.token })).status).toBe(204);
    expect((await http('GET', '/me/wishlist', { token: ann.token })).body).toEqual([]);
  });
});

describe('support and admin', () => {
  it('support reads any user (contact data masked) with addresses and payment methods; customers get 403, anonymous 401', async () => {
    const detail = await http('GET', `/users/${ann.id}`, { token: supportToken });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: ann.id, email: 'an***@example.com' });
    expect(detail.body.addresses.length).toBeGreaterThan(0);
    expect(detail.body.paymentMethods.length).toBeGreaterThan(0);
    expect(detail.text).not.toContain('tok_sandbox');
    expect((await http('GET', `/users/${randomUUID()}`, { token: supportToken })).status).toBe(404);
    expect((await http('GET', `/users/${ann.id}`, { token: bob.token })).status).toBe(403);
    expect((await http('GET', `/users/${ann.id}`)).status).toBe(401);
    expect((await http('GET', `/users/${ann.id}`, { token: adminToken })).body).toMatchObject({ id: ann.id, email: ann.email });
  });

  it('lists and searches profiles with paging', async () => {
    const found = await http('GET', `/users?search=${encodeURIComponent(ann.email.toUpperCase())}&page=1&pageSize=5`, {
      token: supportToken,
    });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 1, page: 1, pageSize: 5 });
    expect(found.body.rows[0]).toMatchObject({ id: ann.id });
    const page = await http('GET', '/users?pageSize=2', { token: adminToken });
    expect(page.body.rows).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    expect((await http('GET', '/users?search=&pageSize=2', { token: adminToken })).body.total).toBe(page.body.total);
    expect((await http('GET', '/users?pageSize=1000', { token: adminToken })).status).toBe(422);
    expect((await http('GET', '/users?search=%00', { token: adminToken })).status).toBe(422);
    expect((await http('GET', '/users', { token: ann.token })).status).toBe(403);
  });
});

describe('logs', () => {
  it('never carry a provider token or an access token', () => {
    const all = platform.logs.join('\n');
    expect(all).toContain('users');
    for (const secret of ['tok_sandbox', ann.token, bob.token, supportToken]) expect(all).not.toContain(secret);
  });
});

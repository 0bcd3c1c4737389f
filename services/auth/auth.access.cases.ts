import { type AccessCases, type Fixture, ofA } from '../../test/security/access-cases';

const fresh = async (f: Fixture) => (f.me ? (await f.cast.relogin(f.me)).token : undefined);

/** Who may call each route of this service (test/security/authorization-matrix.spec.ts runs them). */
const cases: AccessCases = {
  'POST /api/auth/register': {
    request: () => ({
      path: '/auth/register',
      body: { email: `reg-${Math.random().toString(36).slice(2)}@example.com`, password: 'a long enough passphrase', name: 'R' },
    }),
    expect: [201, 201, 201, 201, 201],
  },
  'POST /api/auth/login': {
    request: (f) => ({ path: '/auth/login', body: { email: ofA(f).email, password: ofA(f).password } }),
    expect: [200, 200, 200, 200, 200],
  },
  'POST /api/auth/refresh': {
    request: async (f) => ({ path: '/auth/refresh', body: { refreshToken: (await f.cast.newCustomer()).refreshToken } }),
    expect: [200, 200, 200, 200, 200],
  },
  'POST /api/auth/logout': {
    request: async (f) => ({ path: '/auth/logout', body: {}, token: await fresh(f) }),
    expect: [401, 204, 204, 204, 204],
  },
  'GET /api/auth/session': { request: () => ({ path: '/auth/session' }), expect: [401, 200, 200, 200, 200] },
  'POST /api/auth/password/forgot': {
    request: (f) => ({ path: '/auth/password/forgot', body: { email: ofA(f).email } }),
    expect: [202, 202, 202, 202, 202],
  },
  'POST /api/auth/password/reset': {
    request: () => ({ path: '/auth/password/reset', body: { token: 'x'.repeat(43), password: 'another long passphrase' } }),
    expect: [400, 400, 400, 400, 400],
  },
  'POST /api/auth/password/change': {
    request: () => ({
      path: '/auth/password/change',
      body: { currentPassword: 'not the current one', newPassword: 'another long passphrase' },
    }),
    expect: [401, 403, 403, 403, 403],
  },
  'POST /api/auth/email/verify': {
    request: () => ({ path: '/auth/email/verify', body: { token: 'x'.repeat(43) } }),
    expect: [400, 400, 400, 400, 400],
  },
  'POST /api/auth/email/verify/resend': {
    request: () => ({ path: '/auth/email/verify/resend', body: {} }),
    expect: [401, 202, 202, 202, 202],
  },
  'GET /api/auth/accounts': { request: () => ({ path: '/auth/accounts' }), expect: [401, 403, 403, 200, 200] },
  'PUT /api/auth/accounts/:id/roles': {
    request: async (f) => ({ path: `/auth/accounts/${(await f.cast.newCustomer()).id}/roles`, body: { roles: ['customer'] } }),
    expect: [401, 403, 403, 403, 200],
  },
  'PUT /api/auth/accounts/:id/status': {
    request: async (f) => ({ path: `/auth/accounts/${(await f.cast.newCustomer()).id}/status`, body: { status: 'disabled' } }),
    expect: [401, 403, 403, 403, 200],
  },
  'GET /api/auth/audit': { request: () => ({ path: '/auth/audit' }), expect: [401, 403, 403, 403, 200] },
};

export default cases;

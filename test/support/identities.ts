import { randomBytes } from 'node:crypto';
import { client, type Call } from './http';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'a-strong-admin-passphrase';

export interface Identity {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

export interface Cast {
  call: Call;
  customerA: Identity;
  customerB: Identity;
  support: Identity;
  admin: Identity;
  /** A brand-new customer (for cells that consume something of their own). */
  newCustomer(): Promise<Identity>;
  /** Signs in again: a fresh session of the same person. */
  relogin(who: Identity): Promise<Identity>;
}

const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString('hex')}@example.com`;

/** Customers A and B, a support agent and the admin, signed in through the real routes. */
export async function castOf(api: string): Promise<Cast> {
  const call = client(api);
  const login = async (email: string, password: string, id = ''): Promise<Identity> => {
    const res = await call<{ accessToken: string; refreshToken: string; user: { id: string } }>('POST', '/auth/login', {
      email,
      password,
    });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
    return { id: id || res.body.user.id, email, password, token: res.body.accessToken, refreshToken: res.body.refreshToken };
  };
  const newCustomer = async (tag = 'customer'): Promise<Identity> => {
    const email = uniqueEmail(tag);
    const password = `pass-${randomBytes(8).toString('hex')}`;
    const res = await call<{ accessToken: string; refreshToken: string; user: { id: string } }>('POST', '/auth/register', {
      email,
      password,
      name: tag,
    });
    if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${res.text}`);
    return { id: res.body.user.id, email, password, token: res.body.accessToken, refreshToken: res.body.refreshToken };
  };
  const admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
  const agent = await newCustomer('support');
  const promoted = await call('PUT', `/auth/accounts/${agent.id}/roles`, { roles: ['support'] }, { token: admin.token });
  if (promoted.status !== 200) throw new Error(`promote support: ${promoted.status} ${promoted.text}`);
  return {
    call,
    customerA: await newCustomer('alice'),
    customerB: await newCustomer('bob'),
    support: await login(agent.email, agent.password, agent.id),
    admin,
    newCustomer: () => newCustomer(),
    relogin: (who) => login(who.email, who.password, who.id),
  };
}

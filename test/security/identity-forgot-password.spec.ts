import { randomBytes } from 'node:crypto';
import { startPlatform, type Platform } from '../support/platform';
import { client, type Call } from '../support/http';
import { eventually } from '../support/eventually';
import type { AuthThis } from '../../services/auth/auth.core';
import { mailsTo } from '../../services/auth/auth.integration.client';

const PASSWORD = 'correct horse battery staple';
const run = randomBytes(3).toString('hex');

let platform: Platform;
let call: Call;
beforeAll(async () => {
  platform = await startPlatform(['api', 'auth']);
  call = client(platform.api);
}, 60_000);
afterAll(() => platform?.stop());

/** Within `ms`, or the string 'timeout'. */
const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);

it('answers a forgot-password request before anything that depends on the address having an account', async () => {
  const email = `owner-${run}@example.com`;
  expect((await call('POST', '/auth/register', { email, password: PASSWORD, name: 'Owner' })).status).toBe(201);
  const auth = platform.broker.getLocalService('auth') as unknown as AuthThis;
  const lookUp = auth.findAccountByEmail;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let lookups = 0;
  // Hold every account lookup: an answer that waited for one would not come back.
  auth.findAccountByEmail = async function (this: AuthThis, address: string) {
    lookups++;
    await held;
    return lookUp.call(this, address);
  };
  try {
    const answers = await within(
      5_000,
      Promise.all([
        call('POST', '/auth/password/forgot', { email }),
        call('POST', '/auth/password/forgot', { email: `nobody-${run}@example.com` }),
      ]),
    );
    expect(answers).not.toBe('timeout');
    const [known, unknown] = answers as Awaited<ReturnType<Call>>[];
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.text).toBe(unknown.text);
  } finally {
    release();
    auth.findAccountByEmail = lookUp;
  }
  // The work still happens, after the answer: the owner gets the mail, nobody else does.
  // Each lookup starts after its answer was sent, so the second may not have begun yet.
  await eventually(async () => lookups === 2);
  await eventually(async () => mailsTo(platform.dataDir, email, 'password-reset').length === 1);
  await eventually(async () => auth.background.size === 0);
  expect(mailsTo(platform.dataDir, `nobody-${run}@example.com`)).toHaveLength(0);
});

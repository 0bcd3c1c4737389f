import type { Account } from './auth.contract';
import {
  generatePassword,
  maskEmail,
  normalizeEmail,
  passwordProblem,
  roleChangeProblem,
  sortRoles,
  statusChangeProblem,
  toPublic,
} from './auth.domain';

const account: Account = {
  id: '1',
  email: 'a@b.c',
  name: 'A',
  passwordHash: '$argon2id$x',
  roles: ['admin'],
  status: 'active',
  createdAt: 1,
  updatedAt: 1,
  version: 3,
};

describe('auth domain', () => {
  it('normalises email', () => expect(normalizeEmail('  Ann@Example.COM ')).toBe('ann@example.com'));

  it.each([
    ['short', 'at least 12'],
    ['x'.repeat(129), 'at most 128'],
    ['ann.smith-2024!', 'must not be built from the email'],
    ['Ann.Smith@Example.com!!', 'must not be built from the email'],
    ['ann.smithann.smith', 'must not be built from the email'],
    ['aaaaaaaaaaaaaaa', 'too repetitive'],
  ])('rejects %s', (pw, why) => expect(passwordProblem(pw, 'ann.smith@example.com')).toMatch(why));

  it('accepts a long passphrase and every generated password', () => {
    expect(passwordProblem('correct horse battery staple', 'ann@example.com')).toBeNull();
    // Mentioning the local part is fine when the rest is a password on its own.
    expect(passwordProblem('a-strong-admin-passphrase', 'admin@example.com')).toBeNull();
    for (let i = 0; i < 50; i++) expect(passwordProblem(generatePassword(), 'admin@example.com')).toBeNull();
  });

  it('exposes an allow-list: never the hash or the version', () => {
    const pub = toPublic(account);
    expect(JSON.stringify(pub)).not.toContain('argon2');
    expect(Object.keys(pub).sort()).toEqual([
      'createdAt',
      'email',
      'emailVerified',
      'id',
      'name',
      'roles',
      'status',
      'updatedAt',
    ]);
    expect(pub.emailVerified).toBe(false);
    expect(toPublic({ ...account, emailVerifiedAt: 5 }).emailVerified).toBe(true);
  });

  it.each([
    ['ann.smith@example.com', 'an***@example.com'],
    ['ab@example.com', 'a***@example.com'],
    ['a@example.com', 'a***@example.com'],
    ['no-at-sign', '***'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
    expect(maskEmail(email)).not.toContain('smith');
  });

  it('keeps an admin from removing their own admin role, not from changing others', () => {
    expect(roleChangeProblem('me', 'me', ['admin'], ['customer'])).toBe('own-admin-role');
    expect(roleChangeProblem('me', 'me', ['admin'], ['admin', 'support'])).toBeNull();
    expect(roleChangeProblem('me', 'other', ['admin'], ['customer'])).toBeNull();
    expect(roleChangeProblem('me', 'me', ['support'], ['customer'])).toBeNull();
  });

  it('keeps an admin from disabling their own account', () => {
    expect(statusChangeProblem('me', 'me', 'disabled')).toBe('own-account-disabled');
    expect(statusChangeProblem('me', 'me', 'active')).toBeNull();
    expect(statusChangeProblem('me', 'other', 'disabled')).toBeNull();
  });

  it('sorts and dedupes roles', () => expect(sortRoles(['support', 'admin', 'support'])).toEqual(['admin', 'support']));
});

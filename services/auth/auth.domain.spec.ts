import { generatePassword, normalizeEmail, passwordProblem, toPublic } from './auth.domain';

describe('auth domain', () => {
  it('normalises email', () => expect(normalizeEmail('  Ann@Example.COM ')).toBe('ann@example.com'));

  it.each([
    ['short', 'at least 12'],
    ['x'.repeat(129), 'at most 128'],
    ['ann.smith-2024!', 'must not contain the email'],
    ['aaaaaaaaaaaaaaa', 'too repetitive'],
  ])('rejects %s', (pw, why) => expect(passwordProblem(pw, 'ann.smith@example.com')).toMatch(why));

  it('accepts a long passphrase and every generated password', () => {
    expect(passwordProblem('correct horse battery staple', 'ann@example.com')).toBeNull();
    for (let i = 0; i < 50; i++) expect(passwordProblem(generatePassword(), 'admin@example.com')).toBeNull();
  });

  it('never exposes the hash', () => {
    const pub = toPublic({ id: '1', email: 'a@b.c', name: 'A', passwordHash: '$argon2id$x', roles: ['admin'], status: 'active', createdAt: 1, updatedAt: 1 });
    expect(JSON.stringify(pub)).not.toContain('argon2');
  });
});

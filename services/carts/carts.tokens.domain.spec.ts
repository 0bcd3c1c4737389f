import { anonymousCartId, CART_TOKEN, customerCartId, newCartToken, presentedToken } from './carts.tokens.domain';

describe('cart tokens', () => {
  it('are 32 random bytes in base64url, distinct every time', () => {
    const tokens = Array.from({ length: 100 }, newCartToken);
    expect(tokens.every((t) => CART_TOKEN.test(t) && Buffer.from(t, 'base64url').length === 32)).toBe(true);
    expect(new Set(tokens).size).toBe(100);
  });

  it('are stored only as a SHA-256, apart from customer ids', () => {
    const token = newCartToken();
    const id = anonymousCartId(token);
    expect(id).toMatch(/^a-[0-9a-f]{64}$/);
    expect(id).not.toContain(token);
    expect(anonymousCartId(token)).toBe(id);
    expect(customerCartId('42')).toBe('u-42');
  });

  it('count as absent unless well-formed', () => {
    const token = newCartToken();
    expect(presentedToken(token)).toBe(token);
    for (const bad of [undefined, null, 42, '', `${token}x`, token.slice(1), `${token.slice(1)}=`, { $gt: '' }]) {
      expect(presentedToken(bad)).toBeUndefined();
    }
  });
});

import { createdLocation } from './api.location';

describe('createdLocation', () => {
  const routes = new Set(['/api/products/p-1', '/api/users/me/addresses/a%2Fb']);
  const readable = (path: string) => routes.has(path);

  it("names the created item's own URL when a GET is routed there", () => {
    expect(createdLocation('/api/products', { id: 'p-1', name: 'x' }, readable)).toBe('/api/products/p-1');
  });

  it('escapes the id into one path segment', () => {
    expect(createdLocation('/api/users/me/addresses', { id: 'a/b' }, readable)).toBe('/api/users/me/addresses/a%2Fb');
  });

  it("falls back to the request's path when the item has no readable URL or no id", () => {
    expect(createdLocation('/api/auth/register', { id: 'u-1' }, readable)).toBe('/api/auth/register');
    expect(createdLocation('/api/products', { sku: 'x' }, readable)).toBe('/api/products');
    expect(createdLocation('/api/products', null, readable)).toBe('/api/products');
    expect(createdLocation('/api/products', [{ id: 'p-1' }], readable)).toBe('/api/products');
  });

  it('gives none for a path a header may not carry', () => {
    expect(createdLocation('/api/pr\u00f6ducts', { id: 'p-1' }, readable)).toBeNull();
    expect(createdLocation('/api/a b', {}, readable)).toBeNull();
    expect(createdLocation('relative', {}, readable)).toBeNull();
  });
});

import { rememberAliases, type AliasLike, type SeenAliases } from './api.aliases';

const route = { path: '/api' };
const other = { path: '/admin' };
const alias = (method: string, fullPath: string, action: string, r: unknown = route): AliasLike => ({
  method,
  fullPath,
  action,
  route: r,
  _generated: true,
});

describe('rememberAliases', () => {
  const list = alias('GET', '/api/products', 'products.list');
  const create = alias('POST', '/api/products', 'products.create');
  const cart = alias('GET', '/api/cart', 'carts.get');
  const health = { method: 'GET', fullPath: '/api/health', action: 'api.health', route };

  it('keeps the routes of a service that was seen and has no node now', () => {
    const seen: SeenAliases = new Map();
    expect(rememberAliases([list, create, cart, health], route, seen)).toEqual([list, create, cart, health]);
    // products' node left: moleculer-web regenerated without its aliases.
    expect(rememberAliases([cart, health], route, seen)).toEqual([cart, health, list, create]);
  });

  it('takes a returning service’s current routes, so a route it dropped is gone', () => {
    const seen: SeenAliases = new Map();
    rememberAliases([list, create, cart], route, seen);
    rememberAliases([cart], route, seen);
    const relisted = alias('GET', '/api/products', 'products.list');
    expect(rememberAliases([relisted, cart], route, seen)).toEqual([relisted, cart]);
    expect(rememberAliases([cart], route, seen)).toEqual([cart, relisted]);
  });

  it('never invents routes for a service that was never seen, and keeps routes apart', () => {
    const seen: SeenAliases = new Map();
    const admin = alias('GET', '/admin/x', 'ops.x', other);
    expect(rememberAliases([admin, cart], route, seen)).toEqual([admin, cart]);
    expect(rememberAliases([], other, seen)).toEqual([]);
    expect(rememberAliases([], route, seen)).toEqual([cart]);
  });
});

import { mutationId, requestOf } from './carts.mutations.domain';

describe('cart mutation ids', () => {
  it("names the request by the client's key, else the calling context, else the root call", () => {
    expect(requestOf({ idempotencyKey: 'k1', parentId: 'p', requestId: 'r' })).toBe('key:k1');
    expect(requestOf({ parentId: 'p', requestId: 'r' })).toBe('ctx:p');
    expect(requestOf({ parentId: null, requestId: 'r' })).toBe('req:r');
    expect(requestOf({})).toBeNull();
  });

  it('is the same for the same change of the same request, whatever the order of the params', () => {
    const id = mutationId('u-1', 'addItem', 'key:k1', { sku: 'MUG', quantity: 2 });
    expect(mutationId('u-1', 'addItem', 'key:k1', { quantity: 2, sku: 'MUG' })).toBe(id);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('differs for another cart, action, request or change', () => {
    const id = mutationId('u-1', 'addItem', 'key:k1', { sku: 'MUG', quantity: 2 });
    expect(mutationId('u-2', 'addItem', 'key:k1', { sku: 'MUG', quantity: 2 })).not.toBe(id);
    expect(mutationId('u-1', 'updateItem', 'key:k1', { sku: 'MUG', quantity: 2 })).not.toBe(id);
    expect(mutationId('u-1', 'addItem', 'key:k2', { sku: 'MUG', quantity: 2 })).not.toBe(id);
    expect(mutationId('u-1', 'addItem', 'key:k1', { sku: 'MUG', quantity: 3 })).not.toBe(id);
  });
});

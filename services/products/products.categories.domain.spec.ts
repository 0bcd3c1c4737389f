import { buildTree, depthOf, isWithin, MAX_CATEGORY_DEPTH, pathOf, planMove, subtreeRange } from './products.categories.domain';
import type { Category } from './products.contract';

const cat = (id: string, path: string, name = id, parentId?: string): Category => ({
  id,
  slug: id,
  name,
  path,
  ...(parentId ? { parentId } : {}),
  createdAt: 0,
  updatedAt: 0,
});

describe('category tree', () => {
  it('materialises paths from the root', () => {
    expect(pathOf(null, 'a')).toBe('/a/');
    expect(pathOf({ path: '/a/' }, 'b')).toBe('/a/b/');
    expect(depthOf('/a/')).toBe(1);
    expect(depthOf('/a/b/c/')).toBe(3);
  });

  it('finds a category and its descendants with one string range, and nothing else', () => {
    const range = subtreeRange('/a/');
    const inRange = (p: string) => p >= range.$gte && p < range.$lt;
    expect(['/a/', '/a/b/', '/a/b/c/', '/a/zz-9_/'].every(inRange)).toBe(true);
    // Siblings whose id starts like the category's, and everything outside it, stay out.
    expect(['/ab/', '/a-b/', '/a_/', '/b/', '/', '/a'].some(inRange)).toBe(false);
    expect(range).toEqual({ $gte: '/a/', $lt: '/a0' });
  });

  it('knows what lies within a subtree', () => {
    expect(isWithin('/a/b/', '/a/')).toBe(true);
    expect(isWithin('/ab/', '/a/')).toBe(false);
  });

  describe('moves', () => {
    const a = cat('a', '/a/');
    const b = cat('b', '/a/b/');
    const c = cat('c', '/a/b/c/');
    const x = cat('x', '/x/');

    it('rewrite the paths of the category and its whole subtree', () => {
      const plan = planMove(b, x, [c]);
      expect(plan.problem).toBeUndefined();
      expect(Object.fromEntries(plan.paths!)).toEqual({ b: '/x/b/', c: '/x/b/c/' });
      expect(Object.fromEntries(planMove(b, null, [c]).paths!)).toEqual({ b: '/b/', c: '/b/c/' });
    });

    it('refuse a move below itself or a descendant (a cycle)', () => {
      expect(planMove(a, c, [b, c]).problem).toEqual({ field: 'parentId', message: expect.stringMatching(/below itself/) });
      expect(planMove(a, a, [b, c]).problem?.field).toBe('parentId');
    });

    it('refuse a move past the depth limit', () => {
      const deep = cat('d', `/${Array.from({ length: MAX_CATEGORY_DEPTH }, (_, i) => `p${i}`).join('/')}/`);
      expect(depthOf(deep.path)).toBe(MAX_CATEGORY_DEPTH);
      expect(planMove(b, deep, [c]).problem?.message).toMatch(/at most/);
      expect(planMove(x, cat('p', '/p/'), []).problem).toBeUndefined();
    });
  });

  it('builds a forest sorted by name at every level; orphans become roots', () => {
    const tree = buildTree([
      cat('r2', '/r2/', 'Zeta'),
      cat('r1', '/r1/', 'Alpha'),
      cat('c2', '/r1/c2/', 'Kettles', 'r1'),
      cat('c1', '/r1/c1/', 'Cups', 'r1'),
      cat('o', '/gone/o/', 'Orphan', 'gone'),
    ]);
    expect(tree.map((n) => n.name)).toEqual(['Alpha', 'Orphan', 'Zeta']);
    expect(tree[0].children.map((n) => n.name)).toEqual(['Cups', 'Kettles']);
    expect(tree[0].children[0]).toEqual({ id: 'c1', slug: 'c1', name: 'Cups', parentId: 'r1', path: '/r1/c1/', children: [] });
  });
});

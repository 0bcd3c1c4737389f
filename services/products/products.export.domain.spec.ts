import type { Category, Product } from './products.contract';
import { exported, pathIdsOf } from './products.export.domain';

const cat = (id: string, path: string): Category => ({
  id,
  slug: `${id}-slug`,
  name: `${id} name`,
  path,
  createdAt: 0,
  updatedAt: 0,
});
const product = (id: string, categoryId?: string) =>
  ({
    id,
    slug: id,
    name: id,
    description: '',
    brand: '',
    status: 'active',
    attributes: {},
    variants: [],
    images: [],
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    ...(categoryId ? { categoryId } : {}),
  }) as Product;

describe('products export', () => {
  const tree = new Map([cat('root', '/root/'), cat('mid', '/root/mid/'), cat('leaf', '/root/mid/leaf/')].map((c) => [c.id, c]));

  it('names every ancestor id on the products paths once', () => {
    expect(pathIdsOf([product('a', 'leaf'), product('b', 'mid'), product('c')], tree).sort()).toEqual(['leaf', 'mid', 'root']);
  });

  it('adds the category path root first with names and slugs', () => {
    expect(exported(product('a', 'leaf'), tree)).toMatchObject({
      categoryPath: ['root', 'mid', 'leaf'],
      categoryNames: ['root name', 'mid name', 'leaf name'],
      categorySlugs: ['root-slug', 'mid-slug', 'leaf-slug'],
    });
  });

  it('leaves the path empty when uncategorised or when an ancestor went missing meanwhile', () => {
    expect(exported(product('c'), tree).categoryPath).toEqual([]);
    const broken = new Map([...tree].filter(([id]) => id !== 'mid'));
    expect(exported(product('a', 'leaf'), broken)).toMatchObject({ categoryPath: [], categoryNames: [] });
  });
});

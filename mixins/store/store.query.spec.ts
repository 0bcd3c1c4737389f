import { collectionsOf } from './store.schema';
import { compareDocs, matches, normalizeFilter, normalizeSort, validateChange } from './store.query';
import type { StoreSchema } from './store.types';

const schema: StoreSchema = {
  migrations: [
    {
      name: '0001',
      steps: [
        {
          createCollection: {
            name: 'items',
            fields: { sku: 'string', qty: 'int', meta: 'json', at: 'timestamp' },
            versioned: true,
          },
        },
      ],
    },
    {
      name: '0002',
      steps: [
        { addField: { collection: 'items', field: 'note', type: 'string' } },
        { addIndex: { collection: 'items', fields: ['sku'], unique: true } },
      ],
    },
  ],
};
const def = collectionsOf(schema).get('items')!;

describe('store schema', () => {
  it('derives the current definition by replaying migrations', () => {
    expect(def.fields).toEqual({ sku: 'string', qty: 'int', meta: 'json', at: 'timestamp', note: 'string' });
    expect(def.unique).toEqual([['sku']]);
  });

  it.each([
    [
      {
        migrations: [
          { name: 'a', steps: [] },
          { name: 'a', steps: [] },
        ],
      },
      /declared twice/,
    ],
    [
      { migrations: [{ name: 'a', steps: [{ addField: { collection: 'nope', field: 'x', type: 'int' } }] }] },
      /Unknown collection nope/,
    ],
    [{ migrations: [{ name: 'a', steps: [{ createCollection: { name: 'Bad-Name', fields: {} } }] }] }, /Bad collection name/],
    [
      { migrations: [{ name: 'a', steps: [{ createCollection: { name: 'x', fields: { version: 'int' } } }] }] },
      /Bad field name version/,
    ],
    [
      { migrations: [{ name: 'a', steps: [{ createCollection: { name: 'x', fields: { e: 'int' }, expiresAt: 'e' } }] }] },
      /timestamp field/,
    ],
  ])('rejects a broken schema %#', (bad, message) => {
    expect(() => collectionsOf(bad as StoreSchema)).toThrow(message);
  });
});

describe('store query helpers', () => {
  it('normalizes filters and rejects unknown fields and operators', () => {
    expect(normalizeFilter(def, { sku: 'a', qty: { $gte: 1, $lt: 5 }, 'meta.color': 'red' })).toEqual([
      { path: 'sku', op: '$eq', value: 'a' },
      { path: 'qty', op: '$gte', value: 1 },
      { path: 'qty', op: '$lt', value: 5 },
      { path: 'meta.color', op: '$eq', value: 'red' },
    ]);
    expect(() => normalizeFilter(def, { nope: 1 })).toThrow(/Unknown field items.nope/);
    expect(() => normalizeFilter(def, { qty: { $where: 1 } as never })).toThrow(/Unsupported operator \$where/);
    expect(() => normalizeFilter(def, { 'sku.x': 1 })).toThrow(/not a json field/);
  });

  it('evaluates predicates with the shared null and type semantics', () => {
    const doc = { id: '1', sku: 'a', qty: 3, meta: { color: 'red' } };
    expect(matches(doc, normalizeFilter(def, { qty: { $gt: 2 }, 'meta.color': 'red' }))).toBe(true);
    expect(matches(doc, normalizeFilter(def, { qty: { $gt: '2' } }))).toBe(false);
    expect(matches(doc, normalizeFilter(def, { note: null }))).toBe(true);
    expect(matches(doc, normalizeFilter(def, { note: { $exists: true } }))).toBe(false);
    expect(matches(doc, normalizeFilter(def, { sku: { $in: ['b', 'a'] } }))).toBe(true);
  });

  it('sorts absent values first ascending and breaks ties by id', () => {
    const keys = normalizeSort(def, ['-qty']);
    expect(keys).toEqual([
      { field: 'qty', desc: true },
      { field: 'id', desc: false },
    ]);
    const rows = [{ id: 'b', qty: 1 }, { id: 'a', qty: 1 }, { id: 'c' }, { id: 'd', qty: 2 }];
    expect(rows.sort(compareDocs(keys)).map((r) => r.id)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('validates changes against the schema', () => {
    expect(() => validateChange(def, { $inc: { qty: 1 }, $set: { note: 'x' } })).not.toThrow();
    expect(() => validateChange(def, {})).toThrow(/Empty change/);
    expect(() => validateChange(def, { $set: { version: 3 } })).toThrow(/version cannot be changed/);
    expect(() => validateChange(def, { $inc: { sku: 1 } })).toThrow(/\$inc needs an int field/);
    expect(() => validateChange(def, { $inc: { qty: 0.5 } })).toThrow(/integer amount/);
    expect(() => validateChange(def, { $set: { 'meta.color': 'x' } })).toThrow(/replace whole fields/);
  });
});

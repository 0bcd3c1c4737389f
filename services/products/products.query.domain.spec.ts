import { listQueryOf, MAX_ATTR_FILTERS, searchParamsOf } from './products.query.domain';

const base = { sort: 'relevance', page: 1, pageSize: 20 };

describe('listing query', () => {
  it('collects attributes from attr[name]= and attr.name= alike, trimmed and sorted by name', () => {
    const { query, problems } = listQueryOf({ ...base, attr: { storage: ' 128GB ' }, 'attr.colour': 'black' });
    expect(problems).toEqual([]);
    expect(query).toEqual({ ...base, attr: { colour: 'black', storage: '128GB' } });
    expect(Object.keys(query.attr)).toEqual(['colour', 'storage']);
  });

  it('keeps the known params and drops empty ones', () => {
    const { query } = listQueryOf({
      ...base,
      search: 'kettle',
      category: 'kitchen',
      brand: 'Acme',
      minPrice: 0,
      maxPrice: 10,
      attr: undefined,
    });
    expect(query).toEqual({ ...base, search: 'kettle', category: 'kitchen', brand: 'Acme', minPrice: 0, maxPrice: 10, attr: {} });
    expect(listQueryOf({ ...base, search: '' }).query).toEqual({ ...base, attr: {} });
  });

  it('refuses unknown keys by name, as $$strict would', () => {
    expect(listQueryOf({ ...base, colour: 'black', 'attrx.y': 'z' }).problems.map((p) => p.field)).toEqual(['colour', 'attrx.y']);
  });

  it('refuses bad attribute names and values', () => {
    const { problems } = listQueryOf({
      ...base,
      'attr.Colour': 'black',
      'attr.$gt': '',
      'attr.__proto__': 'x',
      'attr.size': ['M', 'L'],
      'attr.fit': '   ',
      'attr.note': 'x'.repeat(101),
      'attr.nul': 'a\u0000b',
      'attr.': 'x',
    });
    expect(problems.map((p) => p.field)).toEqual([
      'attr.Colour',
      'attr.$gt',
      'attr.__proto__',
      'attr.size',
      'attr.fit',
      'attr.note',
      'attr.nul',
      'attr.',
    ]);
  });

  it('bounds the number of attribute filters and checks the price range', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_ATTR_FILTERS + 1 }, (_, i) => [`attr.a${i}`, 'x']));
    expect(listQueryOf({ ...base, ...many }).problems).toEqual([{ field: 'attr', message: expect.stringMatching(/At most/) }]);
    expect(listQueryOf({ ...base, minPrice: 5, maxPrice: 4 }).problems.map((p) => p.field)).toEqual(['minPrice']);
    expect(listQueryOf({ ...base, minPrice: 5, maxPrice: 5 }).problems).toEqual([]);
  });
});

describe('listing as a search query', () => {
  it('sends the search words as q and each attribute filter as a flat attr.<name> key', () => {
    const { query } = listQueryOf({
      ...base,
      search: 'kettle',
      brand: 'Acme',
      maxPrice: 9000,
      'attr.colour': 'black',
      attr: { size: 'L' },
    });
    expect(searchParamsOf(query)).toEqual({
      ...base,
      q: 'kettle',
      brand: 'Acme',
      maxPrice: 9000,
      'attr.colour': 'black',
      'attr.size': 'L',
    });
  });

  it('sends no q for a listing without search words', () => {
    expect(searchParamsOf(listQueryOf({ ...base, search: '' }).query)).toEqual(base);
  });
});

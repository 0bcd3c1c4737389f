import { searchQueryOf } from './search.params';

const base = { sort: 'relevance', page: 1, pageSize: 20 };

describe('search params', () => {
  it('reads attr.<name> keys into the attribute filter', () => {
    const { query, problems } = searchQueryOf({ ...base, q: 'phone', 'attr.color': ' red ', inStock: true });
    expect(problems).toEqual([]);
    expect(query).toEqual({ q: 'phone', attr: { color: 'red' }, inStock: true, sort: 'relevance', page: 1, pageSize: 20 });
  });

  it('names every bad field', () => {
    const { problems } = searchQueryOf({
      ...base,
      colour: 'red',
      'attr.Bad': 'x',
      'attr.size': '',
      minPrice: 9,
      maxPrice: 1,
      page: 60,
    });
    expect(problems.map((p) => p.field).sort()).toEqual(['attr.Bad', 'attr.size', 'colour', 'minPrice', 'page']);
  });

  it('serves results to a depth of 1000', () => {
    expect(searchQueryOf({ ...base, page: 10, pageSize: 100 }).problems).toEqual([]);
    expect(searchQueryOf({ ...base, page: 11, pageSize: 100 }).problems.map((p) => p.field)).toEqual(['page']);
  });
});

import {
  allowedEdits,
  attributeFacets,
  correctable,
  editDistance,
  oneEditAway,
  pickCorrection,
  priceFacets,
  queryWords,
  synonymRows,
} from './search.query.domain';

describe('search query domain', () => {
  it('splits a search into distinct lower-case words, trimming punctuation at their ends only', () => {
    expect(queryWords('  Phone, phone T-Shirt! ')).toEqual(['phone', 't-shirt']);
    expect(queryWords(undefined)).toEqual([]);
    expect(queryWords('a b c d e f g h i j')).toHaveLength(8);
  });

  it('corrects only plain words of three letters or more', () => {
    expect(['phnoe', 'ab', 'ktl-200', '500ml'].map(correctable)).toEqual([true, false, false, false]);
  });

  it('does not try to correct a word too long to be within two edits of any dictionary word (at most 40 letters)', () => {
    expect(correctable('a'.repeat(42))).toBe(true);
    expect(correctable('a'.repeat(43))).toBe(false);
    expect(correctable('é'.repeat(200))).toBe(false);
  });

  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('phnoe', 'phone')).toBe(1);
    expect(editDistance('kettel', 'kettle')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('picks the candidate with the fewest edits within the allowance, the nearest trigram first on ties', () => {
    expect(pickCorrection('phnoe', ['photo', 'phones', 'phone'])).toBe('phone');
    expect(pickCorrection('phnoe', ['zebra', 'acme'])).toBeNull();
    expect(allowedEdits('lamp')).toBe(1);
    expect(allowedEdits('kettles')).toBe(2);
    expect(pickCorrection('lmap', ['lamb', 'lamp'])).toBe('lamp');
    expect(pickCorrection('cat', ['bat', 'cab'])).toBe('bat');
  });

  it('lists every string one edit away, the word itself excluded', () => {
    const near = oneEditAway('phnoe');
    expect(near).toEqual(expect.arrayContaining(['phone', 'phno', 'phnoes', 'phnie']));
    expect(near).not.toContain('phnoe');
    expect(near.every((w) => editDistance('phnoe', w) === 1)).toBe(true);
  });

  it('makes synonym pairs work both ways, lower-cased and sorted', () => {
    expect(synonymRows({ Tee: ['t-shirt', 'tshirt'] })).toEqual([
      { term: 't-shirt', alternatives: ['tee'] },
      { term: 'tee', alternatives: ['t-shirt', 'tshirt'] },
      { term: 'tshirt', alternatives: ['tee'] },
    ]);
    expect(synonymRows({ same: ['same'] })).toEqual([]);
  });

  it('shapes facet counts from SQL: attribute values per name, and buckets with their upper edge', () => {
    expect(
      attributeFacets([
        { key: 'size=m', count: 1 },
        { key: 'color=red', count: 2 },
        { key: 'size=l', count: 3 },
        { key: 'note=a=b', count: 1 },
      ]),
    ).toEqual({
      color: [{ value: 'red', count: 2 }],
      note: [{ value: 'a=b', count: 1 }],
      size: [
        { value: 'l', count: 3 },
        { value: 'm', count: 1 },
      ],
    });
    expect(
      priceFacets([
        { from: 0, count: 1 },
        { from: 500_000, count: 2 },
      ]),
    ).toEqual([
      { from: 0, to: 1_000, count: 1 },
      { from: 500_000, to: null, count: 2 },
    ]);
  });
});

import { NodeMemo, type StampBase } from './products.cache';

const base = (gen: string): StampBase => ({ gen, boundaries: [] });

describe('NodeMemo', () => {
  it('keeps a loaded stamp for its TTL, then loads again', async () => {
    const memo = new NodeMemo<StampBase>(250);
    let loads = 0;
    const load = async () => base(`g${++loads}`);
    expect(await memo.get('stamp', load, 1_000)).toEqual(base('g1'));
    expect(await memo.get('stamp', load, 1_249)).toEqual(base('g1'));
    expect(await memo.get('stamp', load, 1_250)).toEqual(base('g2'));
    expect(loads).toBe(2);
  });

  it('forget drops the kept stamp; a load that began before the forget is used once, not kept', async () => {
    const memo = new NodeMemo<StampBase>(10_000);
    await memo.get('stamp', async () => base('first'), 0);
    memo.forget();
    expect(await memo.get('stamp', async () => base('old'), 1)).toEqual(base('old'));
    memo.forget();
    let finish!: (b: StampBase) => void;
    const slow = memo.get('stamp', () => new Promise<StampBase>((r) => (finish = r)), 5);
    memo.forget(); // a write commits while that load is in flight
    finish(base('old'));
    expect(await slow).toEqual(base('old'));
    expect(await memo.get('stamp', async () => base('new'), 6)).toEqual(base('new'));
    expect(await memo.get('stamp', async () => base('newer'), 7)).toEqual(base('new'));
  });

  it('with a TTL of 0 keeps nothing', async () => {
    const memo = new NodeMemo<StampBase>(0);
    let loads = 0;
    await memo.get('stamp', async () => base(`g${++loads}`), 0);
    await memo.get('stamp', async () => base(`g${++loads}`), 0);
    expect(loads).toBe(2);
  });

  it('keeps up to `max` keys, dropping the oldest first; forget drops them all', async () => {
    const memo = new NodeMemo<string>(10_000, 2);
    let loads = 0;
    const load = (v: string) => async () => (loads++, v);
    await memo.get('a', load('A'), 0);
    await memo.get('b', load('B'), 0);
    await memo.get('c', load('C'), 0); // a is dropped
    expect(loads).toBe(3);
    expect(await memo.get('b', load('B2'), 1)).toBe('B');
    expect(await memo.get('c', load('C2'), 1)).toBe('C');
    expect(await memo.get('a', load('A2'), 1)).toBe('A2');
    memo.forget();
    expect(await memo.get('b', load('B3'), 2)).toBe('B3');
  });
});

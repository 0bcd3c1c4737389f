import { BadCursorError } from '../../mixins/store/store.errors';
import type { Collection, Doc } from '../../mixins/store/store.types';
import type { StockDoc } from './contract.schema';

type It = (name: string, fn: () => Promise<void>, timeout?: number) => void;

/** Every page of a scan, calling `between` after each; fails on a document seen twice. */
async function scanAll<T extends Doc>(coll: Collection<T>, limit: number, between?: (page: number) => Promise<void>) {
  const seen = new Map<string, number>();
  let pages = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await coll.scan({ cursor, limit });
    expect(page.docs.length).toBeLessThanOrEqual(limit);
    for (const d of page.docs) seen.set(d.id, (seen.get(d.id) ?? 0) + 1);
    pages++;
    if (page.cursor === null) break;
    expect(typeof page.cursor).toBe('string');
    cursor = page.cursor;
    await between?.(pages);
  }
  const twice = [...seen].filter(([, n]) => n > 1);
  expect(twice).toEqual([]);
  return { ids: new Set(seen.keys()), pages };
}

/** scan(): native paging with an opaque cursor, the same on every engine. */
export function scanContract(it_: It, stock: () => Collection<StockDoc>, holds: () => Collection<Doc>, uid: (p: string) => string): void {
  const doc = (): StockDoc => ({ id: uid('sc'), sku: uid('sku'), warehouse: 'scan', available: 1 });

  it_('scans every live document exactly once across pages', async () => {
    const mine = await stock().insertMany(Array.from({ length: 23 }, doc));
    const { ids, pages } = await scanAll(stock(), 4);
    for (const d of mine) expect(ids.has(d.id)).toBe(true);
    expect(ids.size).toBe(await stock().count());
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(ids.size / 4));
    const whole = await stock().scan({ limit: 100_000 });
    expect(whole.cursor).toBeNull();
    expect(new Set(whole.docs.map((d) => d.id))).toEqual(ids);
    expect(whole.docs.find((d) => d.id === mine[0].id)).toEqual(await stock().get(mine[0].id));
  });

  it_('keeps every document once while new ones are inserted between pages', async () => {
    const before = await stock().insertMany(Array.from({ length: 12 }, doc));
    const added: string[] = [];
    const { ids } = await scanAll(stock(), 3, async () => {
      const more = await stock().insertMany([doc(), doc()]);
      added.push(...more.map((d) => d.id));
    });
    for (const d of before) expect(ids.has(d.id)).toBe(true);
    expect(added.length).toBeGreaterThan(0);
  });

  it_('skips expired documents', async () => {
    const orderId = uid('scan-ord');
    const past = Array.from({ length: 5 }, () => ({ id: uid('h'), orderId, qty: 1, expiresAt: Date.now() - 1000 }));
    const live = { id: uid('h'), orderId, qty: 2, expiresAt: Date.now() + 3_600_000 };
    await holds().insertMany([...past, live]);
    const { ids } = await scanAll(holds(), 1);
    expect(ids.has(live.id)).toBe(true);
    for (const p of past) expect(ids.has(p.id)).toBe(false);
  });

  it_('rejects a cursor it did not give with a typed error', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of ['', 'not a cursor!', b64('{"id":'), b64('{"id":1}'), b64('{"id":"a","x":1}'), b64('[]'), b64('null')])
      await expect(stock().scan({ cursor: bad, limit: 2 })).rejects.toBeInstanceOf(BadCursorError);
  });
}

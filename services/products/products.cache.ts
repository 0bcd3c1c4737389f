import { createHash, randomUUID } from 'node:crypto';
import type { ActionSchema, Cachers, Context } from 'moleculer';

type Cacher = Cachers.Base<object>;

/**
 * Cache keys and invalidation for the catalog's reads (Redis cluster-wide, memory when embedded).
 *
 * - Keys hash a canonical JSON of every param. Moleculer's default key joins values with `|` without
 *   escaping, so a crafted search text could produce another query's key and poison its answer.
 * - Every cached read is also keyed by a generation that each write replaces after it commits and
 *   has cleaned the cache. A read that began before the write and stores its (old) answer after the
 *   clean stores it under the previous generation, which nobody reads again.
 */

export const CATALOG_CACHE = 'products.**';
const GENERATION_KEY = 'products.$generation';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** `products.<action>:<sha256 of the canonical params>`. */
export function catalogKeygen(action: ActionSchema, _opts: unknown, ctx: Context): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(canonical(ctx.params ?? {})))
    .digest('base64url');
  return `${action.name}:${digest}`;
}

/** The current generation; `none` until the first write sets one (or without a cacher). */
export async function currentGeneration(cacher: Cacher | null | undefined): Promise<string> {
  if (!cacher) return 'none';
  const gen = (await cacher.get(GENERATION_KEY)) as string | null;
  return typeof gen === 'string' ? gen : 'none';
}

/** After a write commits: drop every cached catalog answer, then move to a new generation (kept without expiry). */
export async function invalidateCatalog(cacher: Cacher | null | undefined): Promise<void> {
  if (!cacher) return;
  await cacher.clean(CATALOG_CACHE);
  await cacher.set(GENERATION_KEY, randomUUID(), 0);
}

/** The part of a read stamp that only a write changes: the generation and the price boundaries. */
export interface StampBase {
  gen: string;
  boundaries: number[];
}

/**
 * A node's short-lived copies of catalog answers (the read stamp; product views by id, epoch and
 * generation), so a hot read costs no Redis round trip. A write forgets them on every node before
 * it answers (see forgetStamps), so the next read anywhere sees the write; the TTL only bounds a
 * node that write could not reach. A load that began before a forget is used by its own read but
 * not kept, so it cannot bring back what the write replaced. At most `max` entries, oldest out.
 */
export class NodeMemo<T> {
  private kept = new Map<string, { value: T; until: number }>();
  private version = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max = 1,
  ) {}

  async get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.kept.get(key);
    if (hit && hit.until > now) return hit.value;
    const version = this.version;
    const value = await load();
    if (this.ttlMs > 0 && version === this.version) {
      this.kept.delete(key);
      this.kept.set(key, { value, until: now + this.ttlMs });
      if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
    }
    return value;
  }

  forget(): void {
    this.kept.clear();
    this.version++;
  }
}

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

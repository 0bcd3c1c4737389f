import type { StockRecord } from '../inventory/inventory.contract';
import type { StockChanged } from './search.contract';

/**
 * A blue/green rebuild of the search index, as data: the phases a job moves through, and the
 * decisions around them (when to rebuild at start, which generation tables are garbage).
 *
 * stock → products: the new generation is filled from inventory's and the catalog's exports while
 *   the live one keeps serving and keeps taking events;
 * catch-up: what the live generation took meanwhile at a newer version is re-read from the sources
 *   into the new one (a few passes, until little is left);
 * switch: one transaction holds projection writes on the live views, notes what is still newer
 *   there, points the views at the new generation and marks the job switched;
 * switched: the noted rest is re-read into the now live generation, the old tables are dropped.
 */
export type RebuildPhase = 'stock' | 'products' | 'catch-up' | 'switched';
export type RebuildState = 'running' | 'done' | 'failed';

export interface RebuildJob {
  id: string;
  gen: string;
  /** Why it started: `admin`, `repl`, `schema <from> → <to>`, `empty index`. */
  reason: string;
  state: RebuildState;
  phase: RebuildPhase;
  /** The current phase's export cursor (opaque: the source store's scan position), null at its start. */
  cursor: string | null;
  /** The generation live before the switch (set by the switch). */
  oldGen: string | null;
  stock: number;
  products: number;
  /** Rows re-read because the live generation had them at a newer version than the new one. */
  replayed: number;
  startedAt: number;
  finishedAt?: number;
  error?: string;
}

/** A generation name the index accepts (`g` + base-36 time + a random tail), sortable by creation time. */
export const generationName = (now: number, random: string): string =>
  `g${now.toString(36)}_${random
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 8)}`;

/** Rebuild at start when the live generation was built by another schema version (or there is none yet). */
export function startReason(live: { schema: number } | null, schema: number): string | null {
  if (!live || live.schema === schema) return null;
  return `schema ${live.schema} → ${schema}`;
}

/** Generation tables nobody serves or builds: left by a rebuild that was replaced, or by one that switched and died. */
export const orphanGenerations = (all: string[], live: string | null, building: string | null): string[] =>
  all.filter((g) => g !== live && g !== building);

/** After a catch-up pass that re-read this many rows: another pass, or hold writes and switch. */
export const CATCH_UP_PASSES = 3;
export const switchNow = (replayed: number, pass: number): boolean => replayed <= 20 || pass >= CATCH_UP_PASSES;

/** A stock record as the inventory export gives it, in the shape of the event the projection applies. */
export const stockChangedOf = (r: StockRecord): StockChanged => ({
  sku: r.sku,
  warehouse: r.warehouse,
  onHand: r.onHand,
  reserved: r.reserved,
  available: r.onHand - r.reserved,
  version: r.version ?? 1,
});

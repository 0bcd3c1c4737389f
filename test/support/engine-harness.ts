import type { EngineName, Store, StoreSchema } from '../../mixins/store/store.types';

/** How the contract suite gets a fresh, isolated store on one engine. */
export interface EngineHarness {
  engine: EngineName;
  /** Human label, e.g. "postgres (server)" or "mongo (wire stand-in)". */
  label: string;
  /** Starts or checks the engine; returns why it cannot run here, or null when ready. */
  setup(): Promise<string | null>;
  /** A new store with a unique database / prefix so suites never share data. Connected and migrated. */
  createStore(name: string, schema: StoreSchema): Promise<Store>;
  teardown(): Promise<void>;
}

/**
 * Suites needing a server skip with a printed reason on a developer machine; under CI=true a
 * missing server fails the run, so CI can never pass by skipping.
 */
export function requireOrSkip(reason: string | null, what: string): boolean {
  if (!reason) return true;
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI=true: ${reason}`);
  console.warn(`[skip] ${what}: ${reason}`);
  return false;
}

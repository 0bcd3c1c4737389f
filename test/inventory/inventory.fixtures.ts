import { randomBytes } from 'node:crypto';
import type { Errors } from 'moleculer';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { LowStock, Movement, Reservation, SkuLevels, StockRecord } from '../../services/inventory/inventory.contract';
import type { Collection, Store } from '../../mixins/store/store.types';
import type { Reply } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast, type Identity } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

export type Body = Record<string, unknown> & { error: { type: string; message: string } };

export interface World {
  platform: Platform;
  cast: Cast;
  store: Store;
  stock: Collection<StockRecord>;
  movements: Collection<Movement>;
  /** An inventory action called as the platform itself (the order saga, seeding). */
  system<T>(action: string, params: unknown): Promise<T>;
  req(method: string, route: string, opts?: { as?: Identity; body?: unknown }): Promise<Reply<Body>>;
  replayLedger(movements: Movement[]): Map<string, { onHand: number; reserved: number }>;
}

/** Fresh names per test so tests never see each other's stock. */
export const uniqueSku = (tag: string) => `${tag}-${randomBytes(3).toString('hex').toUpperCase()}`;
export const uniqueOrder = (tag = 'order') => `${tag}-${randomBytes(6).toString('hex')}`;

/** The sweeper runs often enough to see it work on its own; tests that sweep call the action. */
export const SWEEP_MS = 400;

export async function startWorld(env: Record<string, string>): Promise<World> {
  // The catalog answers whether a SKU's stock is public (GET /inventory/:sku).
  const platform = await startPlatform(['api', 'auth', 'products', 'inventory'], {
    ADMIN_PASSWORD,
    RESERVATION_SWEEP_MS: String(SWEEP_MS),
    ...env,
  });
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const { replayLedger } = await import('../../services/inventory/inventory.domain');
  const { client } = await import('../support/http');
  const service = platform.broker.getLocalService('inventory') as unknown as { store(name: string): Store };
  const store = service.store('inventory');
  const cast = await castOf(platform.api);
  const call = client(platform.api);
  return {
    platform,
    cast,
    store,
    stock: store.collection<StockRecord>('stock'),
    movements: store.collection<Movement>('movements'),
    system: <T>(action: string, params: unknown) =>
      platform.broker.call<T, unknown>(`inventory.${action}`, params, { meta: { user: SYSTEM_PRINCIPAL } }),
    req: (method, route, opts = {}) => call<Body>(method, route, opts.body, { token: opts.as?.token }),
    replayLedger,
  };
}

/** The error a broker call rejected with (type, code, data), or a failure when it succeeded. */
export async function rejection(p: Promise<unknown>): Promise<Errors.MoleculerError> {
  try {
    await p;
  } catch (err) {
    return err as Errors.MoleculerError;
  }
  throw new Error('expected the call to fail');
}

export const levelsOf = (w: World, sku: string) => w.system<SkuLevels>('levels', { sku });
export const byWarehouse = (levels: SkuLevels) => Object.fromEntries(levels.warehouses.map((l) => [l.warehouse, l]));
export const allocationsOf = (r: Reservation) =>
  Object.fromEntries(r.lines.map((l) => [l.sku, l.allocations.map((a) => `${a.warehouse}:${a.quantity}`)]));

/** Every stock row equals its ledger replayed, and the ledger names no row that does not exist. */
export async function expectLedgerMatchesStock(w: World): Promise<void> {
  const [rows, movements] = await Promise.all([w.stock.find({}), w.movements.find({})]);
  const replayed = w.replayLedger(movements);
  expect(Object.fromEntries(rows.map((r) => [r.id, { onHand: r.onHand, reserved: r.reserved }]))).toEqual(
    Object.fromEntries(replayed),
  );
  for (const r of rows) expect(r.onHand - r.reserved).toBeGreaterThanOrEqual(0);
}

export { eventually } from '../support/eventually';

export const receive = (w: World, sku: string, warehouse: string, quantity: number, ref = `po-${sku}-${warehouse}`) =>
  w.system<SkuLevels>('receive', { sku, warehouse, quantity, ref });
export const reserve = (w: World, orderId: string, lines: { sku: string; quantity: number }[], expiresAt?: number) =>
  w.system<Reservation>('reserve', { orderId, lines, ...(expiresAt ? { expiresAt } : {}) });
export const movementsFor = (w: World, ref: string) => w.movements.find({ filter: { ref } });
export async function setPriority(w: World, sku: string, warehouse: string, priority: number): Promise<void> {
  const res = await w.req('PUT', `/inventory/${sku}/warehouses/${warehouse}/settings`, { as: w.cast.admin, body: { priority } });
  expect(res.status).toBe(200);
}

/** What each group of cases gets from the suite: its guarded `it`, the running world, the events seen. */
export interface Cases {
  it_(name: string, fn: () => Promise<void>, timeout?: number): void;
  world(): World;
  lowStock: EventEnvelope<LowStock>[];
}

import type { AppConfig } from '../../config/config';
import { STORE_NAMES, type StoreName } from '../../config/stores';
import { OUTBOX } from '../../mixins/messaging/outbox';
import { createStore } from '../../mixins/store/store.factory';
import type { Doc, Store, StoreSchema } from '../../mixins/store/store.types';
import { REGISTRY } from '../../services/registry';
import { STORE_SCHEMAS } from '../../services/store-schemas';
import { runChecks } from './audit.checks';
import { searchViolations } from './audit.search.checks';
import {
  DEFAULT_THRESHOLDS,
  type AuditCounts,
  type AuditData,
  type AuditReport,
  type OutboxEntry,
  type Thresholds,
} from './audit.types';

export interface AuditOptions extends Partial<Thresholds> {
  /** The audit's clock (tests move it). */
  now?: number;
  /**
   * A store this process already has open, used as it is and left open. Needed in embedded mode,
   * where a PGlite directory must have one opener: the in-process REPL command and admin route pass
   * the local services' stores. Stores it does not give are opened from `cfg` and closed after.
   */
  openStore?: (name: StoreName) => Store | undefined;
}

/** Stores the checks read besides the outboxes (`audited` in their manifests). */
const CHECKED = REGISTRY.auditedStores;

const hasOutbox = (schema: StoreSchema) =>
  schema.migrations.some((m) => m.steps.some((s) => 'createCollection' in s && s.createCollection.name === OUTBOX.name));

/** Every store the checks read or that has an outbox. */
export function auditedStores(): StoreName[] {
  return STORE_NAMES.filter((n) => CHECKED.includes(n) || hasOutbox(STORE_SCHEMAS[n]));
}

/**
 * Opens the stores (connect brings a schema up to date, as a service start would; nothing else is
 * written), reads whole collections with unfiltered finds — fine at audit sizes (thousands of rows),
 * not for millions — runs the checks and closes what it opened.
 *
 * The collections are read at slightly different moments while the platform may be running, so a change landing
 * between two reads can show as a violation once; one that persists over two runs is real. Sagas
 * are read first: an order whose saga was still running at that moment is not judged, and one whose
 * saga had already ended was settled before every later read.
 */
export async function runAudit(cfg: AppConfig, opts: AuditOptions = {}): Promise<AuditReport> {
  const thresholds: Thresholds = {
    sagaStaleMs: opts.sagaStaleMs ?? DEFAULT_THRESHOLDS.sagaStaleMs,
    outboxStaleMs: opts.outboxStaleMs ?? DEFAULT_THRESHOLDS.outboxStaleMs,
    shipmentsDueMs: opts.shipmentsDueMs ?? DEFAULT_THRESHOLDS.shipmentsDueMs,
  };
  const names = auditedStores();
  const owned: Store[] = [];
  const stores = new Map<StoreName, Store>();
  try {
    // Settled, not all: a store failing must not leave another one's connect running past the finally.
    const opened = await Promise.allSettled(
      names.map(async (name) => {
        const given = opts.openStore?.(name);
        if (given) return void stores.set(name, given);
        const store = createStore(cfg, name, STORE_SCHEMAS[name]);
        owned.push(store);
        await store.connect().catch((err: Error) => {
          throw new Error(`store ${name} (${store.engine}): ${err.message}`);
        });
        stores.set(name, store);
      }),
    );
    const failed = opened.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    if (failed.length) throw new Error(`cannot read every store: ${failed.join('; ')}`);
    const checkedAt = opts.now ?? Date.now();
    const all = <T extends Doc>(store: StoreName, collection: string) => stores.get(store)!.collection<T>(collection).find();
    const sagas = await all<AuditData['sagas'][number]>('saga', 'sagas');
    const [stock, reservations, movements, orders, payments, transactions, refunds, deliveries, outboxes] = await Promise.all([
      all<AuditData['stock'][number]>('inventory', 'stock'),
      all<AuditData['reservations'][number]>('inventory', 'reservations'),
      all<AuditData['movements'][number]>('inventory', 'movements'),
      all<AuditData['orders'][number]>('orders', 'orders'),
      all<AuditData['payments'][number]>('payments', 'payments'),
      all<AuditData['transactions'][number]>('payments', 'transactions'),
      all<AuditData['refunds'][number]>('payments', 'refunds'),
      all<AuditData['deliveries'][number]>('notifications', 'deliveries'),
      Promise.all(
        names
          .filter((n) => hasOutbox(STORE_SCHEMAS[n]))
          .map(async (n) => (await all<Omit<OutboxEntry, 'store'>>(n, OUTBOX.name)).map((row) => ({ ...row, store: n }))),
      ),
    ]);
    const [promotions, usage, usageCounters, shipments, returns, claims, receipts, returnRefunds] = await Promise.all([
      all<AuditData['promotions'][number]>('discounts', 'promotions'),
      all<AuditData['usage'][number]>('discounts', 'promotion_usage'),
      all<AuditData['usageCounters'][number]>('discounts', 'usage_counters'),
      all<AuditData['shipments'][number]>('shipments', 'shipments'),
      all<AuditData['returns'][number]>('returns', 'returns'),
      all<AuditData['claims'][number]>('returns', 'claims'),
      all<AuditData['receipts'][number]>('returns', 'receipts'),
      all<AuditData['returnRefunds'][number]>('returns', 'refunds'),
    ]);
    const data: AuditData = {
      stock,
      reservations,
      movements,
      orders,
      payments,
      transactions,
      refunds,
      sagas,
      outbox: outboxes.flat(),
      deliveries,
      promotions,
      usage,
      usageCounters,
      shipments,
      returns,
      claims,
      receipts,
      returnRefunds,
    };
    const counts = Object.fromEntries(Object.entries(data).map(([k, rows]) => [k, (rows as unknown[]).length])) as AuditCounts;
    const violations = [...runChecks(data, checkedAt, thresholds), ...(await searchViolations(stores))];
    return { checkedAt, thresholds, counts, violations };
  } finally {
    await Promise.all(owned.map((s) => s.disconnect().catch(() => undefined)));
  }
}

import { recordEvent } from '../events.catalog';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { Collection, WriteOp } from '../../mixins/store/store.types';
import type { StockChanged } from '../search/search.contract';
import type { StockRecord } from './inventory.contract';
import { available, stockId } from './inventory.domain';

export const STOCK_CHANGED = 'inventory.stock-changed' as const;

/** What the outbox row of a unit holds: the stock records it changed. */
interface StockTouched {
  records: { sku: string; warehouse: string }[];
}

/**
 * Stock changes are `$inc`s under a guard (never read-modify-write), so a unit cannot know the
 * figures or the version it leaves: a concurrent unit may land in between. So the unit writes ONE
 * outbox row naming the records it changed (one write, not one per record: DynamoDB units hold 100),
 * and the relay publishes one `inventory.stock-changed` per record with its figures and version as
 * they are when it publishes (`stockChangedEnvelopes`). Those are the change's own or a later
 * state, read together in one consistent get, so a consumer keeping the highest version converges
 * on the record and never regresses.
 */
export function stockChangedOps(ops: WriteOp[], now: number): WriteOp[] {
  const ids = new Set<string>();
  for (const op of ops) if (op.collection === 'stock' && op.op !== 'remove') ids.add(op.op === 'insert' ? op.doc.id : op.id);
  if (ids.size === 0) return [];
  const records = [...ids].map((id) => {
    const [sku, warehouse] = id.split('#');
    return { sku, warehouse };
  });
  const touched: StockTouched = { records };
  return [recordEvent('inventory', STOCK_CHANGED, touched as unknown as StockChanged, now).op];
}

/** The published payload: the record's figures and version now (records are never removed; absent reads as empty). */
export function stockChangedOf(sku: string, warehouse: string, row: StockRecord | null): StockChanged {
  if (!row) return { sku, warehouse, onHand: 0, reserved: 0, available: 0, version: 0 };
  return { sku, warehouse, onHand: row.onHand, reserved: row.reserved, available: available(row), version: row.version ?? 1 };
}

/**
 * The relay's hook: a unit's stock-changed row becomes one envelope per record (ids `<row id>` for
 * one record, `<row id>:<n>` for several, so a re-sent row is dropped by id); other events pass.
 */
export async function stockChangedEnvelopes(stock: Collection<StockRecord>, envelope: EventEnvelope): Promise<EventEnvelope[]> {
  if (envelope.event !== STOCK_CHANGED) return [envelope];
  const { records } = envelope.data as StockTouched;
  const rows = await stock.getMany(records.map((r) => stockId(r.sku, r.warehouse)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return records.map((r, n) => ({
    ...envelope,
    id: records.length === 1 ? envelope.id : `${envelope.id}:${n}`,
    data: stockChangedOf(r.sku, r.warehouse, byId.get(stockId(r.sku, r.warehouse)) ?? null),
  }));
}

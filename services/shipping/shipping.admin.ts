import { randomUUID } from 'node:crypto';
import { notFound } from '../../mixins/access/access.middleware';
import { ConditionFailedError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Collection, Doc, Filter, Store, WriteOp } from '../../mixins/store/store.types';
import { ignoreTaken } from '../discounts/discounts.usage.ops';
import { defaultDeliveryDays } from './domain/quote';
import { checkMethod, checkZone, type MethodFields } from './shipping.checks';
import { invalid, versionConflict, zoneInUse } from './shipping.errors';
import type { Method, Zone } from './shipping.contract';

export const STAMP_ID = 'catalog';
export type ZoneDoc = Doc & Zone & { version: number };
export type MethodDoc = Doc & Method & { version: number };
export interface Paging {
  page: number;
  pageSize: number;
}
/** One page of a collection, newest first, with the total the filter matches. */
async function pageOf<T extends Doc>(collection: Collection<T>, filter: Filter, p: Paging) {
  const [rows, total] = await Promise.all([
    collection.find({ filter, sort: ['-createdAt'], limit: p.pageSize, offset: (p.page - 1) * p.pageSize }),
    collection.count({ filter }),
  ]);
  return { rows, total, page: p.page, pageSize: p.pageSize };
}
/** Moves a zone's method count in a method's unit; an absent zone fails the unit (the op's index names it). */
const count = (zoneId: string, by: number): WriteOp => ({
  op: 'update',
  collection: 'zone_methods',
  id: zoneId,
  change: { $inc: { count: by } },
});

/**
 * Zones and methods on the shipping store. Every write bumps the stamp row in its atomic unit, so
 * a node's cached zones (shipping.quotes.ts) know when they are stale with one read by key.
 */
export class ShippingAdmin {
  constructor(
    private readonly store: Store,
    private readonly knownCarrier: (id: string) => boolean,
  ) {}

  get zones() {
    return this.store.collection<ZoneDoc>('zones');
  }
  get methods() {
    return this.store.collection<MethodDoc>('methods');
  }
  private readonly bump: WriteOp = { op: 'update', collection: 'stamps', id: STAMP_ID, change: { $inc: { n: 1 } } };

  async stamp(): Promise<number> {
    const row = await this.store.collection<{ id: string; n: number }>('stamps').get(STAMP_ID);
    return row?.n ?? 0;
  }
  /** The stamp row exists before the first write can bump it (idempotent insert). */
  ensureStamp(): Promise<unknown> {
    return this.store.collection('stamps').insert({ id: STAMP_ID, n: 0 }).catch(ignoreTaken);
  }

  async createZone(input: Record<string, unknown>): Promise<Zone> {
    const fields = checkZone(input);
    const now = Date.now();
    const doc: ZoneDoc = { id: randomUUID(), ...fields, version: 1, createdAt: now, updatedAt: now };
    await this.ensureStamp();
    await this.store.atomic([
      { op: 'insert', collection: 'zones', doc },
      { op: 'insert', collection: 'zone_methods', doc: { id: doc.id, count: 0 } },
      this.bump,
    ]);
    return doc;
  }

  async getZone(id: string): Promise<ZoneDoc> {
    const doc = await this.zones.get(id);
    if (!doc) throw notFound('Zone');
    return doc;
  }

  listZones(p: Paging & { active?: boolean }) {
    return pageOf(this.zones, p.active === undefined ? {} : { active: p.active }, p);
  }

  /** Optimistic: with `version` the patch applies only to that version; without, to the one just read. */
  async patchZone(id: string, input: Record<string, unknown>, version?: number): Promise<Zone> {
    const current = await this.getZone(id);
    const fields = checkZone(input, current);
    await this.update('zones', id, { ...fields, updatedAt: Date.now() }, version ?? current.version, 'zone');
    return this.getZone(id);
  }

  /** One conditional remove: only while the zone has no methods (a method created meanwhile counts). */
  async removeZone(id: string): Promise<{ id: string; removed: true }> {
    await this.getZone(id);
    try {
      await this.store.atomic([
        { op: 'remove', collection: 'zone_methods', id, where: { count: 0 } },
        { op: 'remove', collection: 'zones', id },
        this.bump,
      ]);
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const held = await this.methods.find({ filter: { zoneId: id }, sort: ['name'], limit: 100 });
      // Its methods went meanwhile (the count moved after the refusal), or the zone itself did.
      if (!held.length) throw (await this.zones.get(id)) ? versionConflict('zone') : notFound('Zone');
      throw zoneInUse(id, held.map((m) => ({ id: m.id, name: m.name })));
    }
    return { id, removed: true };
  }

  async createMethod(input: Record<string, unknown>): Promise<Method> {
    const fields = checkMethod(input, this.knownCarrier);
    await this.zoneFor(fields.zoneId);
    const now = Date.now();
    const doc: MethodDoc = { id: randomUUID(), ...fields, rateVersion: 1, version: 1, createdAt: now, updatedAt: now };
    await this.ensureStamp();
    await this.unitOnZones([{ op: 'insert', collection: 'methods', doc }, count(doc.zoneId, 1), this.bump]);
    return doc;
  }

  async getMethod(id: string): Promise<Method> {
    const doc = await this.methods.get(id);
    if (!doc) throw notFound('Method');
    return doc;
  }

  listMethods(p: Paging & { zoneId?: string; active?: boolean }) {
    const filter: Filter = {
      ...(p.zoneId ? { zoneId: p.zoneId } : {}),
      ...(p.active === undefined ? {} : { active: p.active }),
    };
    return pageOf(this.methods, filter, p);
  }

  /** A changed rate card bumps `rateVersion`; a move to another zone moves both zones' counts in the same unit. */
  async patchMethod(id: string, input: Record<string, unknown>, version?: number): Promise<Method> {
    const current = (await this.getMethod(id)) as MethodDoc;
    const fields: MethodFields = checkMethod(input, this.knownCarrier, current);
    const moved = fields.zoneId !== current.zoneId;
    if (moved) await this.zoneFor(fields.zoneId);
    if (input.serviceLevel !== undefined && input.deliveryDays === undefined && fields.serviceLevel !== current.serviceLevel)
      fields.deliveryDays = defaultDeliveryDays(fields.serviceLevel);
    const repriced = JSON.stringify(fields.rateCard) !== JSON.stringify(current.rateCard);
    const change = { $set: { ...fields, updatedAt: Date.now() }, ...(repriced ? { $inc: { rateVersion: 1 } } : {}) };
    const op: WriteOp = { op: 'update', collection: 'methods', id, change, expectVersion: version ?? current.version };
    try {
      await this.unitOnZones([op, ...(moved ? [count(fields.zoneId, 1), count(current.zoneId, -1)] : []), this.bump]);
    } catch (err) {
      if (err instanceof VersionConflictError) throw versionConflict('method');
      throw err;
    }
    return this.getMethod(id);
  }

  async removeMethod(id: string): Promise<{ id: string; removed: true }> {
    const current = await this.getMethod(id);
    // Conditioned on the zone it was read with: a concurrent move makes this unit fail, not miscount.
    const remove: WriteOp = { op: 'remove', collection: 'methods', id, where: { zoneId: current.zoneId } };
    try {
      await this.store.atomic([remove, count(current.zoneId, -1), this.bump]);
    } catch (err) {
      if (err instanceof ConditionFailedError && (err.data as { opIndex?: number }).opIndex === 0) throw notFound('Method');
      throw err;
    }
    return { id, removed: true };
  }

  private async zoneFor(zoneId: string): Promise<void> {
    if (!(await this.zones.get(zoneId))) throw invalid('method', [{ field: 'zoneId', message: 'is not a known zone' }]);
  }

  /** A unit that moves zone counts: a zone removed since it was read fails it, answered as an unknown zoneId. */
  private async unitOnZones(ops: WriteOp[]): Promise<void> {
    try {
      await this.store.atomic(ops);
    } catch (err) {
      const at = (err as { data?: { opIndex?: number } }).data?.opIndex;
      if (err instanceof ConditionFailedError && at !== undefined && ops[at]?.collection === 'zone_methods')
        throw invalid('method', [{ field: 'zoneId', message: 'is not a known zone' }]);
      throw err;
    }
  }

  private async update(collection: string, id: string, set: Record<string, unknown>, version: number, what: string): Promise<void> {
    try {
      await this.store.atomic([{ op: 'update', collection, id, change: { $set: set }, expectVersion: version }, this.bump]);
    } catch (err) {
      if (err instanceof VersionConflictError) throw versionConflict(what);
      throw err;
    }
  }
}

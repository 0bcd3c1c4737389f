import type { Store } from '../../mixins/store/store.types';
import { canCancel } from './domain/shipment-status';
import type { CancelForOrderAnswer, CarrierProvider, Shipment } from './shipments.contract';
import {
  ShipmentRows,
  alreadyShipped,
  guardOp,
  insertGuard,
  shipmentEventOp,
  tooBusy,
  updateShipment,
} from './shipping.shipments.ops';
import { lostRace, RACE_ATTEMPTS } from './shipping.races';

export interface CancelDeps {
  store: Store;
  carrier(id: string): CarrierProvider;
  published(): void;
}
export interface ReopenAnswer {
  orderId: string;
  reopened: string[];
}

/**
 * The cancel-order saga's `stop-fulfilment` step and its compensation. The guard moves
 * `open|absent → cancelled` in one conditional write (absent: inserted `cancelled`, so a late
 * CONFIRMED creates nothing); `shipping` refuses with 409 ORDER_ALREADY_SHIPPED. Then each label is
 * cancelled at its carrier and each shipment marked `cancelled` with a `shipment.exception`
 * (status `cancelled`), so read models keeping the shipment's `seq` see its last state. A re-run
 * (the saga retries) finds the guard cancelled and finishes what is left.
 */
export class FulfilmentCancel extends ShipmentRows<CancelDeps> {
  async cancelForOrder(orderId: string, reason?: string): Promise<CancelForOrderAnswer> {
    await this.closeGuard(orderId);
    const cancelled: string[] = [];
    for (const s of await this.shipments.find({ filter: { orderId }, sort: ['id'] })) {
      if (await this.cancelOne(s.id, reason)) cancelled.push(s.id);
    }
    return { orderId, cancelled };
  }

  private async closeGuard(orderId: string): Promise<void> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const guard = await this.guards.get(orderId);
      if (guard?.state === 'shipping') throw alreadyShipped(orderId);
      if (guard?.state === 'cancelled') return;
      const now = Date.now();
      try {
        await this.deps.store.atomic([
          guard ? guardOp(orderId, 'cancelled', ['open'], now) : insertGuard(orderId, 'cancelled', now),
        ]);
        return;
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
    throw tooBusy();
  }

  /** True when the shipment is cancelled (now or before); never touches one the carrier has. */
  async cancelOne(id: string, reason?: string): Promise<boolean> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const s = await this.shipments.get(id);
      if (!s || !canCancel(s.status)) return s?.status === 'cancelled';
      // Before the write: a label left bought would be charged; cancelling one twice is harmless.
      if (s.label && s.trackingNumber)
        await this.deps.carrier(s.carrier).cancelLabel({ carrierRef: s.label.carrierRef, trackingNumber: s.trackingNumber });
      const now = Date.now();
      const set = { status: 'cancelled' as const, cancelledAt: now, updatedAt: now };
      const next: Shipment = { ...s, ...set };
      const event = shipmentEventOp('shipment.exception', next, (s.version ?? 1) + 1, now, 'cancelled', reason);
      try {
        await this.deps.store.atomic([updateShipment(s, set), event]);
        this.deps.published();
        return true;
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
    throw tooBusy();
  }

  /**
   * The compensation: guard `cancelled → open`, and the shipments the cancel stopped back to
   * `pending` (their labels were cancelled at the carrier: bought again when shipped), each with a
   * `shipment.created`. `recreate` then makes what a re-run CONFIRMED consumer would (nothing when
   * every planned shipment exists). No guard, or one not cancelled: nothing to reopen.
   */
  async reopenForOrder(orderId: string, recreate: () => Promise<unknown>): Promise<ReopenAnswer> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const guard = await this.guards.get(orderId);
      if (guard?.state !== 'cancelled') return { orderId, reopened: [] };
      const stopped = await this.shipments.find({ filter: { orderId, status: 'cancelled' }, sort: ['id'] });
      const now = Date.now();
      const ops = [guardOp(orderId, 'open', ['cancelled'], now)];
      for (const s of stopped) {
        const set = { status: 'pending' as const, updatedAt: now };
        const back: Shipment = { ...s, ...set };
        delete back.label;
        delete back.trackingNumber;
        delete back.trackingUrl;
        delete back.cancelledAt;
        ops.push(updateShipment(s, set, ['label', 'trackingNumber', 'trackingUrl', 'cancelledAt']));
        ops.push(shipmentEventOp('shipment.created', back, (s.version ?? 1) + 1, now));
      }
      try {
        await this.deps.store.atomic(ops);
      } catch (err) {
        if (!lostRace(err)) throw err;
        continue;
      }
      if (stopped.length) this.deps.published();
      await recreate();
      return { orderId, reopened: stopped.map((s) => s.id) };
    }
    throw tooBusy();
  }
}

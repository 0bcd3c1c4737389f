import type { Service } from 'moleculer';
import { config, type AppConfig } from '../../../config/config';
import { PeriodicMixin } from '../../../mixins/periodic.mixin';
import type { StoresMethods } from '../../../mixins/stores.mixin';
import { UniqueConflictError } from '../../../mixins/store/store.errors';
import type { Doc, Store } from '../../../mixins/store/store.types';
import { canonicalPayload, SIGNATURE_HEADER, signPayload } from '../../../mixins/webhooks/signature';
import type { Shipment } from '../shipments.contract';
import { SANDBOX, SANDBOX_CODES, type SandboxWebhookBody } from './sandbox.carrier';
import { firstStepDue, nextSandboxCode, passEveryMs, SANDBOX_IN_FLIGHT, sandboxWebhook } from './sandbox.schedule';

/**
 * Moves the sandbox's parcels along, one tracking state per step, by posting each state to the
 * public webhook route over HTTP, as a real carrier would. Several shipping nodes run this side by
 * side: a step is sent by the node whose conditional write moved that shipment's `dueAt` (one row
 * per shipment in `sandbox_steps`), so one step is sent once per due time. A node that died between
 * its claim and its post leaves the step due again one step later, and whoever claims it then
 * sends it; a step sent twice carries the same event id and the receiver's receipt drops it.
 */
export const SANDBOX_STEPS = 'sandbox_steps';
type StepDoc = Doc & { dueAt: number };
type ShipmentDoc = Shipment & Doc;

/** Pages read per pass; past that the next pass carries on where this one stopped. */
const PAGES = 10;
/** Posts in flight at once per node. */
const PARALLEL = 4;
const POST_TIMEOUT_MS = 10_000;

export interface AdvanceDeps {
  store: Store;
  stepMs: number;
  /** Posts one step; resolves with the HTTP status the receiver answered. */
  post(body: SandboxWebhookBody): Promise<number>;
  warn(message: string): void;
  /** Shipments read per page (default 200). */
  pageSize?: number;
}

export class SandboxAdvancer {
  constructor(private readonly deps: AdvanceDeps) {}

  private get shipments() {
    return this.deps.store.collection<ShipmentDoc>('shipments');
  }
  private get steps() {
    return this.deps.store.collection<StepDoc>(SANDBOX_STEPS);
  }

  /** Where the last pass stopped when it had more pages than it reads (ids ascending). */
  private after = '';

  /** One pass: every in-flight sandbox shipment whose step is due gets it. Resolves with how many were posted. */
  async pass(): Promise<number> {
    const size = this.deps.pageSize ?? 200;
    let posted = 0;
    for (let page = 0; page < PAGES; page++) {
      const batch = await this.shipments.find({
        filter: { carrier: SANDBOX, status: { $in: [...SANDBOX_IN_FLIGHT] }, ...(this.after ? { id: { $gt: this.after } } : {}) },
        sort: ['id'],
        limit: size,
      });
      for (let i = 0; i < batch.length; i += PARALLEL) {
        const done = await Promise.all(batch.slice(i, i + PARALLEL).map((s) => this.advance(s)));
        posted += done.filter(Boolean).length;
      }
      this.after = batch.length === size ? batch[batch.length - 1].id : '';
      if (!this.after) break;
    }
    return posted;
  }

  private async advance(seen: Shipment): Promise<boolean> {
    if (!seen.trackingNumber || !(await this.claim(seen))) return false;
    // Read again after the claim: the pass's list may be older than the last step applied.
    const s = await this.shipments.get(seen.id);
    const code = s?.trackingNumber ? nextSandboxCode(s) : null;
    if (!s || !code) return false;
    const status = await this.deps.post(sandboxWebhook(s.trackingNumber!, code, Date.now())).catch((err: Error) => {
      this.deps.warn(`sandbox carrier: posting ${code} for shipment ${s.id} failed (${err.message}); sent again next step`);
      return 0;
    });
    if (status >= 200 && status < 300) {
      if (SANDBOX_CODES[code] === 'delivered') await this.steps.remove(s.id);
      return true;
    }
    if (status) this.deps.warn(`sandbox carrier: the webhook for shipment ${s.id} answered ${status}; sent again next step`);
    return false;
  }

  /** This node's right to send the shipment's due step: one conditional write on its row, won by one node. */
  private async claim(s: Shipment): Promise<boolean> {
    const now = Date.now();
    let row = await this.steps.get(s.id);
    if (!row) {
      row = { id: s.id, dueAt: firstStepDue(s, this.deps.stepMs) };
      try {
        await this.steps.insert(row);
      } catch (err) {
        if (err instanceof UniqueConflictError) return false;
        throw err;
      }
    }
    if (row.dueAt > now) return false;
    const next = await this.steps.update(s.id, { $set: { dueAt: now + this.deps.stepMs } }, { where: { dueAt: row.dueAt } });
    return next !== null;
  }
}

/** Where the sandbox posts: SANDBOX_CARRIER_WEBHOOK_URL, or this installation's own gateway. */
export const sandboxWebhookUrl = (cfg: Pick<AppConfig, 'shipping' | 'gateway'>) =>
  cfg.shipping.sandboxWebhookUrl ?? `http://127.0.0.1:${cfg.gateway.port}/api/shipping/webhooks/${SANDBOX}`;

/** A signed POST of the body as JSON, exactly the string signed. */
export function signedPoster(url: string, secret: string): AdvanceDeps['post'] {
  return async (body) => {
    const payload = canonicalPayload(body);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(secret, payload) },
      body: payload,
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return res.status;
  };
}

type AdvancingService = Service &
  Pick<StoresMethods, 'store' | 'ensureConnected'> & { webhookSecret?: string; sandboxAdvancer?: SandboxAdvancer };

/** The shipping service's periodic task: a pass twice a step (SANDBOX_CARRIER_STEP_MS), on every shipping node. */
export const SandboxCarrierTask = PeriodicMixin<AdvancingService>('Sandbox carrier', {
  everyMs: () => passEveryMs(config().shipping.sandboxStepMs),
  async run() {
    await this.ensureConnected('shipments');
    const cfg = config();
    this.sandboxAdvancer ??= new SandboxAdvancer({
      store: this.store('shipments'),
      stepMs: cfg.shipping.sandboxStepMs,
      post: signedPoster(sandboxWebhookUrl(cfg), this.webhookSecret!),
      warn: (m) => this.logger.warn(m),
    });
    return this.sandboxAdvancer.pass();
  },
});

import type { ShipmentStatus, TrackingEvent } from '../shipments.contract';
import type { SandboxCode, SandboxWebhookBody } from './sandbox.carrier';

/**
 * The sandbox carrier's route for a parcel, one state per step: in transit, out for delivery,
 * delivered. A tracking number ending in 7 fails its first delivery attempt (failed_attempt), so
 * exceptions get exercised, then is delivered. Pure: the runner (sandbox.advance.ts) decides when.
 */

/** Shipments the sandbox still moves; anything else (pending, delivered, returned, cancelled) it leaves alone. */
export const SANDBOX_IN_FLIGHT: readonly ShipmentStatus[] = ['in_transit', 'out_for_delivery', 'failed_attempt'];

const LOCATIONS: Record<SandboxCode, string> = {
  PU: 'Sandbox pick-up point',
  IT: 'Sandbox sorting centre',
  OD: 'Sandbox local depot',
  FA: 'Recipient address',
  DL: 'Recipient address',
  RS: 'Sandbox sorting centre',
};

const DESCRIPTIONS: Partial<Record<SandboxCode, string>> = {
  FA: 'Nobody at the address; a second attempt follows',
};

/** The code the parcel reaches next, or null when the sandbox has nothing more to say about it. */
export function nextSandboxCode(s: {
  status: ShipmentStatus;
  trackingNumber?: string;
  events?: TrackingEvent[];
}): SandboxCode | null {
  switch (s.status) {
    case 'in_transit':
      return 'OD';
    case 'out_for_delivery': {
      const failsOnce = s.trackingNumber?.endsWith('7') && !(s.events ?? []).some((e) => e.status === 'failed_attempt');
      return failsOnce ? 'FA' : 'DL';
    }
    case 'failed_attempt':
      return 'DL';
    default:
      return null;
  }
}

/**
 * The webhook for one step. Its id is the same whenever the same step is sent again (a retry after
 * a lost answer, a node that resumed after a crash), so the receiver's receipt drops the repeat.
 */
export function sandboxWebhook(trackingNumber: string, code: SandboxCode, at: number): SandboxWebhookBody {
  const description = DESCRIPTIONS[code];
  return {
    id: `sbx_${trackingNumber}_${code}`,
    trackingNumber,
    code,
    at,
    location: LOCATIONS[code],
    ...(description ? { description } : {}),
  };
}

/** When the first step after handing over is due: one step after the shipment shipped. */
export const firstStepDue = (s: { shippedAt?: number; updatedAt: number }, stepMs: number) =>
  (s.shippedAt ?? s.updatedAt) + stepMs;

/** How often the runner looks: often enough that a step is late by at most half a step. */
export const passEveryMs = (stepMs: number) => Math.max(25, Math.floor(stepMs / 2));

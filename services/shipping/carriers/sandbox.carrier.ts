import { createHash } from 'node:crypto';
import { canonicalPayload, DEFAULT_TOLERANCE_S, verifySignature } from '../../../mixins/webhooks/signature';
import type { CarrierProvider, ShipmentStatus, WebhookParse } from '../shipments.contract';

/**
 * The sandbox carrier: labels and tracking numbers made here, tracking states posted back as signed
 * webhooks by the sandbox schedule (sandbox.schedule.ts). A stand-in for a real carrier's API that
 * keeps its rules: a label bought twice for one shipment is the same label (the shipment id is the
 * idempotency key, as a real carrier's request key would be), and webhooks prove their origin.
 */
export const SANDBOX = 'sandbox';

/** The sandbox's own tracking codes, as a real carrier has its own; normalised to our statuses. */
export const SANDBOX_CODES = {
  PU: 'in_transit',
  IT: 'in_transit',
  OD: 'out_for_delivery',
  FA: 'failed_attempt',
  DL: 'delivered',
  RS: 'returned_to_sender',
} as const satisfies Record<string, ShipmentStatus>;
export type SandboxCode = keyof typeof SANDBOX_CODES;

/** What the sandbox posts: `{id, trackingNumber, code, status?, at, location}`, `at` in epoch ms. */
export interface SandboxWebhookBody {
  id: string;
  trackingNumber: string;
  code: string;
  /** The carrier's own reading of the code; used only for a code the table above does not know. */
  status?: ShipmentStatus;
  at: number;
  location?: string;
  description?: string;
}

export const TRACKING_NUMBER = /^SBX\d{12}$/;

export interface SandboxOptions {
  secret: string;
  trackingUrlBase: string;
  toleranceS?: number;
}

/** `SBX` + 12 digits from the shipment and direction: a retried purchase answers the same label. */
export function sandboxTrackingNumber(shipmentId: string, direction: 'outbound' | 'return' = 'outbound'): string {
  const digest = createHash('sha256').update(`${direction}:${shipmentId}`).digest();
  return `SBX${(digest.readBigUInt64BE(0) % 1_000_000_000_000n).toString().padStart(12, '0')}`;
}

const labelRef = (trackingNumber: string) => `sbx_lbl_${trackingNumber}`;

/**
 * A small PDF-like text document: enough for an admin to print and a test to read. It names the
 * destination by postcode and country only: the service keeps label blobs, and the sandbox has no
 * reason to put a name and street into a store that does not seal them.
 */
function labelDocument(trackingNumber: string, req: Parameters<CarrierProvider['createLabel']>[0]): string {
  const lines = [
    '%PDF-1.4 sandbox-carrier label',
    `Tracking: ${trackingNumber}`,
    `Service: ${req.serviceLevel}${req.direction === 'return' ? ' (return)' : ''}`,
    `Weight: ${req.weightG} g`,
    `To: ${req.to.postalCode} ${req.to.country}`,
    `Ref: ${req.shipmentId}`,
    '%%EOF',
  ];
  return Buffer.from(lines.join('\n'), 'utf8').toString('base64');
}

export class SandboxCarrier implements CarrierProvider {
  readonly id = SANDBOX;
  constructor(private readonly opts: SandboxOptions) {}

  createLabel(req: Parameters<CarrierProvider['createLabel']>[0]): ReturnType<CarrierProvider['createLabel']> {
    const trackingNumber = sandboxTrackingNumber(req.shipmentId, req.direction);
    return Promise.resolve({
      trackingNumber,
      trackingUrl: this.trackingUrl(trackingNumber),
      label: {
        kind: 'blob',
        data: labelDocument(trackingNumber, req),
        contentType: 'application/pdf',
        carrierRef: labelRef(trackingNumber),
      },
    });
  }

  /** Cancelling twice is fine (a retried cancel); a reference this carrier never issued is refused. */
  cancelLabel(req: { carrierRef: string; trackingNumber: string }): Promise<void> {
    if (!TRACKING_NUMBER.test(req.trackingNumber) || req.carrierRef !== labelRef(req.trackingNumber))
      return Promise.reject(new Error(`sandbox carrier: no label ${req.carrierRef} for ${req.trackingNumber}`));
    return Promise.resolve();
  }

  trackingUrl(trackingNumber: string): string {
    return `${this.opts.trackingUrlBase}${encodeURIComponent(trackingNumber)}`;
  }

  parseWebhook(req: { body: unknown; signature: string | undefined; nowS: number }): WebhookParse {
    const check = verifySignature(
      this.opts.secret,
      req.signature,
      canonicalPayload(req.body),
      req.nowS,
      this.opts.toleranceS ?? DEFAULT_TOLERANCE_S,
    );
    if (!check.ok) return check;
    const body = req.body as SandboxWebhookBody;
    if (typeof body !== 'object' || body === null || !TRACKING_NUMBER.test(String(body.trackingNumber)))
      return { ok: false, reason: 'malformed', field: 'trackingNumber' };
    const status = (SANDBOX_CODES as Record<string, ShipmentStatus>)[body.code] ?? body.status;
    if (!status) return { ok: false, reason: 'malformed', field: 'code' };
    return {
      ok: true,
      trackingNumber: body.trackingNumber,
      events: [
        {
          status,
          at: body.at,
          rawCode: body.code,
          ...(body.location ? { location: body.location } : {}),
          ...(body.description ? { description: body.description } : {}),
        },
      ],
    };
  }
}

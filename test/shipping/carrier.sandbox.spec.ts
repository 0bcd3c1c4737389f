import { randomBytes } from 'node:crypto';
import { canonicalPayload, signPayload } from '../../mixins/webhooks/signature';
import { SANDBOX_CODES, SandboxCarrier, sandboxTrackingNumber } from '../../services/shipping/carriers/sandbox.carrier';
import { carrierRegistry, installedCarriers } from '../../services/shipping/carriers/carrier.registry';
import { sandboxWebhookUrl } from '../../services/shipping/carriers/sandbox.advance';
import { sandboxWebhook } from '../../services/shipping/carriers/sandbox.schedule';
import { carrierContract } from './carrier.contract';

const secret = `shipsec_${randomBytes(24).toString('hex')}`;
const trackingUrlBase = 'https://track.sandbox-carrier.example/';
const nowS = () => Math.floor(Date.now() / 1000);
const make = () => new SandboxCarrier({ secret, trackingUrlBase });

carrierContract('sandbox', {
  make,
  codes: Object.entries(SANDBOX_CODES).map(([rawCode, status]) => ({ rawCode, status })),
  webhook(trackingNumber, rawCode, opts = {}) {
    const body = { ...sandboxWebhook(trackingNumber, 'IT', Date.now()), code: rawCode };
    return { body, signature: signPayload(opts.secret ?? secret, canonicalPayload(body), opts.signedAtS ?? nowS()) };
  },
  tamperField: 'at',
});

describe('the sandbox carrier', () => {
  const carrier = make();
  const signed = (body: object) => ({ body, signature: signPayload(secret, canonicalPayload(body)), nowS: nowS() });

  it('numbers parcels SBX + 12 digits, and its label is a small document naming the number', async () => {
    const { trackingNumber, trackingUrl, label } = await carrier.createLabel({
      shipmentId: 'o-1:main',
      serviceLevel: 'express',
      weightG: 900,
      to: { name: 'Ada', line1: '1 Road', city: 'Leeds', postalCode: 'LS1 4AP', country: 'GB' },
    });
    expect(trackingNumber).toMatch(/^SBX\d{12}$/);
    expect(trackingNumber).toBe(sandboxTrackingNumber('o-1:main'));
    expect(trackingNumber).not.toBe(sandboxTrackingNumber('o-1:main', 'return'));
    expect(trackingUrl).toBe(`${trackingUrlBase}${trackingNumber}`);
    expect(label).toMatchObject({ kind: 'blob', contentType: 'application/pdf', carrierRef: `sbx_lbl_${trackingNumber}` });
    const text = Buffer.from(label.data!, 'base64').toString('utf8');
    expect(text).toMatch(/^%PDF-1\.4/);
    expect(text).toContain(`Tracking: ${trackingNumber}`);
    expect(text).toContain('To: LS1 4AP GB');
    expect(text).not.toMatch(/Ada|1 Road/);
  });

  it('reads a code it does not know by the status the carrier sent with it, and refuses one with neither', () => {
    const body = { ...sandboxWebhook('SBX000000000001', 'IT', 1), code: 'ZZ' };
    expect(carrier.parseWebhook(signed({ ...body, status: 'returned_to_sender' }))).toMatchObject({
      ok: true,
      events: [{ status: 'returned_to_sender', rawCode: 'ZZ' }],
    });
    expect(carrier.parseWebhook(signed(body))).toEqual({ ok: false, reason: 'malformed', field: 'code' });
  });

  it('keeps location and description on the normalised entry', () => {
    const parsed = carrier.parseWebhook(signed(sandboxWebhook('SBX000000000007', 'FA', 1_700_000_000_000)));
    expect(parsed).toEqual({
      ok: true,
      trackingNumber: 'SBX000000000007',
      events: [
        {
          status: 'failed_attempt',
          rawCode: 'FA',
          at: 1_700_000_000_000,
          location: 'Recipient address',
          description: expect.any(String),
        },
      ],
    });
  });

  it('is found by id in the installed registry; an unknown id is not, and an id registered twice is refused', () => {
    const registry = installedCarriers({ webhookSecret: secret, sandboxTrackingUrl: trackingUrlBase });
    expect(registry.ids()).toEqual(['sandbox']);
    expect(registry.get('sandbox')).toBeInstanceOf(SandboxCarrier);
    expect(registry.get('acme')).toBeUndefined();
    expect(() => registry.require('acme')).toThrow(/acme/);
    expect(() => carrierRegistry([make(), make()])).toThrow(/twice/);
  });

  it("posts to this installation's own gateway unless SANDBOX_CARRIER_WEBHOOK_URL says otherwise", () => {
    const shipping = { quoteTtlMs: 1, sandboxStepMs: 1, sandboxTrackingUrl: trackingUrlBase, charges: 'zones' as const };
    const gateway = { port: 3100, host: '0.0.0.0', corsOrigins: [], bodyLimit: '100kb' };
    expect(sandboxWebhookUrl({ shipping, gateway })).toBe('http://127.0.0.1:3100/api/shipping/webhooks/sandbox');
    const elsewhere = 'https://shop.example/api/shipping/webhooks/sandbox';
    expect(sandboxWebhookUrl({ shipping: { ...shipping, sandboxWebhookUrl: elsewhere }, gateway })).toBe(elsewhere);
  });
});

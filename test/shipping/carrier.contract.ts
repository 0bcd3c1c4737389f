import { SHIPPED_STATUSES, type CarrierProvider } from '../../services/shipping/shipments.contract';

/**
 * The one suite every CarrierProvider passes (the sandbox now, a real carrier's adapter later,
 * against its test environment). The harness knows what only the carrier can make: a webhook as
 * the carrier would send it, signed (or not) the carrier's way.
 */
export interface CarrierHarness {
  make(): CarrierProvider;
  /** Every raw code the carrier sends, with the status it must normalise to. */
  codes: { rawCode: string; status: string }[];
  /** A webhook body for `trackingNumber` reporting `rawCode`, and its signature as sent at `signedAtS` with `secret` (default: the right one). */
  webhook(
    trackingNumber: string,
    rawCode: string,
    opts?: { signedAtS?: number; secret?: string },
  ): { body: object; signature: string };
  /** A key of the body whose change the signature must catch. */
  tamperField: string;
}

const to = { name: 'Ada Lovelace', line1: '12 Example Street', city: 'Berlin', postalCode: '10115', country: 'DE' };
const labelFor = (shipmentId: string) => ({ shipmentId, serviceLevel: 'standard' as const, weightG: 1_250, to });
const nowS = () => Math.floor(Date.now() / 1000);

export function carrierContract(name: string, harness: CarrierHarness): void {
  describe(`carrier contract: ${name}`, () => {
    const carrier = harness.make();

    it('buys a label: a tracking number, its public page, a document and a reference to cancel it by', async () => {
      const { trackingNumber, trackingUrl, label } = await carrier.createLabel(labelFor(`o-${name}-1:main`));
      expect(trackingNumber).toMatch(/^[A-Z0-9]{8,40}$/);
      expect(trackingUrl).toBe(carrier.trackingUrl(trackingNumber));
      expect(new URL(trackingUrl).href).toContain(trackingNumber);
      expect(label.carrierRef).toEqual(expect.any(String));
      expect(label.contentType).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/);
      if (label.kind === 'url') expect(new URL(label.url!).protocol).toMatch(/^https?:$/);
      else expect(Buffer.from(label.data!, 'base64').length).toBeGreaterThan(0);
    });

    it('answers a retried purchase for the same shipment with the same label, another shipment with another', async () => {
      const first = await carrier.createLabel(labelFor(`o-${name}-2:main`));
      expect(await carrier.createLabel(labelFor(`o-${name}-2:main`))).toEqual(first);
      expect((await carrier.createLabel(labelFor(`o-${name}-2:east`))).trackingNumber).not.toBe(first.trackingNumber);
    });

    it('cancels a label it issued, again without complaint, and refuses one it never issued', async () => {
      const { trackingNumber, label } = await carrier.createLabel(labelFor(`o-${name}-3:main`));
      await expect(carrier.cancelLabel({ carrierRef: label.carrierRef, trackingNumber })).resolves.toBeUndefined();
      await expect(carrier.cancelLabel({ carrierRef: label.carrierRef, trackingNumber })).resolves.toBeUndefined();
      await expect(carrier.cancelLabel({ carrierRef: 'never-issued', trackingNumber })).rejects.toThrow();
    });

    it('normalises every raw code to a handed-over status and keeps the raw code', async () => {
      const { trackingNumber } = await carrier.createLabel(labelFor(`o-${name}-4:main`));
      for (const { rawCode, status } of harness.codes) {
        const { body, signature } = harness.webhook(trackingNumber, rawCode);
        const parsed = carrier.parseWebhook({ body, signature, nowS: nowS() });
        expect(parsed).toEqual({
          ok: true,
          trackingNumber,
          events: [expect.objectContaining({ status, rawCode, at: expect.any(Number) })],
        });
        expect(SHIPPED_STATUSES).toContain(status);
      }
    });

    it('refuses a missing, forged, tampered or stale signature, saying only which kind', async () => {
      const { trackingNumber } = await carrier.createLabel(labelFor(`o-${name}-5:main`));
      const rawCode = harness.codes[0].rawCode;
      const good = harness.webhook(trackingNumber, rawCode);
      const parse = (body: object, signature: string | undefined) => carrier.parseWebhook({ body, signature, nowS: nowS() });
      expect(parse(good.body, undefined)).toEqual({ ok: false, reason: 'missing' });
      expect(parse(good.body, harness.webhook(trackingNumber, rawCode, { secret: 'x'.repeat(40) }).signature)).toEqual({
        ok: false,
        reason: 'mismatch',
      });
      const tampered = { ...good.body, [harness.tamperField]: `${(good.body as Record<string, unknown>)[harness.tamperField]}0` };
      expect(parse(tampered, good.signature)).toEqual({ ok: false, reason: 'mismatch' });
      const old = harness.webhook(trackingNumber, rawCode, { signedAtS: nowS() - 3_600 });
      expect(parse(old.body, old.signature)).toEqual({ ok: false, reason: 'stale' });
    });
  });
}

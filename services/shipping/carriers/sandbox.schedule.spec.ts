import type { ShipmentStatus, TrackingEvent } from '../shipments.contract';
import { firstStepDue, nextSandboxCode, passEveryMs, sandboxWebhook } from './sandbox.schedule';
import { SANDBOX_CODES } from './sandbox.carrier';

const at = (status: ShipmentStatus): TrackingEvent => ({ id: status, status, at: 1, rawCode: 'x' });

/** Walks a parcel from in_transit as the runner would, applying each step's status. */
function route(trackingNumber: string): ShipmentStatus[] {
  let s = { status: 'in_transit' as ShipmentStatus, trackingNumber, events: [at('in_transit')] };
  const seen: ShipmentStatus[] = [s.status];
  for (let code = nextSandboxCode(s); code; code = nextSandboxCode(s)) {
    const status = SANDBOX_CODES[code];
    s = { ...s, status, events: [...s.events, at(status)] };
    seen.push(status);
  }
  return seen;
}

describe('the sandbox route', () => {
  it('goes in_transit → out_for_delivery → delivered, then stops', () => {
    expect(route('SBX000000000001')).toEqual(['in_transit', 'out_for_delivery', 'delivered']);
  });

  it('fails the first attempt once for a number ending in 7', () => {
    expect(route('SBX000000000007')).toEqual(['in_transit', 'out_for_delivery', 'failed_attempt', 'delivered']);
  });

  it('leaves anything not on its way alone', () => {
    for (const status of ['pending', 'label_purchased', 'delivered', 'returned_to_sender', 'cancelled'] as const)
      expect(nextSandboxCode({ status, trackingNumber: 'SBX000000000007' })).toBeNull();
  });

  it('sends a step again under the same event id, so the receiver drops the repeat', () => {
    expect(sandboxWebhook('SBX000000000001', 'OD', 10).id).toBe(sandboxWebhook('SBX000000000001', 'OD', 99).id);
    expect(sandboxWebhook('SBX000000000001', 'OD', 10).id).not.toBe(sandboxWebhook('SBX000000000001', 'DL', 10).id);
    expect(sandboxWebhook('SBX000000000007', 'FA', 10)).toMatchObject({
      code: 'FA',
      location: expect.any(String),
      description: expect.any(String),
    });
  });

  it('is due one step after shipping, and looks twice a step', () => {
    expect(firstStepDue({ shippedAt: 1_000, updatedAt: 5_000 }, 200)).toBe(1_200);
    expect(firstStepDue({ updatedAt: 5_000 }, 200)).toBe(5_200);
    expect(passEveryMs(200)).toBe(100);
    expect(passEveryMs(10)).toBe(25);
  });
});

import { MAX_AUTO_RESUMES, SagaTransitionError, resumableOnReturn, resumeOnReturn, retryParked } from './saga.resume';
import type { SagaState } from './saga.state';

const parked = (extra: Partial<SagaState> = {}, waitingFor: string | null = 'inventory'): SagaState => ({
  id: 's1',
  type: 'checkout',
  status: 'NEEDS_ATTENTION',
  data: {},
  steps: [
    {
      id: 'reserve',
      status: 'DONE',
      attempts: 1,
      tries: 1,
      compensation: { status: 'FAILED', attempts: 9, tries: 9, failingSince: 5 },
    },
    { id: 'pay', status: 'FAILED', attempts: 2, tries: 2, business: true },
  ],
  parked: {
    phase: 'COMPENSATING',
    reason: 'reserve compensation: Service unavailable',
    at: 100,
    ...(waitingFor ? { waitingFor } : {}),
  },
  createdAt: 1,
  updatedAt: 100,
  ...extra,
});
const up =
  (...services: string[]) =>
  (s: string) =>
    services.includes(s);

describe('resuming parked sagas when their participant returns', () => {
  it('resumes a saga parked by an outage once that service is available again', () => {
    expect(resumableOnReturn(parked(), up('inventory'))).toBe(true);
    expect(resumableOnReturn(parked(), up('payments'))).toBe(false);
  });

  it('leaves sagas parked by an answer (no service waited for), or not parked, to operators', () => {
    expect(resumableOnReturn(parked({}, null), up('inventory'))).toBe(false);
    expect(resumableOnReturn(parked({ status: 'COMPENSATING' }), up('inventory'))).toBe(false);
  });

  it('gives up resuming on its own after MAX_AUTO_RESUMES, so a participant that keeps failing ends with an operator', () => {
    expect(resumableOnReturn(parked({ autoResumes: MAX_AUTO_RESUMES - 1 }), up('inventory'))).toBe(true);
    expect(resumableOnReturn(parked({ autoResumes: MAX_AUTO_RESUMES }), up('inventory'))).toBe(false);
  });

  it('a resume goes on from the parked phase with fresh tries and time budgets, and counts itself', () => {
    const resumed = resumeOnReturn(parked({ autoResumes: 1 }), 200);
    expect(resumed).toMatchObject({ status: 'COMPENSATING', autoResumes: 2, updatedAt: 200 });
    expect(resumed.parked).toBeUndefined();
    expect(resumed.steps[0].compensation).toEqual({ status: 'PENDING', attempts: 9, tries: 0 });
    expect(resumeOnReturn(parked(), 200).autoResumes).toBe(1);
  });

  it("an operator's retry starts the count afresh; neither retries a saga that is not parked", () => {
    expect(retryParked(parked({ autoResumes: 3 }), 200).autoResumes).toBeUndefined();
    expect(() => resumeOnReturn(parked({ status: 'COMPLETED' }), 200)).toThrow(SagaTransitionError);
  });
});

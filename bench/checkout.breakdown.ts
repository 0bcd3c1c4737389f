import type { SagaView } from '../sagas/saga.view';

/**
 * Where one checkout's time goes on the platform, from the saga's own record (GET /api/admin/sagas/:id):
 * the request until the saga exists, each step's participant call up to the confirming one, the
 * coordinator's bookkeeping between them (saving the saga before and after each step), and how
 * long after the confirming write the client saw CONFIRMED. Medians over orders sent one at a time.
 * Saga times are the node's Date.now(); the bench's clock is the same machine's.
 */

export interface Timeline {
  /** Date.now() when the client sent POST /orders, and when it saw CONFIRMED. */
  sentAt: number;
  seenAt: number;
  saga: SagaView;
}

export interface Breakdown {
  orders: number;
  /** POST sent → saga created (the order, cart, history and saga rows), ms. */
  placeMs: number;
  /** Participant call per step up to confirm-order, ms. */
  stepsMs: Record<string, number>;
  /** Saga created → confirm-order done, less the steps' calls: the coordinator's saves and scheduling, ms. */
  coordinatorMs: number;
  /** confirm-order done → the client's GET saw CONFIRMED, ms. */
  seenAfterMs: number;
}

const CONFIRM = 'confirm-order';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

export function breakdown(timelines: Timeline[]): Breakdown | null {
  const rows = timelines.flatMap(({ sentAt, seenAt, saga }) => {
    const upTo = saga.steps.slice(0, saga.steps.findIndex((s) => s.id === CONFIRM) + 1);
    const confirmed = upTo.at(-1);
    if (!confirmed || confirmed.id !== CONFIRM || !confirmed.finishedAt) return [];
    const steps = Object.fromEntries(upTo.map((s) => [s.id, s.durationMs ?? NaN]));
    const inSteps = Object.values(steps).reduce((a, b) => a + b, 0);
    return [
      {
        place: saga.createdAt - sentAt,
        steps,
        coordinator: confirmed.finishedAt - saga.createdAt - inSteps,
        seenAfter: seenAt - confirmed.finishedAt,
      },
    ];
  });
  if (!rows.length) return null;
  return {
    orders: rows.length,
    placeMs: median(rows.map((r) => r.place)),
    stepsMs: Object.fromEntries(Object.keys(rows[0].steps).map((id) => [id, median(rows.map((r) => r.steps[id]))])),
    coordinatorMs: median(rows.map((r) => r.coordinator)),
    seenAfterMs: median(rows.map((r) => r.seenAfter)),
  };
}

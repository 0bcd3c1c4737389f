import { envReader, type Env } from './env';

export interface SagaSettings {
  /** How long a coordinator's hold on a saga lasts unless renewed (renewed every third of it while running). */
  leaseMs: number;
  /** How often each coordinator looks for sagas whose coordinator went quiet. */
  resumeIntervalMs: number;
  /** Deadline of a step or compensation that names none. */
  stepDeadlineMs: number;
  /**
   * How long a failing compensation, on-failure action or must-complete step is retried before the
   * saga is parked: longer than a node takes to restart, so an outage heals without an operator.
   */
  retryBudgetMs: number;
}

/** The coordinator's knobs (SAGA_LEASE_MS, SAGA_RESUME_INTERVAL_MS, SAGA_STEP_DEADLINE_MS, SAGA_RETRY_BUDGET_MS); read once per service start. */
export function sagaSettings(env: Env = process.env): SagaSettings {
  const e = envReader(env);
  return {
    leaseMs: e.int('SAGA_LEASE_MS', 10_000, 300, 600_000),
    resumeIntervalMs: e.int('SAGA_RESUME_INTERVAL_MS', 3_000, 50, 600_000),
    stepDeadlineMs: e.int('SAGA_STEP_DEADLINE_MS', 5_000, 10, 600_000),
    retryBudgetMs: e.int('SAGA_RETRY_BUDGET_MS', 600_000, 0, 86_400_000),
  };
}

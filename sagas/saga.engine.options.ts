import type { SagaRepository } from './saga.repository';
import type { SagaCaller } from './saga.try';

export interface SagaHooks {
  started?(type: string): void;
  completed?(type: string): void;
  compensated?(type: string): void;
  parked?(type: string, reason: string): void;
  /** A saga parked WAITING for a signal. */
  waiting?(type: string): void;
  stepLatency?(type: string, step: string, ms: number): void;
}

export interface EngineOptions {
  repo: SagaRepository;
  call: SagaCaller;
  /** This coordinator's name in leases. */
  owner: string;
  leaseMs: number;
  /** For steps (and compensations) that name none. */
  defaultDeadlineMs: number;
  /** How long compensations and must-complete steps keep being tried before the saga is parked (default 0: tries only). */
  retryBudgetMs?: number;
  log: { info(message: string): void; warn(message: string): void };
  hooks?: SagaHooks;
  /** True once the node has begun shutting down (before in-flight calls drain): drivers hand their sagas back. */
  shuttingDown?: () => boolean;
  now?: () => number;
}

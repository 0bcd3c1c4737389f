import type { SagaDoc, SagaStatus } from './saga.state';
import type { SagaSignal } from './saga.types';

/**
 * Where sagas live. The coordinator implements it on the platform's Store contract; the engine
 * needs nothing else. Every write but the first names the version it read, so two coordinators
 * can never both advance one saga.
 */
export interface SagaRepository {
  /** Inserts a new saga; null when one with this id already exists. */
  create(doc: SagaDoc): Promise<SagaDoc | null>;
  get(id: string): Promise<SagaDoc | null>;
  /** Replaces state and lease when the stored version still equals `expectVersion`; StaleSagaError otherwise. */
  save(doc: SagaDoc, expectVersion: number): Promise<SagaDoc>;
  /** RUNNING or COMPENSATING sagas whose lease lapsed before `now`, the longest lapsed first. */
  lapsed(now: number, limit: number): Promise<SagaDoc[]>;
  list(query: SagaQuery): Promise<{ rows: SagaDoc[]; total: number }>;
  /**
   * Keeps a signal in the saga's mailbox, once per (sagaId, key) in one conditional insert: a
   * second one with the key answers the first (`created` false). Never touches the saga itself, so
   * a coordinator driving it is not disturbed.
   */
  addSignal(sagaId: string, signal: SagaSignal): Promise<{ signal: SagaSignal; created: boolean }>;
  /** The saga's mailbox: every signal it was sent, taken or not. */
  signals(sagaId: string): Promise<SagaSignal[]>;
}

export interface SagaQuery {
  status?: SagaStatus;
  type?: string;
  offset: number;
  limit: number;
}

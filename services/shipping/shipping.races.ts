import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';

/**
 * How the shipments' units retry a lost race: each loser re-reads the winner's write and plans
 * again, so a few rounds settle any contention on one shipment or one order's guard.
 */
export const RACE_ATTEMPTS = 12;

/** A unit refused because someone else wrote first (condition, version or unique id): read again. */
export const lostRace = (err: unknown) =>
  err instanceof ConditionFailedError || err instanceof VersionConflictError || err instanceof UniqueConflictError;

/** Which op of a unit failed (the store names it), -1 when the error does not say. */
export const opIndexOf = (err: unknown) => (err as { data?: { opIndex?: number } }).data?.opIndex ?? -1;

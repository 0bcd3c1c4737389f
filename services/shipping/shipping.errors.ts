import { Errors } from 'moleculer';
import type { FieldProblem } from './domain/problems';

/** The shipping service's refusals, each a client error naming what it refuses. */

/** 422 naming each bad field by its path (`rateCard.bands[1].from`), as the validator's own errors do. */
export const invalid = (what: string, problems: FieldProblem[]) =>
  new Errors.ValidationError(
    `Invalid ${what}`,
    'VALIDATION_ERROR',
    problems.map((p) => ({ ...p, type: what })),
  );

export const versionConflict = (what: string) =>
  new Errors.MoleculerClientError(`The ${what} was changed by someone else; read it again`, 409, 'VERSION_CONFLICT', {
    field: 'version',
  });

/** A zone that still has methods is not removed; the answer names them so the admin can move or remove them. */
export const zoneInUse = (zoneId: string, methods: { id: string; name: string }[]) =>
  new Errors.MoleculerClientError(
    `The zone has ${methods.length} method(s): ${methods.map((m) => `${m.name} (${m.id})`).join(', ')}; remove or move them first`,
    409,
    'ZONE_HAS_METHODS',
    { zoneId, methods },
  );

export type StaleWhy = 'expired' | 'changed' | 'unknown';
/** The chosen quote no longer prices this cart (QuoteCheck): checkout asks for a new one. */
export const quoteStale = (quoteId: string, why: StaleWhy) =>
  new Errors.MoleculerClientError(
    `The shipping quote ${quoteId} is ${why === 'expired' ? 'expired' : why === 'changed' ? 'for a cart that has changed since' : 'not known for this cart'}; choose a shipping option again`,
    409,
    'SHIPPING_QUOTE_STALE',
    { quoteId, why },
  );

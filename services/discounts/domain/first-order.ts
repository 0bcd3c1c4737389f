import type { PriceRequest } from '../discounts.contract';
import type { Promotion } from './promotion.types';

/**
 * Whether a customer's first order is unknown to the request: a signed-in customer (an id) whose
 * caller did not say. Carts never knows; discounts asks orders, but only when it matters.
 */
export const firstOrderUnknown = (request: PriceRequest): boolean =>
  request.customer?.id !== undefined && request.customer.firstOrder === undefined;

/** The request with the customer's first order settled (the caller checked `firstOrderUnknown`). */
export const withFirstOrder = (request: PriceRequest, firstOrder: boolean): PriceRequest => ({
  ...request,
  customer: { ...request.customer, firstOrder },
});

/**
 * Whether pricing needs the answer: some candidate (found as if it were the first order, so the
 * set is the widest) has a firstOrder condition. Without one the answer changes nothing.
 */
export const needsFirstOrder = (candidates: readonly Promotion[]): boolean =>
  candidates.some((p) => p.conditions.some((c) => c.type === 'firstOrder'));

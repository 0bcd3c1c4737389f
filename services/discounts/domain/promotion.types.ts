import type { Money } from '../../../mixins/validation/money';

/**
 * The promotion data model. Everything here is plain data (JSON in, JSON out), so the store can
 * keep it as one document and the pure evaluators can run it without the service.
 */

export const PROMOTION_STATUSES = ['draft', 'active', 'archived'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

/**
 * What a promotion discounts. `order`: the whole order, allocated over every line by largest
 * remainder. `lines`: only the lines its line conditions select (every line when it has none).
 * `shipping`: the shipping charge only.
 */
export const PROMOTION_TARGETS = ['order', 'lines', 'shipping'] as const;
export type PromotionTarget = (typeof PROMOTION_TARGETS)[number];

/** Which lines a condition or a buy-X-get-Y side selects; a line matches when any list names it. */
export interface LineFilter {
  skus?: string[];
  productIds?: string[];
  /** A line matches when any id is in its categoryPath, so descendants are included. */
  categoryIds?: string[];
}

/** All conditions of a promotion must hold. */
export type Condition =
  /** The cart's subtotal (before any discount) in the request's currency; a currency not listed never matches. */
  | { type: 'subtotalAtLeast'; amounts: Money[] }
  /** The named SKUs together reach `minQuantity` units (default 1). */
  | { type: 'containsSkus'; skus: string[]; minQuantity?: number }
  | { type: 'containsProducts'; productIds: string[] }
  | { type: 'inCategory'; categoryIds: string[] }
  | { type: 'firstOrder' }
  | { type: 'customerGroup'; groups: string[] }
  | { type: 'customerRole'; roles: string[] }
  | { type: 'currency'; currencies: string[] };
export type ConditionType = Condition['type'];

/** A tier of a tiered action: from `minSubtotal` (one currency), take `amount` off, or `percent`. */
export interface Tier {
  minSubtotal: Money;
  amount?: Money;
  percent?: number;
}

/**
 * Percentages are 0.01..100 with at most two decimals (12.5 = 12.5 %); they are evaluated as
 * basis points (percent × 100), rounded down to the minor unit, so a discount never exceeds
 * what it says and 100 % is exactly the base.
 */
export type Action =
  | { type: 'percentage'; percent: number }
  /** One amount per currency; a currency not listed gives nothing. Spread over the target's lines. */
  | { type: 'fixed'; amounts: Money[] }
  | { type: 'freeShipping' }
  /**
   * For each `buy.quantity` units matching `buy`, `get.quantity` units get `get.percent` off: the
   * given `get.sku`, or else the cheapest matching units (which then count in the group).
   */
  | {
      type: 'buyXGetY';
      buy: LineFilter & { quantity: number };
      get: { quantity: number; sku?: string; percent: number };
    }
  /** The highest tier reached by the target's base (in the request's currency) applies. */
  | { type: 'tiered'; tiers: Tier[] };
export type ActionType = Action['type'];

export interface PromotionLimits {
  /** Uses over all customers. */
  total?: number;
  perCustomer?: number;
}

export interface Promotion {
  id: string;
  name: string;
  /** Normalised upper-case. A promotion with no code and no batch codes is automatic. */
  code?: string;
  /** Set by the service once coupon batches exist: the promotion then applies only through a code. */
  hasBatchCodes?: boolean;
  status: PromotionStatus;
  /** Epoch ms, inclusive. */
  startsAt?: number;
  /** Epoch ms, exclusive. */
  endsAt?: number;
  conditions: Condition[];
  actions: Action[];
  target: PromotionTarget;
  /** The most this promotion takes off one order, per currency. */
  maxDiscount?: Money[];
  /** Higher applies first; ties by id. */
  priority: number;
  /** Promotions sharing a group never combine: the best deal of the group wins. */
  stackingGroup?: string;
  limits?: PromotionLimits;
  /** Whether a cancelled or fully returned order gives the use back. */
  releaseOnCancel: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** The fields an admin writes (create or patch); the rest belongs to the store. */
export type PromotionFields = Omit<Promotion, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'hasBatchCodes'>;

/** A promotion is automatic when nobody needs a code to get it. */
export const isAutomatic = (p: Pick<Promotion, 'code' | 'hasBatchCodes'>): boolean => p.code === undefined && !p.hasBatchCodes;

/** Codes are compared upper-case with surrounding spaces removed. */
export const normaliseCode = (code: string): string => code.trim().toUpperCase();

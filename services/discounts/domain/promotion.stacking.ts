import type { CouponRefusal } from '../discounts.contract';
import { conditionsHold, type MatchContext } from './promotion.match';
import { isAutomatic, normaliseCode, type Promotion } from './promotion.types';

export interface Refusal {
  code: string;
  reason: CouponRefusal;
  message: string;
}

/** A promotion to apply, with the code that brought it (none for an automatic one). */
export interface Chosen {
  promotion: Promotion;
  code?: string;
}

export interface StackingInput {
  candidates: readonly Promotion[];
  /** The request's codes, oldest first. */
  codes: readonly string[];
  /** Codes (normalised) the service resolved, batch codes included, to promotion ids. */
  codeToPromotion: ReadonlyMap<string, string>;
  /** Promotions whose total or per-customer limit the service's counters say is used up. */
  limitReached: ReadonlySet<string>;
  at: number;
  match: MatchContext;
  /** What a promotion alone would take off this request: how a stacking group picks its best deal. */
  dealOf: (p: Promotion) => number;
}

/** Why a promotion does not apply now, or undefined when it does. Order: status, window, limit, conditions. */
export function refusalOf(
  p: Promotion,
  at: number,
  limitReached: ReadonlySet<string>,
  match: MatchContext,
): CouponRefusal | undefined {
  if (p.status !== 'active' || (p.startsAt !== undefined && at < p.startsAt)) return 'COUPON_INACTIVE';
  if (p.endsAt !== undefined && at >= p.endsAt) return 'COUPON_EXPIRED';
  if (limitReached.has(p.id)) return 'COUPON_LIMIT_REACHED';
  if (!conditionsHold(p, match)) return 'COUPON_CONDITION_NOT_MET';
  return undefined;
}

const MESSAGES: Record<CouponRefusal, string> = {
  COUPON_UNKNOWN: 'is not a known code',
  COUPON_INACTIVE: 'is not active',
  COUPON_EXPIRED: 'has expired',
  COUPON_LIMIT_REACHED: 'has reached its usage limit',
  COUPON_CONDITION_NOT_MET: 'needs a cart that meets its conditions',
  COUPON_NOT_COMBINABLE: 'cannot be combined with a better or earlier promotion on this cart',
};

/** Applies first: higher priority, then id, so the same promotions always apply in the same order. */
export const byPriority = (a: Promotion, b: Promotion): number =>
  b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Which promotions apply, and why each refused code does not. Automatic promotions that do not
 * apply are left out silently. Promotions sharing a stacking group never combine: the one with
 * the best deal alone wins (ties: priority, then id) and a code that lost is NOT_COMBINABLE.
 * Everything else combines, applied by `byPriority`, each on what the earlier ones left.
 */
export function choosePromotions(input: StackingInput): { chosen: Chosen[]; refused: Refusal[] } {
  const byId = new Map(input.candidates.map((p) => [p.id, p]));
  const byCode = new Map(input.candidates.filter((p) => p.code !== undefined).map((p) => [p.code!, p.id]));
  const offered = new Map<string, Chosen>();
  const refused = new Map<string, CouponRefusal>();
  const eligible = (p: Promotion) => refusalOf(p, input.at, input.limitReached, input.match) === undefined;

  for (const p of input.candidates) if (isAutomatic(p) && eligible(p)) offered.set(p.id, { promotion: p });
  for (const raw of input.codes) {
    const code = normaliseCode(raw);
    if (refused.has(code) || [...offered.values()].some((c) => c.code === code)) continue;
    const p = byId.get(input.codeToPromotion.get(code) ?? byCode.get(code) ?? '');
    const reason = !p
      ? 'COUPON_UNKNOWN'
      : offered.has(p.id)
        ? 'COUPON_NOT_COMBINABLE'
        : refusalOf(p, input.at, input.limitReached, input.match);
    if (reason) refused.set(code, reason);
    else offered.set(p!.id, { promotion: p!, code });
  }

  const groups = new Map<string, Chosen[]>();
  for (const c of offered.values()) {
    const g = c.promotion.stackingGroup;
    if (g !== undefined) groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const deals = new Map(members.map((c) => [c.promotion.id, input.dealOf(c.promotion)]));
    const [winner, ...losers] = [...members].sort(
      (a, b) => deals.get(b.promotion.id)! - deals.get(a.promotion.id)! || byPriority(a.promotion, b.promotion),
    );
    for (const l of losers) {
      offered.delete(l.promotion.id);
      if (l.code !== undefined) refused.set(l.code, 'COUPON_NOT_COMBINABLE');
    }
    offered.set(winner.promotion.id, winner);
  }

  const chosen = [...offered.values()].sort((a, b) => byPriority(a.promotion, b.promotion));
  const order = input.codes.map(normaliseCode);
  const refusals = [...refused]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([code, reason]) => ({ code, reason, message: `The code ${code} ${MESSAGES[reason]}` }));
  return { chosen, refused: refusals };
}

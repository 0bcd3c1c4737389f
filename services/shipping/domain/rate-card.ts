import type { Money, RateBand, RateCard } from '../shipping.contract';
export { MAX_BANDS, validateRateCard } from './rate-card.validate';

export interface CartMeasure {
  /** Total weight of the goods, grams. */
  weightG: number;
  /** Goods value after discounts, minor units of `currency`. */
  goodsValue: number;
  currency: string;
  /**
   * Optional weight of each indivisible unit, grams: a unit heavier than `maxParcelWeightG` travels
   * alone, the rest are packed by weight. Absent: the weight is divisible at will.
   */
  parcelWeightsG?: number[];
}

export interface CardPrice {
  amount: Money;
  parcels: number;
}

/** The currency a card is written in (validated to be the only one it uses). */
export function cardCurrency(card: RateCard): string | undefined {
  return card.type === 'weight' || card.type === 'value' ? card.bands[0]?.amount.currency : card.amount.currency;
}

/** The band holding `x`: from-inclusive, to-exclusive (`[from, to)`), `to` absent unbounded. */
export function bandFor(bands: readonly RateBand[], x: number): RateBand | undefined {
  return bands.find((b) => x >= b.from && (b.to === undefined || x < b.to));
}

/** Parcels needed: ceil(weight / maxParcelWeightG), at least 1; heavier-than-limit units each alone. */
export function countParcels(weightG: number, maxParcelWeightG: number | undefined, unitWeightsG?: readonly number[]): number {
  if (!maxParcelWeightG) return 1;
  if (!unitWeightsG) return Math.max(1, Math.ceil(weightG / maxParcelWeightG));
  let alone = 0;
  let rest = 0;
  for (const w of unitWeightsG)
    if (w > maxParcelWeightG) alone++;
    else rest += w;
  return Math.max(1, alone + Math.ceil(rest / maxParcelWeightG));
}

/** Whether the card's own conditions admit the cart; bounds inclusive on both ends. */
export function cardAdmits(card: RateCard, cart: CartMeasure): boolean {
  const c = card.conditions;
  if (!c) return true;
  const value = (m: Money | undefined) => (m === undefined || m.currency === cart.currency ? m?.amount : NaN);
  const [minV, maxV] = [value(c.minValue), value(c.maxValue)];
  if (Number.isNaN(minV) || Number.isNaN(maxV)) return false;
  return (
    (c.minWeightG === undefined || cart.weightG >= c.minWeightG) &&
    (c.maxWeightG === undefined || cart.weightG <= c.maxWeightG) &&
    (minV === undefined || cart.goodsValue >= minV) &&
    (maxV === undefined || cart.goodsValue <= maxV)
  );
}

function baseAmount(card: RateCard, cart: CartMeasure): number | undefined {
  switch (card.type) {
    case 'flat':
      return card.amount.amount;
    case 'weight':
      return bandFor(card.bands, cart.weightG)?.amount.amount;
    case 'value':
      return bandFor(card.bands, cart.goodsValue)?.amount.amount;
    case 'free_over':
      return cart.goodsValue >= card.threshold.amount ? 0 : card.amount.amount;
  }
}

/**
 * The price of shipping the cart with this card, or null when the card's conditions exclude the
 * cart, no band holds it, or the cart is in another currency (the method is then not offered).
 * Bands are `[from, to)`. `free_over` is free at or above the threshold, surcharge included
 * (free means free); otherwise `perExtraParcel` is added once per parcel beyond the first.
 */
export function priceCard(card: RateCard, cart: CartMeasure): CardPrice | null {
  if (cardCurrency(card) !== cart.currency || !cardAdmits(card, cart)) return null;
  const base = baseAmount(card, cart);
  if (base === undefined) return null;
  const parcels = countParcels(cart.weightG, card.conditions?.maxParcelWeightG, cart.parcelWeightsG);
  const free = card.type === 'free_over' && base === 0;
  const extra = free ? 0 : (card.perExtraParcel?.amount ?? 0) * (parcels - 1);
  return { amount: { amount: base + extra, currency: cart.currency }, parcels };
}

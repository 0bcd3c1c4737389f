import { PricingError } from './pricing.types';

/** Amounts leave as JSON numbers: anything a double cannot hold exactly is refused, not rounded. */
export function safeAmount(value: bigint, what = 'The total'): number {
  if (value < 0n) throw new PricingError('INVALID_AMOUNT', `${what} cannot be negative`);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new PricingError('TOTAL_TOO_LARGE', `${what} is too large`);
  return Number(value);
}

export function wholeAmount(value: number, what: string, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new PricingError('INVALID_AMOUNT', `${what} is not a whole amount in minor units`, { value });
  return value;
}

/**
 * Splits `amount` over `weights` by largest remainder: each share is floor(amount × w / Σw), and
 * the minor units left over go to the largest fractional parts, ties to the lowest index, so the
 * shares always sum to `amount` and the same input always gives the same split. All-zero weights
 * split evenly. BigInt throughout: amount × weight can pass 2^53.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  wholeAmount(amount, 'An amount to allocate');
  if (weights.length === 0) {
    if (amount === 0) return [];
    throw new PricingError('INVALID_AMOUNT', 'An amount cannot be allocated to no lines');
  }
  weights.forEach((w, i) => wholeAmount(w, `Weight ${i}`));
  const ws = weights.some((w) => w > 0) ? weights.map(BigInt) : weights.map(() => 1n);
  const sum = ws.reduce((a, b) => a + b, 0n);
  const total = BigInt(amount);
  const shares = ws.map((w) => (total * w) / sum);
  const rests = ws.map((w, i) => ({ i, rest: (total * w) % sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  rests.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of rests) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares.map((s) => Number(s));
}

/** What each unit of a line bears of `amount`: `perUnit`, and one more for the first `remainder` units. */
export function perUnit(amount: number, quantity: number): { perUnit: number; remainder: number } {
  const each = BigInt(amount) / BigInt(quantity);
  return { perUnit: Number(each), remainder: Number(BigInt(amount) - each * BigInt(quantity)) };
}

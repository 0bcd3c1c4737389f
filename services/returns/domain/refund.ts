import { RuleError } from '../../../mixins/validation/rule-error';
import type {
  LineLedger,
  OrderLedger,
  RefundComputation,
  RefundedUnit,
  RefundLine,
  RefundPolicy,
  UnitPaid,
} from '../returns.contract';

export type RefundProblem = 'NOT_RETURNABLE' | 'INVALID_QUANTITY' | 'UNKNOWN_LINE';
export class RefundError extends RuleError<RefundProblem> {}

export interface RefundInput {
  ledger: OrderLedger;
  /** Every unit amount earlier refunds gave back (their `units`). */
  refunded: readonly RefundedUnit[];
  /** The units received (and refunded) by this refund. */
  units: readonly { sku: string; quantity: number }[];
  policy: RefundPolicy;
  /** What payments captured for the order. */
  capturedTotal: number;
  /** Everything refunded on the order before, returns and cancellations alike. */
  refundedSoFar: number;
}

type Given = { goods: number; shipping: number; returned: boolean };
const key = (sku: string, index: number) => `${sku}#${index}`;

/**
 * The order a line's units are returned in: cheapest first, and among equals the highest index
 * first. Units differ only by the minor units a remainder put on the first ones, so a partial
 * return refunds the units that paid least, and the one that paid most goes back with the last.
 * The same ledger always gives the same order, so which units a refund took never needs guessing.
 */
export function returnOrder(line: LineLedger): UnitPaid[] {
  return [...line.units].sort((a, b) => a.paid - b.paid || b.index - a.index);
}

/**
 * The refund for the units received, from what each unit paid: per unit, its goods (price −
 * discount + tax) less what was already refunded on it, plus its shipping share when the policy
 * refunds shipping: `always` with each unit, `full-return-only` all of it with the refund that
 * returns the order's last unit, `never` none. A restocking fee comes off (bps of the goods,
 * rounded down, plus a flat amount; never more than the refund), and the whole is never more
 * than captured − refunded so far. Refusals name the unit list's field.
 */
export function refundFor(input: RefundInput): RefundComputation {
  const { ledger, policy } = input;
  const given = new Map<string, Given>();
  for (const u of input.refunded) {
    const line = ledger.lines.find((l) => l.sku === u.sku);
    if (!line || !Number.isInteger(u.index) || u.index < 0 || u.index >= line.quantity)
      throw new RefundError('UNKNOWN_LINE', `An earlier refund names unit ${u.index} of ${u.sku}, which the order does not have`);
    const g = given.get(key(u.sku, u.index)) ?? { goods: 0, shipping: 0, returned: false };
    given.set(key(u.sku, u.index), {
      goods: g.goods + u.goods,
      shipping: g.shipping + u.shipping,
      returned: g.returned || u.returned,
    });
  }
  const isReturned = (sku: string, u: UnitPaid) => given.get(key(sku, u.index))?.returned === true;
  const left = (sku: string, u: UnitPaid, part: 'goods' | 'shipping') => {
    const g = given.get(key(sku, u.index));
    return Math.max(0, (part === 'goods' ? u.goods : u.shippingPaid) - (g?.[part] ?? 0));
  };

  const taking = chooseUnits(input, isReturned);
  const fullReturn = ledger.lines.every((l) => l.units.every((u) => isReturned(l.sku, u) || taking.get(l.sku)?.has(u.index)));
  const shipsWith = (takenNow: boolean) =>
    policy.refundShipping === 'never' ? false : fullReturn || (policy.refundShipping === 'always' && takenNow);

  const units: RefundedUnit[] = [];
  for (const line of ledger.lines)
    for (const u of line.units) {
      const takenNow = taking.get(line.sku)?.has(u.index) === true;
      if (!takenNow && !isReturned(line.sku, u)) continue;
      const goods = takenNow ? left(line.sku, u, 'goods') : 0;
      const shipping = shipsWith(takenNow) ? left(line.sku, u, 'shipping') : 0;
      if (takenNow || shipping > 0) units.push({ sku: line.sku, index: u.index, goods, shipping, returned: true });
    }

  const perLine: RefundLine[] = [...taking].map(([sku, indices]) => ({
    sku,
    quantity: indices.size,
    amount: units.filter((u) => u.sku === sku && indices.has(u.index)).reduce((n, u) => n + u.goods, 0),
  }));
  const goods = perLine.reduce((n, l) => n + l.amount, 0);
  const shipping = units.reduce((n, u) => n + u.shipping, 0);
  const fee = Math.min(goods + shipping, restockingFee(goods, policy));
  const room = Math.max(0, input.capturedTotal - input.refundedSoFar);
  const capped = Math.max(0, goods + shipping - fee - room);
  const amount = goods + shipping - fee - capped;
  return { currency: ledger.currency, amount, perLine, shipping, fee, capped, fullReturn, units };
}

/** bps of the goods refunded, rounded down, plus the flat fee. */
export function restockingFee(goods: number, policy: RefundPolicy): number {
  const bps = BigInt(policy.restockingFeeBps ?? 0);
  return Number((BigInt(goods) * bps) / 10000n) + (policy.restockingFeeFlat ?? 0);
}

/** The next units of each line in return order, skipping those already returned. */
function chooseUnits(input: RefundInput, isReturned: (sku: string, u: UnitPaid) => boolean): Map<string, Set<number>> {
  const taking = new Map<string, Set<number>>();
  input.units.forEach(({ sku, quantity }, i) => {
    const field = `units[${i}].quantity`;
    if (!Number.isSafeInteger(quantity) || quantity < 1)
      throw new RefundError('INVALID_QUANTITY', `${field} must be a whole number of at least 1`, { field });
    const line = input.ledger.lines.find((l) => l.sku === sku);
    if (!line) throw new RefundError('UNKNOWN_LINE', `The order has no line ${sku}`, { field: `units[${i}].sku`, sku });
    const chosen = taking.get(sku) ?? new Set<number>();
    const next = returnOrder(line).filter((u) => !isReturned(sku, u) && !chosen.has(u.index));
    if (next.length < quantity)
      throw new RefundError('NOT_RETURNABLE', `Only ${next.length} more of ${sku} can be refunded`, {
        field,
        sku,
        returnable: next.length,
      });
    next.slice(0, quantity).forEach((u) => chosen.add(u.index));
    taking.set(sku, chosen);
  });
  return taking;
}

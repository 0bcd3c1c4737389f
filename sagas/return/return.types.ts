import type { Money } from '../../mixins/validation/money';
import type { ExchangeLine, RefundedUnit, RefundLine, Resolution } from '../../services/returns/returns.contract';
import type { ReturnSagaData } from '../../services/returns/returns.requests';

/**
 * The return saga's contract with the returns service: what `sagas.start {type: 'return'}` carries
 * (ReturnSagaData, built by services/returns/returns.requests.ts), the signals it waits for, and the
 * answers of the internal calls it makes. Both sides import these types.
 */

export type SkuQuantity = { sku: string; quantity: number };
export type ExchangeShipPolicy = 'on-receipt' | 'at-once';

/** `decision`, sent by the admin approve/reject after the return row was marked (key: the decision's id). */
export type DecisionSignal = { decision: 'approved' | 'rejected'; reason?: string };
/** `receipt`, sent by the admin receive after its receipt row was stored (key: receiptId). */
export type ReceiptSignal = { receiptId: string };

/** What `returns.get` answers that the saga reads: the lines to label, the exchange's ship policy, where the parcel goes (when returns knows). */
export type ReturnSnapshot = { lines: SkuQuantity[]; exchangeShip?: ExchangeShipPolicy; warehouse?: string; exchangeCharge?: number };

/**
 * `returns.receiptPlan {returnId, receiptId}`: what one receipt does. `outstanding` counts the units
 * still open after this receipt and the ones before it only (a later receipt already stored must not
 * end the rounds early). `refund` is refundFor over the receipt's refunded units, capped by the
 * captured amount less earlier refunds. `exchangePrice` is the new items' total (exchanges only).
 * Asked again for a receipt already refunded (a round re-run after a crash), it answers the refund
 * recorded for it, never a new computation that counts that refund as an earlier one.
 */
export interface ReceiptPlan {
  receiptId: string;
  warehouse: string;
  restock: SkuQuantity[];
  writeOff: SkuQuantity[];
  refund: { amount: number; currency: string; perLine: RefundLine[]; units?: RefundedUnit[] };
  outstanding: number;
  exchangePrice?: number;
}

export type ReturnData = ReturnSagaData & {
  /** The resolution in force: an exchange whose items could not be reserved became a refund. */
  resolution: Resolution;
  exchangeFor?: ExchangeLine[];
  decision?: 'approved';
  exchangeReserved?: boolean;
  /** Why the exchange fell back to a refund, when it did. */
  fallback?: string;
  exchangeShip?: ExchangeShipPolicy;
  exchangeShipped?: boolean;
  labelShipmentId?: string;
  /** Receipts settled so far, oldest first. */
  receipts?: string[];
  refunded?: Money;
  /** What the new items cost over the credit, as returns priced them at request (returns.get). */
  exchangeCharge?: number;
  /** That difference, charged (payments' order `x-<returnId>`) before the exchange ships. */
  exchangeCharged?: Money;
  /** The part of the new items' price the returned units' credit has paid so far (exchanges). */
  exchangeCreditUsed?: number;
  /** The new items' total price (exchanges), from the receipt plans. */
  exchangePrice?: number;
  /** What the credit left unpaid of that price at close (units that never came): not charged, see settle.ts. */
  exchangeUncharged?: number;
  /** The order's last unit came back with this return (markClosed's answer). */
  orderReturned?: boolean;
  closed?: boolean;
  promotionsReleased?: boolean;
};

/** The exchange's reservation and shipments: one id per return, so a retry finds what the first try made. */
export const exchangeId = (returnId: string): string => `x-${returnId}`;

import type { Money } from '../../mixins/validation/money';

/** Started by the orders service for a customer's cancel of a CONFIRMED order (saga id `cancel:<orderId>`). */
export type CancelOrderData = {
  orderId: string;
  userId: string;
  reason?: string;
  amount?: Money;
  /** The promotions the order carries: their uses are released (or kept) by discounts' rule. */
  promotionIds?: string[];
  // Outputs of the steps.
  /** The shipments shipping cancelled (with their labels) for this order. */
  shipmentsCancelled?: string[];
  /** How the order's checkout saga ended: only a completed checkout took money and sold stock. */
  checkout?: 'COMPLETED' | 'COMPENSATED' | 'NONE';
  refunded?: boolean;
  restocked?: boolean;
  promotionsReleased?: boolean;
  notified?: boolean;
};

export const CUSTOMER_CANCEL = 'cancelled by the customer';

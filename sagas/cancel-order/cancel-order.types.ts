import type { Money } from '../../mixins/validation/money';

/** Started by the orders service for a customer's cancel of a CONFIRMED order (saga id `cancel:<orderId>`). */
export type CancelOrderData = {
  orderId: string;
  userId: string;
  reason?: string;
  amount?: Money;
  // Outputs of the steps.
  /** How the order's checkout saga ended: only a completed checkout took money and sold stock. */
  checkout?: 'COMPLETED' | 'COMPENSATED' | 'NONE';
  refunded?: boolean;
  restocked?: boolean;
  notified?: boolean;
};

export const CUSTOMER_CANCEL = 'cancelled by the customer';

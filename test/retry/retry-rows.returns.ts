import type { Row } from './retry-rows';

/**
 * The retry table's rows for returns (issue 16): the returns service, inventory's returned units and
 * shipping's return parcels and exchange shipments. The fixture's order is confirmed, not delivered,
 * and has no return: the return's own actions answer 404 alike both times; the writes keyed by
 * their request (a reason, a ref, a return id, an exchange id) apply once.
 */

const page = { page: 1, pageSize: 20 };
const NO_RETURN = '00000000-0000-4000-8000-000000000016';
const missing = (params: Record<string, unknown> = { returnId: NO_RETURN }): Row => ({
  params: () => params,
  fails: true,
});

export const RETURNS_ROWS: Record<string, Row> = {
  'returns.listReturns': { params: () => page },
  'returns.mine': { as: 'A', params: () => page },
  'returns.getReturn': { as: 'A', ...missing({ id: NO_RETURN }) },
  'returns.returnLabel': { as: 'A', ...missing({ id: NO_RETURN }) },
  'returns.approveReturn': missing({ id: NO_RETURN }),
  'returns.rejectReturn': missing({ id: NO_RETURN, reason: 'retry' }),
  'returns.getReturnSettings': {},
  'returns.listReturnReasons': {},
  'returns.putReturnReason': { params: () => ({ id: 'retry-reason', label: 'Retried reason' }), changes: true },
  'returns.removeReturnReason': missing({ id: 'retry-never-added' }),
  'returns.putReturnSettings': {
    params: () => ({
      windowDays: 30,
      allowShipped: false,
      autoApprove: { enabled: false, below: [] },
      refund: { refundShipping: 'full-return-only' },
    }),
    changes: true,
  },
  'returns.get': missing(),
  'returns.markApproved': missing(),
  'returns.markRejected': missing(),
  'returns.markCancelled': missing({ returnId: NO_RETURN, reason: 'retry' }),
  'returns.markClosed': missing(),
  'returns.recordLabel': missing({ returnId: NO_RETURN, label: { carrier: 'sandbox', trackingNumber: 'T-1' } }),
  'returns.receiptPlan': missing({ returnId: NO_RETURN, receiptId: `${NO_RETURN}:1` }),
  'returns.recordRefund': missing({ returnId: NO_RETURN, receiptId: `${NO_RETURN}:1`, amount: 0, perLine: [] }),
  'returns.fallbackToRefund': missing({ returnId: NO_RETURN, why: 'retry' }),
  'returns.recordCharge': missing({ returnId: NO_RETURN, amount: { amount: 100, currency: 'EUR' }, paymentId: `x-${NO_RETURN}` }),
  // One ref moves stock once: the repeat answers the same units and adds no movement.
  'inventory.returnUnits': {
    params: (f) => ({ ref: 'retry-return:1', sku: f.sku, warehouse: 'main', quantity: 1, condition: 'resaleable' }),
    changes: true,
  },
  // One parcel per return id (`ret-<returnId>`), its label bought once.
  'shipping.createReturnLabel': {
    params: (f) => ({
      returnId: 'retry-return',
      orderId: f.orderId,
      userId: f.cast.customerA.id,
      lines: [{ sku: f.sku, quantity: 1 }],
    }),
    changes: true,
  },
  'shipping.cancelReturnLabel': missing({ returnId: 'retry-no-such-return' }),
  'shipping.createExchangeShipments': {
    params: (f) => ({
      id: 'x-retry-return',
      orderId: f.orderId,
      userId: f.cast.customerA.id,
      allocations: [{ sku: f.sku, quantity: 1, allocations: [{ warehouse: 'main', quantity: 1 }] }],
    }),
    changes: true,
  },
};

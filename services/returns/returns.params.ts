import { idParam, pageParams, textParam } from '../../mixins/validation/params';
import { warehouseParam } from '../inventory/inventory.params';
import { moneyParam } from '../../mixins/validation/money';
import { CONDITIONS, RESOLUTIONS, RETURN_STATUSES } from './returns.contract';

/**
 * fastest-validator rules for the returns actions: the shape (known fields, bounded sizes); what a
 * request may ask for (quantities against the order, reasons from the list) is the domain's
 * validateReturnRequest, which names each field.
 */
const int = (min: number, max: number) => ({ type: 'number', integer: true, min, max }) as const;
const opt = <R extends object>(rule: R) => ({ ...rule, optional: true }) as const;
const sku = { type: 'string', min: 1, max: 128 } as const;
const skuQuantity = { type: 'object', strict: true, props: { sku, quantity: int(1, 100_000) } } as const;
const reasonId = { type: 'string', min: 1, max: 64, pattern: /^[a-z0-9][a-z0-9-]*$/ } as const;

export const requestParams = {
  id: idParam,
  lines: {
    type: 'array',
    min: 1,
    max: 200,
    items: {
      type: 'object',
      strict: true,
      props: { sku, quantity: int(1, 100_000), reason: { type: 'string', min: 1, max: 64 }, note: opt(textParam(500)) },
    },
  },
  resolution: { type: 'enum', values: [...RESOLUTIONS] },
  exchangeFor: opt({ type: 'array', max: 200, items: skuQuantity }),
  $$strict: true,
} as const;

export const idParams = { id: idParam, $$strict: true } as const;
export const returnIdParams = { returnId: idParam, $$strict: true } as const;
export const mineParams = { ...pageParams, $$strict: true } as const;
export const listParams = {
  ...pageParams,
  status: opt({ type: 'enum', values: [...RETURN_STATUSES] }),
  orderId: opt(idParam),
  $$strict: true,
} as const;
export const rejectParams = { id: idParam, reason: textParam(500), $$strict: true } as const;
export const receiveParams = {
  id: idParam,
  // Inventory's own rule, so a name it would refuse is refused here, naming `warehouse`.
  warehouse: opt(warehouseParam),
  lines: {
    type: 'array',
    min: 1,
    max: 200,
    items: { type: 'object', strict: true, props: { sku, quantity: int(1, 100_000), condition: { type: 'enum', values: [...CONDITIONS] } } },
  },
  $$strict: true,
} as const;
export const reasonParams = { id: reasonId, label: textParam(120), $$strict: true } as const;
export const reasonIdParams = { id: reasonId, $$strict: true } as const;

const fee = opt(int(0, 10_000));
export const settingsParams = {
  windowDays: int(1, 3650),
  allowShipped: 'boolean',
  autoApprove: {
    type: 'object',
    strict: true,
    props: {
      enabled: 'boolean',
      withinDays: opt(int(0, 3650)),
      below: { type: 'array', max: 50, items: moneyParam },
      reasons: opt({ type: 'array', max: 50, items: reasonId }),
    },
  },
  refund: {
    type: 'object',
    strict: true,
    props: {
      refundShipping: { type: 'enum', values: ['full-return-only', 'always', 'never'] },
      restockingFeeBps: fee,
      restockingFeeFlat: opt(int(0, 1e12)),
    },
  },
  exchangeShip: opt({ type: 'enum', values: ['on-receipt', 'at-once'] }),
  returnWarehouse: opt(warehouseParam),
  version: opt(int(0, 1e12)),
  $$strict: true,
} as const;

export const labelParams = {
  returnId: idParam,
  label: {
    type: 'object',
    strict: true,
    props: { carrier: sku, trackingNumber: { type: 'string', min: 1, max: 128 }, url: opt({ type: 'string', max: 2048 }) },
  },
  $$strict: true,
} as const;
export const receiptParams = { returnId: idParam, receiptId: { type: 'string', min: 1, max: 160 }, $$strict: true } as const;
export const recordRefundParams = {
  ...receiptParams,
  // The refund computation's minor units, or Money in the return's currency.
  amount: [opt(int(0, 1e12)), opt(moneyParam)],
  perLine: { type: 'array', max: 200, items: { type: 'object', strict: true, props: { sku, quantity: int(0, 100_000), amount: int(0, 1e12) } } },
  units: opt({
    type: 'array',
    max: 100_000,
    items: {
      type: 'object',
      strict: true,
      props: { sku, index: int(0, 100_000), goods: int(0, 1e12), shipping: int(0, 1e12), returned: 'boolean' },
    },
  }),
  paymentRefundId: opt({ type: 'string', min: 1, max: 160 }),
  $$strict: true,
} as const;
export const fallbackParams = { returnId: idParam, why: textParam(500), $$strict: true } as const;
export const recordChargeParams = { returnId: idParam, amount: moneyParam, paymentId: idParam, $$strict: true } as const;

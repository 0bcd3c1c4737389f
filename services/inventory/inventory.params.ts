import { idParam, pageParams, textParam } from '../../mixins/validation/params';
import { ADJUSTMENT_REASONS } from './inventory.contract';

/** fastest-validator fragments for the inventory actions: every string bounded and shaped, every number an integer in range. */
export const skuParam = { type: 'string', pattern: /^[A-Z0-9][A-Z0-9-]{0,63}$/ } as const;
export const warehouseParam = { type: 'string', pattern: /^[a-z0-9-]{1,32}$/ } as const;
const units = (min: number, max: number) => ({ type: 'number', integer: true, min, max }) as const;

export const MAX_LINES = 50;
export const MAX_LINE_QUANTITY = 10_000;
const MAX_SETTING = 1_000_000;

export const receiveParams = {
  sku: skuParam,
  warehouse: warehouseParam,
  quantity: units(1, 1_000_000),
  ref: textParam(128),
  $$strict: true,
} as const;

/** `inventory.returnUnits`: a return's units at a warehouse, by condition (missing units never reach inventory). */
export const returnUnitsParams = {
  ...receiveParams,
  condition: { type: 'enum', values: ['resaleable', 'damaged'] },
} as const;

export const adjustParams = {
  sku: skuParam,
  warehouse: warehouseParam,
  delta: { ...units(-1_000_000, 1_000_000), notEqual: 0 },
  reason: { type: 'enum', values: ADJUSTMENT_REASONS },
  note: { ...textParam(500), optional: true },
  $$strict: true,
} as const;

export const settingsParams = {
  sku: skuParam,
  warehouse: warehouseParam,
  reorderPoint: { ...units(0, MAX_SETTING), optional: true },
  priority: { ...units(0, MAX_SETTING), optional: true },
  $$strict: true,
} as const;

export const movementsParams = {
  sku: skuParam,
  ...pageParams,
  warehouse: { ...warehouseParam, optional: true },
  $$strict: 'remove',
} as const;

export const orderIdParams = { orderId: idParam } as const;

export const reserveParams = {
  orderId: idParam,
  lines: {
    type: 'array',
    min: 1,
    max: MAX_LINES,
    items: { type: 'object', strict: true, props: { sku: skuParam, quantity: units(1, MAX_LINE_QUANTITY) } },
  },
  // Epoch ms; bounded here, compared with the clock in the handler.
  expiresAt: { ...units(1, 8_640_000_000_000_000), optional: true },
  $$strict: true,
} as const;

export const releaseParams = { orderId: idParam, reason: { ...textParam(200), optional: true }, $$strict: true } as const;
export const commitParams = { orderId: idParam, $$strict: true } as const;
export const availabilityParams = { skus: { type: 'array', min: 1, max: 100, items: skuParam }, $$strict: true } as const;

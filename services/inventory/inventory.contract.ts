/** `write-off`: units received back damaged leave stock at once (inventory.returnUnits), so they are never sellable. */
export type MovementReason = 'receipt' | 'reservation' | 'release' | 'sale' | 'adjustment' | 'return' | 'write-off';

/** Reasons an admin may give for a manual change; the others belong to receipts and the reservation flow. */
export const ADJUSTMENT_REASONS = ['adjustment', 'return'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export type StockRecord = {
  id: string;
  sku: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  reorderPoint: number;
  /** Lower is preferred when allocating. */
  priority: number;
  updatedAt: number;
  version?: number;
};

export type Movement = {
  id: string;
  sku: string;
  warehouse: string;
  onHandDelta: number;
  reservedDelta: number;
  reason: MovementReason;
  /** Order id (reservation, release, sale), receipt ref, or the acting user's id (adjustments). */
  ref: string;
  /** Who made the change: a user id, or `system` for platform code and the expiry sweeper. */
  actor?: string;
  note?: string;
  at: number;
};

export interface ReceiveParams {
  sku: string;
  warehouse: string;
  quantity: number;
  /** Caller's idempotency reference (e.g. a purchase order line): the same ref is applied once. */
  ref: string;
}

/** `inventory.returnUnits` (internal, the return saga): units a return brought back, once per ref. */
export type ReturnCondition = 'resaleable' | 'damaged';
export interface ReturnUnitsParams {
  /** The caller's idempotency reference (the return saga's: receipt and SKU); the same ref is applied once. */
  ref: string;
  sku: string;
  warehouse: string;
  quantity: number;
  condition: ReturnCondition;
}
/** What a ref did, the same however often it is asked: units back on hand, and units written off. */
export interface ReturnedUnits extends ReturnUnitsParams {
  restocked: number;
  writtenOff: number;
}

export interface AdjustParams {
  sku: string;
  warehouse: string;
  /** Change of on-hand units; never zero. */
  delta: number;
  reason: AdjustmentReason;
  note?: string;
}

export interface SettingsParams {
  sku: string;
  warehouse: string;
  reorderPoint?: number;
  priority?: number;
}

export interface StockLevel {
  warehouse: string;
  onHand: number;
  reserved: number;
  available: number;
}

export interface SkuLevels {
  sku: string;
  available: number;
  warehouses: StockLevel[];
}

/** What admins see of one stock row, settings included. */
export interface StockSettings extends StockLevel {
  sku: string;
  reorderPoint: number;
  priority: number;
}

export interface MovementPage {
  rows: Movement[];
  total: number;
  page: number;
  pageSize: number;
}

export type ReservationStatus = 'active' | 'committed' | 'released' | 'expired';

export interface Allocation {
  warehouse: string;
  quantity: number;
}

export interface OrderLine {
  sku: string;
  quantity: number;
}

export interface ReservationLine extends OrderLine {
  allocations: Allocation[];
}

/** The answer of reserve, release and commit (the contract the order saga relies on). */
export interface Reservation {
  orderId: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
}

/** Stored with id = orderId. `expiresAt` is a plain field: the store must not hide a lapsed hold, the sweeper releases it. */
export type ReservationDoc = {
  id: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  /** Why it was released (the caller's reason, or `expired`). */
  reason?: string;
  version?: number;
};

export interface ReserveParams {
  orderId: string;
  lines: OrderLine[];
  expiresAt?: number;
}

export interface LowStock {
  sku: string;
  warehouse: string;
  available: number;
  reorderPoint: number;
}

export interface Shortage {
  sku: string;
  requested: number;
  available: number;
}

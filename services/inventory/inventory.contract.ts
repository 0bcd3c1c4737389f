export type MovementReason = 'receipt' | 'reservation' | 'release' | 'sale' | 'adjustment' | 'return';

export type StockRecord = {
  id: string;
  sku: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  reorderPoint: number;
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
  ref: string;
  at: number;
};

export interface ReceiveParams {
  sku: string;
  warehouse: string;
  quantity: number;
  /** Caller's idempotency reference (e.g. a purchase order line): the same ref is applied once. */
  ref: string;
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

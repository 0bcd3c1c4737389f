import type { Cast } from '../support/identities';

/** What retryable-actions.spec.ts sets up once: the rows' params read it. */
export interface Fixture {
  cast: Cast;
  productId: string;
  sku: string;
  /** Customer A's confirmed order (its saga completed, its mail sent, its shipment created). */
  orderId: string;
  addressId: string;
  cardId: string;
}
export type Caller = 'system' | 'A' | 'B' | 'admin';
export interface Row {
  params?: (f: Fixture) => Record<string, unknown>;
  as?: Caller;
  /** The first call changes state (a write keyed by its request). */
  changes?: true;
  /** Answers an error, the same both times (nothing to find here). */
  fails?: true;
}

const page = { page: 1, pageSize: 20 };
/** The fixture order's one shipment: its stock came from warehouse `main`. */
const shipmentOf = (f: Fixture) => `${f.orderId}:main`;

/**
 * Cart shipping, saga signals and the shipping service. The platform has no shipping zone, so a
 * quote offers nothing and stores nothing; customer B's cart has an address and no line by now.
 */
export const SHIPPING_ROWS: Record<string, Row> = {
  'carts.shippingOptions': { as: 'B' },
  'carts.chooseShipping': { as: 'B', params: () => ({ quoteId: 'no-such-quote' }), fails: true },
  'carts.clearShipping': { as: 'B' },
  // The fixture's checkout saga has completed: it waits for no signal, refused alike both times.
  'sagas.signal': { params: (f) => ({ sagaId: f.orderId, signal: 'parcel-received', key: 'retry-signal' }), fails: true },
  'shipping.listZones': { params: () => page },
  'shipping.getZone': { params: () => ({ id: 'no-such-zone' }), fails: true },
  'shipping.listMethods': { params: () => page },
  'shipping.getMethod': { params: () => ({ id: 'no-such-method' }), fails: true },
  'shipping.hasZones': {},
  'shipping.quote': {
    params: (f) => ({
      cartId: 'retry-cart',
      currency: 'EUR',
      lines: [{ sku: f.sku, quantity: 1, weightG: 250 }],
      goodsValue: 1000,
      address: { country: 'DE', postalCode: '10115' },
    }),
  },
  'shipping.checkQuote': { params: () => ({ quoteId: 'no-such-quote', cartId: 'retry-cart', fingerprint: 'x' }), fails: true },
  'shipping.listShipments': { params: () => page },
  'shipping.getShipment': { params: (f) => ({ id: shipmentOf(f) }) },
  // No label bought for it: 404 both times.
  'shipping.getShipmentLabel': { params: (f) => ({ id: shipmentOf(f) }), fails: true },
  'shipping.buyShipmentLabel': { params: (f) => ({ id: `${f.orderId}:nowhere` }), fails: true },
  'shipping.shipShipment': { params: (f) => ({ id: `${f.orderId}:nowhere` }), fails: true },
  'shipping.orderShipments': { as: 'A', params: (f) => ({ id: f.orderId }) },
  // An order never placed: its guard is written `cancelled` once (a late CONFIRMED creates nothing).
  'shipping.cancelForOrder': { params: () => ({ orderId: 'retry-never-placed' }), changes: true },
  // The fixture order's guard is open: nothing to reopen.
  'shipping.reopenForOrder': { params: (f) => ({ orderId: f.orderId }) },
};

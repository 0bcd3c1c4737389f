import { SAGA_STATE_FIELDS } from '../services/saga-coordinator/saga-coordinator.repository';
import type { StoreName } from '../config/stores';

/**
 * The database writes of one checkout (one cart line) from POST /api/orders to the saga's end, in
 * the order the platform makes them: what scenario 2's floor (checkout.floor.ts) replays with the
 * bare driver. Derived from the code and checked by measurement: one checkout run on the cluster
 * platform, diffing n_tup_ins / n_tup_upd / n_tup_del of pg_stat_user_tables in every store's
 * database (after the broker stopped, so every backend had flushed its counters), gave per order
 * exactly these rows; transaction boundaries are the services' atomic units (store.atomic), every
 * other write is one statement on its own.
 *
 *   orders         4 tx: place {idempotency_keys, orders, order_events}; confirm (runOnce) {processed_calls,
 *                  orders update, order_events, outbox}; the relay's claim and sent updates of that outbox row
 *   order-history  2 inserts (PENDING, CONFIRMED)          carts   1 delete (the cart cleared)
 *   saga           1 insert + 13 version-checked updates (before and after each of 6 steps, then COMPLETED)
 *   inventory      2 tx: reserve {stock, reservations, movements}; commit {stock, reservations update, movements}
 *   payments       8 tx: per authorize and capture, the sandbox provider's {sandbox_requests, sandbox_charges}
 *                  and runOnce {processed_calls, payments, payment_audit, outbox, transactions}, then 2 relay updates
 *   notifications  4 statements: notices claim, deliveries, notices update, processed_calls
 *
 * 35 transactions and 54 row writes per order. The platform's reads (idempotency checks, gets
 * before updates, polls) are not replayed: the floor is the writes alone.
 */

export type Op =
  | { ins: string; row: string }
  | { upd: string; row: string; set: string[] }
  | { del: string; row: string }
  /** Stock is a shared row per SKU: a guarded increment, as the inventory store does it. */
  | { stock: 'reserve' | 'commit' };
export interface Tx {
  store: StoreName;
  ops: Op[];
  /** The order reads CONFIRMED once this unit committed. */
  confirms?: true;
}

/** Average row sizes in bytes (pg_column_size) the platform wrote in that run; the floor pads its rows to them. */
export const ROW_BYTES: Record<string, number> = {
  orders: 780,
  idempotency_keys: 160,
  order_events: 628,
  processed_calls: 330,
  outbox: 490,
  status_history: 132,
  carts: 300,
  sagas: 1_500,
  reservations: 244,
  movements: 198,
  payments: 180,
  sandbox_requests: 244,
  sandbox_charges: 148,
  transactions: 244,
  payment_audit: 188,
  notices: 335,
  deliveries: 431,
};

const tx = (store: StoreName, ...ops: Op[]): Tx => ({ store, ops });
const ins = (table: string, row: string): Op => ({ ins: table, row });
const upd = (table: string, row: string, set: string[]): Op => ({ upd: table, row, set });
const sagaSave = tx('saga', upd('sagas', 'saga', [...SAGA_STATE_FIELDS]));
/** The outbox relay: a claim, then sent once the bus has the event. */
const relay = (store: StoreName, row: string) => [
  tx(store, upd('outbox', row, ['status', 'availableAt'])),
  tx(store, upd('outbox', row, ['status', 'publishedAt'])),
];
/** A saga step: the saga saved before and after the participant's writes. */
const step = (...writes: Tx[]) => [sagaSave, ...writes, sagaSave];

export const CHECKOUT_WRITES: Tx[] = [
  tx('orders', ins('idempotency_keys', 'key'), ins('orders', 'order'), ins('order_events', 'created')),
  tx('carts', { del: 'carts', row: 'cart' }),
  tx('order-history', ins('status_history', 'pending')),
  tx('saga', ins('sagas', 'saga')),
  ...step(tx('inventory', { stock: 'reserve' }, ins('reservations', 'hold'), ins('movements', 'reserved'))),
  ...step(
    tx('payments', ins('sandbox_requests', 'authorizeRequest'), ins('sandbox_charges', 'charge')),
    tx(
      'payments',
      ins('processed_calls', 'authorizeCall'),
      ins('payments', 'payment'),
      ins('payment_audit', 'authorizeAudit'),
      ins('outbox', 'authorizeEvent'),
      ins('transactions', 'authorizeTx'),
    ),
    ...relay('payments', 'authorizeEvent'),
  ),
  ...step(
    {
      ...tx(
        'orders',
        ins('processed_calls', 'confirmCall'),
        upd('orders', 'order', ['status', 'updatedAt', 'reason']),
        ins('order_events', 'confirmed'),
        ins('outbox', 'statusEvent'),
      ),
      confirms: true,
    },
    tx('order-history', ins('status_history', 'confirmed')),
    ...relay('orders', 'statusEvent'),
  ),
  ...step(
    tx('payments', ins('sandbox_requests', 'captureRequest'), upd('sandbox_charges', 'charge', ['status', 'updatedAt'])),
    tx(
      'payments',
      ins('processed_calls', 'captureCall'),
      upd('payments', 'payment', ['status', 'updatedAt']),
      ins('payment_audit', 'captureAudit'),
      ins('outbox', 'captureEvent'),
      ins('transactions', 'captureTx'),
    ),
    ...relay('payments', 'captureEvent'),
  ),
  ...step(tx('inventory', { stock: 'commit' }, upd('reservations', 'hold', ['status', 'updatedAt']), ins('movements', 'sold'))),
  ...step(
    tx('notifications', ins('notices', 'notice')),
    tx('notifications', ins('deliveries', 'email')),
    tx('notifications', upd('notices', 'notice', ['status', 'deliveries'])),
    tx('notifications', ins('processed_calls', 'noticeCall')),
  ),
  sagaSave,
];

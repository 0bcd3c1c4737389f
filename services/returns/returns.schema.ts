import { createOutbox } from '../../mixins/messaging/outbox';
import type { StoreSchema } from '../../mixins/store/store.types';

/**
 * Returns (returns.contract.ts Return) and the rows that hold their limits with one atomic step each:
 * a claim per `${orderId}:${sku}` counts the units asked back against those delivered; a line row per
 * `${returnId}:${sku}` counts the units received against those asked back; a receipt per
 * `${returnId}:${n}` and a refund per `${returnId}:${receiptId}` are unique, so a replay adds nothing.
 */
export const returnsSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-returns-claims-receipts-refunds',
      steps: [
        {
          createCollection: {
            name: 'returns',
            fields: {
              rma: 'string',
              orderId: 'string',
              userId: 'string',
              status: 'string',
              resolution: 'string',
              lines: 'json',
              exchangeFor: 'json',
              exchangePrice: 'int',
              refund: 'json',
              label: 'json',
              reason: 'string',
              fallback: 'string',
              receipts: 'int',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            unique: [['rma']],
            indexes: [['orderId'], ['userId'], ['status']],
            versioned: true,
          },
        },
        // id = `${orderId}:${sku}`; requested = units returned or in an open return, never above delivered.
        { createCollection: { name: 'claims', fields: { orderId: 'string', sku: 'string', delivered: 'int', requested: 'int' } } },
        // id = `${returnId}:${sku}`; accounted (units received or declared missing) never above quantity.
        {
          createCollection: {
            name: 'return_lines',
            fields: { returnId: 'string', sku: 'string', quantity: 'int', accounted: 'int' },
            indexes: [['returnId']],
          },
        },
        {
          createCollection: {
            name: 'receipts',
            fields: {
              returnId: 'string',
              warehouse: 'string',
              lines: 'json',
              restock: 'json',
              writeOff: 'json',
              refund: 'json',
              // The refund plan, fixed the first time the saga asks (a retry after payments refunded must not recompute it).
              plan: 'json',
              at: 'timestamp',
            },
            indexes: [['returnId']],
          },
        },
        {
          createCollection: {
            name: 'refunds',
            fields: {
              returnId: 'string',
              orderId: 'string',
              receiptId: 'string',
              amount: 'int',
              currency: 'string',
              perLine: 'json',
              units: 'json',
              paymentRefundId: 'string',
              createdAt: 'timestamp',
            },
            indexes: [['returnId'], ['orderId']],
          },
        },
        { createCollection: { name: 'reasons', fields: { label: 'string', active: 'bool', createdAt: 'timestamp' } } },
        // id = `policy`: the ReturnPolicy as the admin last saved it (absent: the defaults).
        { createCollection: { name: 'settings', fields: { policy: 'json', updatedAt: 'timestamp' }, versioned: true } },
        // id = `rma`: the RMA sequence, moved by an atomic $inc.
        { createCollection: { name: 'counters', fields: { n: 'int' } } },
        createOutbox,
      ],
    },
    {
      name: '0002-request-keys-pending-sagas',
      steps: [
        // id = a hash of (userId, Idempotency-Key): one return per customer and key, written in the return's unit.
        {
          createCollection: {
            name: 'request_keys',
            fields: { userId: 'string', returnId: 'string', fingerprint: 'string', createdAt: 'timestamp' },
          },
        },
        // id = returnId: its saga is still to be started (written with the return, removed once started; the sweep starts the stale).
        { createCollection: { name: 'pending_sagas', fields: { at: 'timestamp' }, indexes: [['at']] } },
      ],
    },
    {
      // An exchange dearer than its credit: the difference expected at request, and the charge once made.
      name: '0003-exchange-charge',
      steps: [
        { addField: { collection: 'returns', field: 'exchangeCharge', type: 'int' } },
        { addField: { collection: 'returns', field: 'charged', type: 'json' } },
      ],
    },
  ],
};

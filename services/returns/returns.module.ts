import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import { RESOLUTIONS, RETURN_STATUSES, type ReturnEvent } from './returns.contract';
import { returnsSchema } from './returns.schema';

const count = { type: 'number', integer: true, min: 0 };
const money = { type: 'object', strict: true, props: { amount: count, currency: { type: 'string', length: 3 } } };
/** ReturnEvent (returns.contract.ts) as fastest-validator checks it. */
const RETURN_EVENT = {
  returnId: id,
  rma: { type: 'string', min: 1, max: 32 },
  orderId: id,
  userId: id,
  status: { type: 'enum', values: [...RETURN_STATUSES] },
  resolution: { type: 'enum', values: [...RESOLUTIONS] },
  lines: {
    type: 'array',
    min: 1,
    items: {
      type: 'object',
      strict: true,
      props: {
        sku: id,
        quantity: { type: 'number', integer: true, min: 1 },
        received: count,
        refunded: count,
        restocked: count,
        writtenOff: count,
        missing: count,
      },
    },
  },
  refund: { ...money, optional: true },
  issued: { ...money, optional: true },
  receiptId: { type: 'string', min: 1, max: 200, optional: true },
  reason: { type: 'string', min: 1, max: 500, optional: true },
  at: count,
  seq: { type: 'number', integer: true, min: 1 },
};
const returnEvent = () => eventSpec<ReturnEvent>(1, RETURN_EVENT);

/** Returns, their claims on delivered units, receipts and refunds: one audited store on the fulfilment node. */
export default defineService({
  name: 'returns',
  dir: __dirname,
  load: () => import('./returns.service') as Promise<{ default: ServiceSchema }>,
  // Beside shipping: the return labels and the receipts are the warehouse's side of fulfilment.
  node: 'fulfilment',
  stores: {
    returns: { schema: returnsSchema, engine: 'postgres', audited: true },
  },
  events: {
    publishes: {
      'return.requested': returnEvent(),
      'return.approved': returnEvent(),
      'return.rejected': returnEvent(),
      'return.received': returnEvent(),
      'refund.issued': returnEvent(),
      'return.closed': returnEvent(),
    },
    consumes: [],
  },
});

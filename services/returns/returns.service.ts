import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { adminActions } from './returns.admin.actions';
import { customerActions } from './returns.customer.actions';
import type { ReturnsMethods, ReturnsThis } from './returns.methods';
import { ReturnSettings } from './returns.policy';
import { sagaActions } from './returns.saga.actions';
import { SagaSweep } from './returns.saga-sweep';
import { returnsSchema } from './returns.schema';

/**
 * Returns, exchanges and refunds (issue 16): customers ask back delivered units, staff approve,
 * reject and receive them, and the `return` saga (sagas/return) drives labels, restock and refunds
 * through this service's internal actions. Events leave through the `returns` store's outbox.
 */
const ReturnsService: ServiceSchema<ServiceSettingSchema, ReturnsMethods> = {
  name: 'returns',
  // Routes name their whole path: /api/orders/:id/returns, /api/returns/…, /api/me/returns, /api/admin/returns/…
  settings: { rest: '/' },
  mixins: [StoresMixin({ returns: returnsSchema }), OutboxMixin('returns'), SagaSweep],
  actions: {
    ...customerActions,
    ...adminActions,
    ...sagaActions,
  },
  async started(this: ReturnsThis) {
    await this.ensureConnected('returns');
    await new ReturnSettings(this.store('returns')).seed();
  },
};

export default ReturnsService;

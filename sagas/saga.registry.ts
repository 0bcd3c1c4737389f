import { cancelOrderSaga } from './cancel-order/cancel-order.saga';
import { checkoutSaga } from './checkout/checkout.saga';
import { returnSaga } from './return/return.saga';
import type { SagaDefinition } from './saga.types';

/** Every saga the platform runs; each coordinator node defines them all. */
export const SAGAS: SagaDefinition[] = [checkoutSaga, cancelOrderSaga, returnSaga];

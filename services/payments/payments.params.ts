import { moneyRule } from '../../mixins/validation/money';
import { idParam, textParam } from '../../mixins/validation/params';

/** fastest-validator schemas for the payments actions: every string bounded and shaped, amounts integer minor units. */
const money = moneyRule(1);

/** Provider tokens: the sandbox's test names and saved cards' tokens alike. */
const tokenParam = { type: 'string', min: 3, max: 128, pattern: /^[A-Za-z0-9_:-]+$/ } as const;

const refParam = { type: 'string', min: 1, max: 128, pattern: /^[A-Za-z0-9_-]+$/ } as const;

export const authorizeParams = { orderId: idParam, userId: idParam, amount: money, token: tokenParam, $$strict: true } as const;
export const orderParams = { orderId: idParam, $$strict: true } as const;
/** A caller's refund key: saga step keys (`sagaId:stepId`) included. */
const refundKeyParam = { type: 'string', min: 1, max: 128, pattern: /^[A-Za-z0-9_:.-]+$/, optional: true } as const;

export const refundParams = {
  orderId: idParam,
  amount: { ...money, optional: true },
  reason: { ...textParam(200), optional: true },
  refundKey: refundKeyParam,
  $$strict: true,
} as const;
export const reconcileParams = { apply: { type: 'boolean', optional: true }, $$strict: true } as const;
export const getParams = { orderId: idParam } as const;

/** Nothing here may rewrite the body (no trim, no defaults): the signature covers it as received. */
export const webhookParams = {
  id: refParam,
  type: { type: 'string', min: 1, max: 64, pattern: /^[a-z][a-z_.]*$/ },
  providerRef: refParam,
  created: { type: 'number', integer: true, min: 0, max: 99_999_999_999 },
  $$strict: true,
} as const;

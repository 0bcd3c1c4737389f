import { idParam, pageParams, PLAIN_TEXT } from '../../mixins/validation/params';
import { CHANNELS, FORMATS, ORDER_NOTICE_KINDS } from './notifications.contract';

export const templateKeyParam = { type: 'string', min: 1, max: 64, pattern: /^[a-z][a-z0-9-]*$/ } as const;
const channelParam = { type: 'enum', values: CHANNELS } as const;
/** Template text may span lines; other control characters and lone surrogates are refused. */
const MULTILINE_TEXT = /^(?:[^\p{Cc}\p{Cs}]|[\t\n\r])*$/u;

export const MAX_DATA_KEYS = 50;

/** Template variables: a flat map of short scalars, keyed like placeholders. */
const dataParam = {
  type: 'record',
  optional: true,
  key: { type: 'string', max: 64, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/ },
  value: {
    type: 'multi',
    rules: [{ type: 'string', max: 2_000, pattern: PLAIN_TEXT }, { type: 'number', min: -1e15, max: 1e15 }, { type: 'boolean' }],
  },
} as const;

export const sendParams = {
  channel: channelParam,
  to: { type: 'string', trim: true, min: 3, max: 254, pattern: PLAIN_TEXT },
  template: templateKeyParam,
  data: dataParam,
  userId: { ...idParam, optional: true },
  $$strict: true,
} as const;

/** The saga's data is its own business: only a bounded object is required; the notice picks what it uses. */
export const orderNoticeParams = {
  orderId: idParam,
  userId: idParam,
  kind: { type: 'enum', values: ORDER_NOTICE_KINDS },
  data: { type: 'object', optional: true, maxProps: 100 },
  $$strict: true,
} as const;

export const createTemplateParams = {
  key: templateKeyParam,
  channel: channelParam,
  format: { type: 'enum', values: FORMATS, optional: true, default: 'text' },
  subject: { type: 'string', max: 200, pattern: PLAIN_TEXT, optional: true, default: '' },
  body: { type: 'string', min: 1, max: 20_000, pattern: MULTILINE_TEXT },
  $$strict: true,
} as const;

export const listTemplatesParams = {
  ...pageParams,
  key: { ...templateKeyParam, optional: true },
  channel: { ...channelParam, optional: true },
  $$strict: 'remove',
} as const;

export const listDeliveriesParams = {
  ...pageParams,
  userId: { ...idParam, optional: true },
  orderId: { ...idParam, optional: true },
  template: { ...templateKeyParam, optional: true },
  channel: { ...channelParam, optional: true },
  status: { type: 'enum', values: ['sent', 'skipped', 'failed'], optional: true },
  $$strict: 'remove',
} as const;

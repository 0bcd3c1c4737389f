import { obj, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the notifications service's routes answer (see notifications.contract.ts). */
const TEMPLATE = {
  id: 'string',
  key: 'string',
  channel: 'string',
  format: 'string|optional',
  subject: 'string|optional',
  body: 'string',
  createdAt: TIMESTAMP,
  createdBy: 'string|optional',
  version: 'number|integer',
};

export const NOTIFICATIONS_RESPONSES = {
  listTemplates: { status: 200, schema: page(obj(TEMPLATE)) },
  createTemplate: { status: 201, schema: TEMPLATE, errors: { 409: 'Another version of this template was created meanwhile' } },
  listDeliveries: {
    status: 200,
    schema: page(
      obj({
        id: 'string',
        userId: 'string|optional',
        to: { type: 'string', optional: true, description: 'Masked for support; whole for admins.' },
        template: 'string',
        channel: 'string',
        status: 'string',
        at: TIMESTAMP,
      }),
    ),
  },
} satisfies Record<string, ActionResponse>;

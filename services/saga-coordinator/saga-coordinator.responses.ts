import { arr, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the saga coordinator's routes answer (see sagas/saga.view.ts). */
const SUMMARY = {
  id: 'string',
  type: 'string',
  status: 'string',
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
  finishedAt: optional(TIMESTAMP),
};
const STEP = obj({ id: 'string', status: 'string', attempts: 'number|integer', error: 'string|optional' });
const OPERATED = { id: 'string', status: 'string' };
const NOT_NOW = { 409: 'The saga is not in a state that allows this (or changed meanwhile)' };

export const SAGAS_RESPONSES = {
  get: {
    status: 200,
    schema: {
      ...SUMMARY,
      data: { type: 'object', optional: true },
      steps: arr(STEP),
      parkedReason: 'string|optional',
      waiting: optional(obj({ step: 'string', signal: 'string', since: TIMESTAMP })),
    },
  },
  list: { status: 200, schema: page(obj(SUMMARY)) },
  retry: { status: 202, schema: OPERATED, errors: NOT_NOW },
  compensate: { status: 202, schema: OPERATED, errors: NOT_NOW },
  signal: { status: 200, schema: { ...OPERATED, duplicate: 'boolean' }, errors: NOT_NOW },
} satisfies Record<string, ActionResponse>;

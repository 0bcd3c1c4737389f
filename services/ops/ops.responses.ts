import { arr, listOf, obj } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the ops routes answer (see ops/audit and the consumer mixin's dead letters). */
const LETTER = obj({ id: 'string' });

export const OPS_RESPONSES = {
  audit: {
    status: 200,
    schema: {
      checkedAt: 'number|integer',
      thresholds: { type: 'object' },
      counts: { type: 'object' },
      violations: arr({ type: 'object' }),
    },
  },
  deadLetters: { status: 200, schema: listOf(LETTER) },
  get: { status: 200, schema: LETTER.props },
  replay: { status: 200, schema: { replayed: 'string' } },
} satisfies Record<string, ActionResponse>;

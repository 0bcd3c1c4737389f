import { arr, obj } from './response-rules';
import type { ActionResponse } from './openapi.types';

/** What the gateway's own routes answer. */
export const API_RESPONSES = {
  health: {
    status: [200, 503],
    schema: {
      status: 'string',
      failing: arr('string'),
      transporter: { type: 'object' },
      services: arr(obj({ service: 'string', nodes: arr('string'), stores: arr({ type: 'object' }) })),
    },
    description: '200 when every service and store answers; 503 (same body) names what is failing',
  },
  openapi: {
    status: 200,
    schema: { openapi: 'string', info: { type: 'object' }, paths: { type: 'object' } },
    description: 'This document',
  },
  docs: {
    status: 200,
    contentType: 'text/html',
    schema: { $$root: true, type: 'string' },
    description: 'Swagger UI for this document',
  },
  docsAsset: {
    status: 200,
    contentType: '*/*',
    schema: { $$root: true, type: 'string' },
    description: 'A Swagger UI asset (CSS, JavaScript or an icon)',
  },
} satisfies Record<string, ActionResponse>;

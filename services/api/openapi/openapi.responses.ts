import type { JsonSchema } from './fv-json-schema';
import type { AccessRule } from './openapi.document';

/** The one error body every route answers with (see api.errors.ts). */
export const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['type', 'message'],
      properties: {
        type: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_ERROR or NOT_FOUND.' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          description: 'Present on validation errors: one entry per rejected field.',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

export const needsAuth = (access: AccessRule): boolean => access !== 'public';

export function accessText(access: AccessRule): string {
  if (access === 'public') return 'public, no authentication.';
  if (access === 'authenticated') return 'any authenticated user (bearer token).';
  if (access === 'internal') return 'internal; only for trusted callers, not end users.';
  return `requires a bearer token with one of the roles: ${access.roles.join(', ')}.`;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export function errorResponses(o: {
  validation: boolean;
  auth: boolean;
  forbidden: boolean;
  notFound: boolean;
}): Record<string, unknown> {
  return {
    ...(o.auth ? { '401': errorResponse('Missing, invalid or expired bearer token') } : {}),
    ...(o.forbidden ? { '403': errorResponse('The caller is not allowed to do this') } : {}),
    ...(o.notFound ? { '404': errorResponse('Not found') } : {}),
    ...(o.validation ? { '422': errorResponse('Invalid input (see error.fields)') } : {}),
    '429': errorResponse('Too many requests; retry after the Retry-After header'),
    '500': errorResponse('Internal server error'),
  };
}

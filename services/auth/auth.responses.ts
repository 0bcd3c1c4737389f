import { arr, MESSAGE, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What auth's routes answer (see auth.contract.ts). */
const ACCOUNT = obj({
  id: 'string',
  email: 'string',
  name: 'string',
  roles: arr('string'),
  status: { type: 'enum', values: ['active', 'disabled'] },
  emailVerified: 'boolean',
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
});
const TOKENS = {
  accessToken: 'string',
  refreshToken: 'string',
  expiresIn: { type: 'number', integer: true, description: 'Seconds until the access token expires.' },
};
const EXAMPLE_ACCOUNT = {
  id: '0b9f4c1e-5d7a-4f7e-9a51-2f6d1c3b8e10',
  email: 'alice@example.com',
  name: 'Alice',
  roles: ['customer'],
  status: 'active',
  emailVerified: false,
  createdAt: 1767225600000,
  updatedAt: 1767225600000,
};
const EXAMPLE_TOKENS = {
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwYjlmIn0.c2ln',
  refreshToken: 'VYskI5OCGsBKGFMMkDoxw5rBhDLzoQKB8DSVQ2v0eqc',
  expiresIn: 900,
};
const SIGNED_IN = { user: ACCOUNT, ...TOKENS };

export const AUTH_RESPONSES = {
  register: {
    status: 201,
    schema: SIGNED_IN,
    description: 'The new account, signed in',
    example: { user: EXAMPLE_ACCOUNT, ...EXAMPLE_TOKENS },
    errors: { 409: 'An account with this email already exists (EMAIL_TAKEN)' },
  },
  login: {
    status: 200,
    schema: SIGNED_IN,
    description: 'Signed in',
    example: { ...EXAMPLE_TOKENS, user: EXAMPLE_ACCOUNT },
  },
  refresh: {
    status: 200,
    schema: TOKENS,
    description: 'A new token pair; the refresh token sent is used up',
    example: EXAMPLE_TOKENS,
  },
  logout: { status: 204, description: 'Signed out' },
  session: { status: 200, schema: ACCOUNT.props, example: EXAMPLE_ACCOUNT },
  forgotPassword: { status: 202, schema: MESSAGE, description: 'Same answer whether or not the address has an account' },
  resetPassword: {
    status: 204,
    description: 'Password set; every session ended',
    errors: { 400: 'The reset token is unknown, used or expired' },
  },
  changePassword: { status: 204, description: 'Password changed', errors: { 403: 'The current password is wrong' } },
  verifyEmail: {
    status: 204,
    description: 'Email verified',
    errors: { 400: 'The verification token is unknown, used or expired' },
  },
  resendVerification: { status: 202, schema: MESSAGE },
  listAccounts: { status: 200, schema: page(ACCOUNT) },
  setRoles: { status: 200, schema: ACCOUNT.props, errors: { 409: 'An admin cannot remove their own admin role' } },
  setStatus: { status: 200, schema: ACCOUNT.props, errors: { 409: 'An admin cannot disable their own account' } },
  listAudit: {
    status: 200,
    schema: page(
      obj({
        id: 'string',
        at: TIMESTAMP,
        type: 'string',
        accountId: optional('string'),
        actorId: optional('string'),
        email: optional('string'),
        ip: optional('string'),
        requestId: optional('string'),
        userAgent: optional('string'),
        detail: optional({ type: 'object' }),
      }),
    ),
  },
} satisfies Record<string, ActionResponse>;

import { createOutbox } from '../../mixins/messaging/outbox';
import { createPiiKeys } from '../../mixins/pii/keyring';
import { normalizeEmail } from '../../mixins/pii/normalize';
import type { StoreSchema } from '../../mixins/store/store.types';

export const authSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-accounts',
      steps: [
        {
          createCollection: {
            name: 'accounts',
            fields: {
              email: 'string',
              name: 'string',
              passwordHash: 'string',
              roles: 'json',
              status: 'string',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            unique: [['email']],
            versioned: true,
          },
        },
      ],
    },
    {
      name: '0002-sessions-tokens-audit',
      steps: [
        { addField: { collection: 'accounts', field: 'emailVerifiedAt', type: 'timestamp' } },
        {
          createCollection: {
            name: 'refresh_families',
            fields: {
              accountId: 'string',
              status: 'string',
              createdAt: 'timestamp',
              expiresAt: 'timestamp',
              lastUsedAt: 'timestamp',
              revokedAt: 'timestamp',
              revokedReason: 'string',
            },
            indexes: [['accountId']],
            expiresAt: 'expiresAt',
          },
        },
        {
          createCollection: {
            name: 'refresh_tokens',
            fields: {
              tokenHash: 'string',
              family: 'string',
              accountId: 'string',
              status: 'string',
              createdAt: 'timestamp',
              expiresAt: 'timestamp',
              usedAt: 'timestamp',
            },
            unique: [['tokenHash']],
            indexes: [['family'], ['accountId']],
            expiresAt: 'expiresAt',
          },
        },
        {
          createCollection: {
            name: 'one_time_tokens',
            fields: {
              tokenHash: 'string',
              purpose: 'string',
              accountId: 'string',
              createdAt: 'timestamp',
              expiresAt: 'timestamp',
              usedAt: 'timestamp',
            },
            unique: [['tokenHash']],
            indexes: [['accountId']],
            expiresAt: 'expiresAt',
          },
        },
        {
          createCollection: {
            name: 'audit_events',
            fields: {
              at: 'timestamp',
              type: 'string',
              accountId: 'string',
              actorId: 'string',
              email: 'string',
              ip: 'string',
              requestId: 'string',
              userAgent: 'string',
              detail: 'json',
            },
            indexes: [['accountId'], ['type'], ['at']],
          },
        },
        createOutbox,
      ],
    },
    {
      // Raised on every role, status or password-reset change; access tokens carry it, so older ones stop working.
      name: '0003-auth-epoch',
      steps: [{ addField: { collection: 'accounts', field: 'authEpoch', type: 'int' } }],
    },
    {
      // Emails and names sealed at rest, found by a keyed hash; rows written before are sealed on the next start.
      name: '0004-pii-at-rest',
      steps: [
        ...createPiiKeys,
        { addField: { collection: 'accounts', field: 'emailHash', type: 'string' } },
        { addIndex: { collection: 'accounts', fields: ['emailHash'], unique: true } },
      ],
    },
  ],
  sealed: {
    accounts: { fields: ['email', 'name'], hashed: { email: { into: 'emailHash', normalize: normalizeEmail } } },
    audit_events: { fields: ['email'] },
    // user.registered and user.email-verified carry the email (and name) until relayed.
    outbox: { fields: ['payload'] },
  },
};

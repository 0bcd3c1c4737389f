import { createInbox } from '../../mixins/messaging/inbox';
import { createPiiKeys } from '../../mixins/pii/keyring';
import { normalizeEmail } from '../../mixins/pii/normalize';
import type { StoreSchema } from '../../mixins/store/store.types';

/** The users store's versioned schema. Every row but a profile carries its owner's `userId`, which every query filters on. */
export const usersSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-users',
      steps: [
        {
          createCollection: {
            name: 'profiles',
            fields: {
              email: 'string',
              name: 'string',
              phone: 'string',
              preferences: 'json',
              ownedRev: 'int',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            indexes: [['email'], ['createdAt']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'addresses',
            fields: {
              userId: 'string',
              label: 'string',
              name: 'string',
              line1: 'string',
              line2: 'string',
              city: 'string',
              region: 'string',
              postalCode: 'string',
              country: 'string',
              phone: 'string',
              isDefaultShipping: 'bool',
              isDefaultBilling: 'bool',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            indexes: [['userId']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'payment_methods',
            fields: {
              userId: 'string',
              provider: 'string',
              token: 'string',
              brand: 'string',
              last4: 'string',
              expMonth: 'int',
              expYear: 'int',
              isDefault: 'bool',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            unique: [['userId', 'provider', 'token']],
            indexes: [['userId']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'wishlist',
            fields: { userId: 'string', productId: 'string', addedAt: 'timestamp' },
            unique: [['userId', 'productId']],
            indexes: [['userId']],
          },
        },
        createInbox,
      ],
    },
    {
      // Personal data sealed at rest; rows written before are sealed on the next start (or `npm run migrate`).
      name: '0002-pii-at-rest',
      steps: [
        ...createPiiKeys,
        { addField: { collection: 'profiles', field: 'emailHash', type: 'string' } },
        { addIndex: { collection: 'profiles', fields: ['emailHash'] } },
      ],
    },
  ],
  sealed: {
    profiles: { fields: ['email', 'name', 'phone'], hashed: { email: { into: 'emailHash', normalize: normalizeEmail } } },
    addresses: { fields: ['label', 'name', 'line1', 'line2', 'city', 'region', 'postalCode', 'phone'] },
  },
};

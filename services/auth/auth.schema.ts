import type { StoreSchema } from '../../mixins/store/store.types';

export const authSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-accounts',
      steps: [
        {
          createCollection: {
            name: 'accounts',
            fields: { email: 'string', name: 'string', passwordHash: 'string', roles: 'json', status: 'string', createdAt: 'timestamp', updatedAt: 'timestamp' },
            unique: [['email']],
            versioned: true,
          },
        },
      ],
    },
  ],
};

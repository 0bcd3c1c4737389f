import type { StoreSchema } from '../../mixins/store/store.types';

/** One document per saga: its state, every step's record, and the lease of the coordinator driving it. */
export const sagaSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-create-sagas',
      steps: [
        {
          createCollection: {
            name: 'sagas',
            fields: {
              type: 'string',
              status: 'string',
              data: 'json',
              steps: 'json',
              finalizer: 'json',
              failure: 'json',
              parked: 'json',
              leaseOwner: 'string',
              leaseUntil: 'timestamp',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
              finishedAt: 'timestamp',
            },
            indexes: [['status', 'leaseUntil'], ['type'], ['createdAt']],
            versioned: true,
          },
        },
      ],
    },
    {
      // How often the coordinator retried a saga parked by an outage on its own (it stops after a few).
      name: '0002-saga-auto-resumes',
      steps: [{ addField: { collection: 'sagas', field: 'autoResumes', type: 'int' } }],
    },
    {
      // Sagas waiting for a signal (SagaStep.waitFor), and each saga's mailbox of signals, one per sender key.
      name: '0003-saga-signals',
      steps: [
        { addField: { collection: 'sagas', field: 'waiting', type: 'json' } },
        {
          createCollection: {
            name: 'saga_signals',
            fields: { sagaId: 'string', name: 'string', key: 'string', data: 'json', receivedAt: 'timestamp' },
            indexes: [['sagaId', 'receivedAt']],
          },
        },
      ],
    },
  ],
};

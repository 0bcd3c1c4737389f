import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { findDynamoLocal, startDynamoLocal, type DynamoLocal } from '../../mixins/store/dynamodb/dynamodb-local';
import { cartsSuite } from './carts.suite';

let dynamo: DynamoLocal | undefined;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

cartsSuite(
  {
    label: 'DynamoDB Local',
    async setup() {
      if (!findDynamoLocal()) return 'Java or the DynamoDB Local jar (npm package amplify-dynamodb-simulator) is not available';
      dynamo = await startDynamoLocal({});
      return {
        STORE_CARTS: 'dynamodb',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      };
    },
    teardown: async () => dynamo?.stop(),
  },
  (world) => {
    it('lets DynamoDB’s own TTL delete idle carts: TTL is on, and each write moves the item’s TTL', async () => {
      if (!dynamo) return;
      const db = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
      try {
        const tables = (await db.send(new ListTablesCommand({}))).TableNames ?? [];
        const table = tables.find((t) => /carts$/.test(t) && t.startsWith(process.env.STORE_PREFIX!))!;
        const ttl = await db.send(new DescribeTimeToLiveCommand({ TableName: table }));
        expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: '_ttl' });

        const { anonymousCartId } = await import('../../services/carts/carts.tokens.domain');
        const first = await world().req('POST', '/cart/items', { body: { sku: 'POSTER-A', quantity: 1 } });
        const key = { id: { S: anonymousCartId(first.body.cartToken!) } };
        const item = (await db.send(new GetItemCommand({ TableName: table, Key: key }))).Item!;
        expect(Number(item._ttl.N)).toBe(Math.ceil(first.body.expiresAt! / 1000));
      } finally {
        db.destroy();
      }
    });
  },
);

import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoLocalEngine } from '../support/service-engines';
import { cartsSuite } from './carts.suite';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

cartsSuite(dynamoLocalEngine('carts'), (world) => {
  it('lets DynamoDB’s own TTL delete idle carts: TTL is on, and each write moves the item’s TTL', async () => {
    // Set by the engine's setup; absent only where the engine cannot run (never under CI=true).
    const endpoint = process.env.DYNAMODB_ENDPOINT;
    if (!endpoint) return;
    const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
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
});

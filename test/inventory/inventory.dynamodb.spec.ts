import { findDynamoLocal, startDynamoLocal, type DynamoLocal } from '../../mixins/store/dynamodb/dynamodb-local';
import { inventorySuite } from './inventory.suite';

let dynamo: DynamoLocal | undefined;

inventorySuite({
  label: 'DynamoDB Local',
  async setup() {
    if (!findDynamoLocal()) return 'Java or the DynamoDB Local jar (npm package amplify-dynamodb-simulator) is not available';
    dynamo = await startDynamoLocal({});
    return {
      STORE_INVENTORY: 'dynamodb',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
  },
  teardown: async () => dynamo?.stop(),
});

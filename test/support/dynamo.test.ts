import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { startTestDynamo, type TestDynamo } from './dynamo';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());

test('fresh tables are created empty with the directory index', async () => {
  const names = await dynamo.freshTables();
  const described = await dynamo.client.send(new DescribeTableCommand({ TableName: names.directory }));
  expect(described.Table?.ItemCount).toBe(0);
  expect(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
    'byContactPoint',
  ]);
});

import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TableNames } from '../../../lambdas/config/tables';
import { DynamoFoundingInterests } from '../../../lambdas/directory/founding-interests';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';
import { HAMBURG } from './support';

let dynamo: TestDynamo;
let tables: TableNames;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());
beforeEach(async () => {
  tables = await dynamo.freshTables();
});

/** The open interests as staff list them: GSI byStatus, oldest first. */
async function openInterests() {
  const result = await dynamo.client.send(
    new QueryCommand({
      TableName: tables.requests,
      IndexName: 'byStatus',
      KeyConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': { S: 'open' } },
    }),
  );
  return (result.Items ?? []).map((item) => unmarshall(item));
}

test('stores a wish to found a group with topics, language and postcode, and nothing about the user', async () => {
  const interests = new DynamoFoundingInterests({
    client: dynamo.client,
    tableName: tables.requests,
    newId: () => 'fixed-id',
  });

  await interests.register({
    topics: ['trauma', 'women'],
    place: HAMBURG,
    language: 'ti',
    at: '2025-03-01T10:00:00Z',
  });

  const [stored, ...rest] = await openInterests();
  expect(rest).toEqual([]);
  expect(stored).toEqual({
    pk: 'interest#fixed-id',
    type: 'founding-interest',
    status: 'open',
    createdAt: '2025-03-01T10:00:00.000Z',
    topics: ['trauma', 'women'],
    language: 'ti',
    country: 'DE',
    postcode: '20095',
    placeLabel: '20095 Hamburg',
    expiresAt: Date.parse('2025-03-01T10:00:00Z') / 1000 + 365 * 24 * 3600,
  });
});

test('keeps a shared location only to about a kilometre', async () => {
  const interests = new DynamoFoundingInterests({ client: dynamo.client, tableName: tables.requests });

  await interests.register({
    topics: ['migration'],
    place: { lat: 61.600612, lon: 5.038833, country: 'NO' },
    language: 'uk',
    at: '2025-03-01T10:00:00Z',
  });
  await interests.register({ topics: ['grief'], language: 'ar', at: '2025-03-02T10:00:00Z' });

  const [located, placeless] = await openInterests();
  expect(located).toMatchObject({ lat: 61.6, lon: 5.04, country: 'NO' });
  expect(located).not.toHaveProperty('postcode');
  expect(String(located?.pk)).toMatch(/^interest#[0-9a-f-]{36}$/);
  expect(placeless).not.toHaveProperty('country');
  expect(placeless).toMatchObject({ topics: ['grief'], language: 'ar' });
});

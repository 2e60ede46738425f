import { GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../../lambdas/store/client';
import { operationName, RequestMeter } from '../../../scripts/bench/request-meter';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';

let dynamo: TestDynamo;
let table: string;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  table = (await dynamo.freshTables()).sessions;
});
afterAll(() => dynamo.close());

/** A client of its own, so that each test's meter sees only its requests. */
const newClient = () =>
  createDynamoClient({ DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_REGION: 'eu-central-1' });

describe('the request-counting middleware', () => {
  test('counts each request by operation, per turn', async () => {
    const client = newClient();
    const meter = new RequestMeter().attach(client);
    try {
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } } }));
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, n: { N: '1' } } }));
      const first = meter.take();
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } } }));
      const second = meter.take();

      expect(first).toMatchObject({ requests: 2, byOperation: { GetItem: 1, PutItem: 1 }, itemsRead: 0 });
      expect(first.milliseconds).toBeGreaterThan(0);
      expect(second).toMatchObject({ requests: 1, byOperation: { GetItem: 1 }, itemsRead: 1 });
      expect(meter.take().requests).toBe(0);
    } finally {
      client.destroy();
    }
  });

  test('counts failed requests too', async () => {
    const client = newClient();
    const meter = new RequestMeter().attach(client);
    try {
      await expect(
        client.send(new GetItemCommand({ TableName: 'no-such-table', Key: { pk: { S: 'a' } } })),
      ).rejects.toThrow();
      expect(meter.take().byOperation).toEqual({ GetItem: 1 });
    } finally {
      client.destroy();
    }
  });

  test('asks for consumed capacity when told to, and adds it up with the items read', async () => {
    const client = newClient();
    const meter = new RequestMeter({ consumedCapacity: true }).attach(client);
    try {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'b' } } }));
      await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'b' } },
        }),
      );
      const tally = meter.take();
      expect(tally.writeCapacityUnits).toBe(1);
      expect(tally.readCapacityUnits).toBe(0.5);
      expect(tally.itemsRead).toBe(1);
    } finally {
      client.destroy();
    }
  });

  test('without the option it leaves the requests as they are (no capacity reported)', async () => {
    const client = newClient();
    const meter = new RequestMeter().attach(client);
    try {
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'b' } } }));
      expect(meter.take().readCapacityUnits).toBe(0);
    } finally {
      client.destroy();
    }
  });
});

describe('the arithmetic', () => {
  test('counts the retries the SDK made ($metadata.attempts)', () => {
    const meter = new RequestMeter();
    meter.record('Query', { $metadata: { attempts: 3 }, ScannedCount: 4 });
    expect(meter.take()).toMatchObject({ requests: 3, byOperation: { Query: 3 }, itemsRead: 4 });
  });

  test('reads total, read/write and per-table capacity', () => {
    const meter = new RequestMeter();
    meter.record('GetItem', { ConsumedCapacity: { CapacityUnits: 0.5 }, Item: {} });
    meter.record('PutItem', { ConsumedCapacity: { CapacityUnits: 1 } });
    meter.record('BatchGetItem', {
      ConsumedCapacity: [{ CapacityUnits: 1 }, { ReadCapacityUnits: 2 }],
      Responses: { t: [{}, {}, {}] },
    });
    expect(meter.take()).toMatchObject({ readCapacityUnits: 3.5, writeCapacityUnits: 1, itemsRead: 4 });
  });

  test('measures the time any request was in flight, once for parallel requests', () => {
    const meter = new RequestMeter();
    meter.begin(0);
    meter.begin(2);
    meter.end(5);
    meter.end(10);
    meter.begin(20);
    meter.end(21);
    expect(meter.take(30).milliseconds).toBe(11);
  });

  test('splits a request that spans two tallies between them', () => {
    const meter = new RequestMeter();
    meter.begin(0);
    expect(meter.take(4).milliseconds).toBe(4);
    meter.end(10);
    expect(meter.take(11).milliseconds).toBe(6);
  });

  test('names operations without the Command suffix', () => {
    expect(operationName('GetItemCommand')).toBe('GetItem');
    expect(operationName(undefined)).toBe('Unknown');
  });
});

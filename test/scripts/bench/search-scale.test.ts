import { DynamoDirectory } from '../../../lambdas/directory/dynamo-directory';
import { createDynamoClient } from '../../../lambdas/store/client';
import { RequestMeter } from '../../../scripts/bench/request-meter';
import {
  benchQueries,
  groupsInPartitions,
  recordPartitions,
  roundRatios,
  type ScaleResult,
} from '../../../scripts/bench/search-scale';
import { generateDirectory, loadDirectory } from '../../../scripts/generate-directory';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());

const newClient = () =>
  createDynamoClient({ DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_REGION: 'eu-central-1' });

test('the searches see the same groups, requests and items when only the groups in their partitions are loaded', async () => {
  const queries = benchQueries();
  const partitions = new Set<string>();
  const probe = newClient();
  recordPartitions(probe, partitions);
  const empty = await dynamo.freshTables();
  for (const { query } of queries) {
    await new DynamoDirectory({ client: probe, tableName: empty.directory }).search(query);
  }
  probe.destroy();
  expect(partitions.size).toBeGreaterThan(queries.length);

  const groups = generateDirectory(600, 3);
  const subset = groupsInPartitions(groups, partitions);
  expect(subset.length).toBeGreaterThan(0);
  expect(subset.length).toBeLessThan(groups.length / 2);
  const full = (await dynamo.freshTables()).directory;
  const sampled = (await dynamo.freshTables()).directory;
  await loadDirectory(dynamo.client, full, groups);
  await loadDirectory(dynamo.client, sampled, subset);

  const client = newClient();
  const meter = new RequestMeter({ consumedCapacity: true }).attach(client);
  const run = async (tableName: string) => {
    const directory = new DynamoDirectory({ client, tableName });
    const seen = [];
    for (const { query } of queries) {
      meter.take();
      const result = await directory.search({ ...query, limit: 50 });
      const { requests, itemsRead, readCapacityUnits, byOperation } = meter.take();
      seen.push({
        ids: result.groups.map((g) => g.id),
        widened: result.widened,
        requests,
        itemsRead,
        readCapacityUnits,
        byOperation,
      });
    }
    return seen;
  };
  try {
    const fromFull = await run(full);
    expect(fromFull.some((search) => search.ids.length > 0)).toBe(true);
    expect(await run(sampled)).toEqual(fromFull);
  } finally {
    client.destroy();
  }
});

test('the latency ratio pairs the searches of the same round, 100,000 over 1,000 groups', () => {
  const scale = (ms: number[][]): ScaleResult => ({
    groups: 0,
    loadedGroups: 0,
    loadedItems: 0,
    loadSeconds: 0,
    searches: ms.map((runs, i) => ({
      label: `s${i}`,
      ms: runs,
      dynamoMs: runs,
      tally: {
        requests: 1,
        byOperation: {},
        readCapacityUnits: 0,
        writeCapacityUnits: 0,
        itemsRead: 0,
        milliseconds: 0,
      },
      itemsReturned: 0,
      results: 0,
    })),
  });
  // Round 2 is slow on both sides (load elsewhere on the machine): its ratio is still the same.
  const small = scale([
    [1, 1, 10],
    [3, 3, 30],
  ]);
  const large = scale([
    [1, 2, 12],
    [4, 3, 36],
  ]);

  expect(roundRatios(small, large)).toEqual([5 / 4, 5 / 4, 48 / 40]);
});

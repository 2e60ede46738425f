import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { batchWrite, putRequest } from '../../../lambdas/directory/batch-write';
import { DirectoryThrottledError, DirectoryWriteIncompleteError } from '../../../lambdas/directory/errors';

const client = new DynamoDBClient({ region: 'eu-central-1' });
const dynamo = mockClient(client);
afterEach(() => dynamo.reset());

const requests = Array.from({ length: 30 }, (_, i) => putRequest({ pk: `p${i}`, sk: 's' }));
const fast = { maxAttempts: 3, baseDelayMs: 1 };

test('writes in batches of 25 and sends again what DynamoDB left unprocessed', async () => {
  const leftOver = requests.slice(0, 2);
  dynamo
    .on(BatchWriteItemCommand)
    .resolvesOnce({ UnprocessedItems: { t: leftOver } })
    .resolves({ UnprocessedItems: {} });

  await batchWrite(client, 't', requests, { ...fast, concurrency: 1 });

  const sent = dynamo
    .commandCalls(BatchWriteItemCommand)
    .map((call) => call.args[0].input.RequestItems?.t?.length);
  expect(sent).toEqual([25, 2, 5]);
});

test('gives up with an error that says to run the import again when items stay unprocessed', async () => {
  dynamo.on(BatchWriteItemCommand).callsFake(({ RequestItems }) => ({ UnprocessedItems: RequestItems }));

  const failure = batchWrite(client, 't', requests.slice(0, 3), fast);

  await expect(failure).rejects.toThrow(DirectoryWriteIncompleteError);
  await expect(batchWrite(client, 't', requests.slice(0, 3), fast)).rejects.toThrow(/Run the import again/);
});

test('turns throttling that outlasts the SDK’s retries into a directory error', async () => {
  const throttled = Object.assign(new Error('Rate exceeded'), {
    name: 'ProvisionedThroughputExceededException',
  });
  dynamo.on(BatchWriteItemCommand).rejects(throttled);

  await expect(batchWrite(client, 't', requests.slice(0, 1), fast)).rejects.toThrow(DirectoryThrottledError);
});

import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { asDirectoryError, DirectoryWriteIncompleteError } from './errors';
import { forEachInParallel } from './in-parallel';
import type { ItemKey } from './keys';

/** DynamoDB's limit of requests in one BatchWriteItem. */
const BATCH_SIZE = 25;
/** How hard to push: batches in flight, and retries of unprocessed items with exponential backoff. */
export interface BatchWriteOptions {
  /** Batches sent at once; default 4. */
  concurrency?: number;
  /** Attempts per batch before giving up; default 10 (50 ms, 100 ms ... about 25 s of waiting in all). */
  maxAttempts?: number;
  /** First backoff delay; default 50 ms. */
  baseDelayMs?: number;
}

/** A put of one plain item (undefined attributes left out). */
export function putRequest(item: object): WriteRequest {
  return { PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } };
}

/** A delete of one item by key. */
export function deleteRequest(key: ItemKey): WriteRequest {
  return { DeleteRequest: { Key: marshall({ pk: key.pk, sk: key.sk }) } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes `requests` in batches of 25, `concurrency` batches at a time, retrying what DynamoDB leaves
 * unprocessed (it does so under load instead of failing). Not atomic: callers order their writes so that a
 * crash halfway leaves the directory consistent (index items first, the owning item last).
 */
export async function batchWrite(
  client: DynamoDBClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchWriteOptions = {},
): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
  await forEachInParallel(batches, options.concurrency ?? 4, (batch) =>
    writeBatch(client, tableName, batch, options.maxAttempts ?? 10, options.baseDelayMs ?? 50),
  );
}

async function writeBatch(
  client: DynamoDBClient,
  tableName: string,
  batch: WriteRequest[],
  maxAttempts: number,
  baseDelayMs: number,
): Promise<void> {
  let pending = batch;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await sleep(baseDelayMs * 2 ** (attempt - 1));
    try {
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] ?? [];
    } catch (error) {
      throw asDirectoryError(error, tableName);
    }
    if (pending.length === 0) return;
  }
  throw new DirectoryWriteIncompleteError(tableName, pending.length);
}

import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { tableNamesFromEnv } from './config/tables';
import { jsonLogger } from './log/logger';
import { createNotifier } from './staff/notifier';
import { backgroundDependencies } from './staff/runtime';
import { createDynamoClient } from './store/client';

const log = jsonLogger();
// Built once per cold start: the secret, the client and botbuilder's token cache are reused.
let ready: Promise<((event: unknown) => Promise<DynamoDBBatchResponse>) | undefined> | undefined;

/**
 * AWS Lambda entry for the Requests table's stream: announces each new handoff request in the staff channels
 * (lambdas/staff/notifier.ts). Returns the first failed record so Lambda retries from it.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  ready ??= backgroundDependencies(process.env, createDynamoClient(), tableNamesFromEnv(), log)
    .then((deps) => (deps ? createNotifier(deps) : undefined))
    .catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
  const notify = await ready;
  if (!notify) return { batchItemFailures: [] };
  return notify(event);
}

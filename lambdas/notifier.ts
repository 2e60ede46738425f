import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { oncePerColdStart } from './config/cold-start';
import { tableNamesFromEnv } from './config/tables';
import { jsonLogger } from './log/logger';
import { createNotifier } from './staff/notifier';
import { backgroundDependencies } from './staff/runtime';
import { createDynamoClient } from './store/client';

const log = jsonLogger();
// Built once per cold start: the secret, the client and botbuilder's token cache are reused.
const ready = oncePerColdStart(() =>
  backgroundDependencies(process.env, createDynamoClient(), tableNamesFromEnv(), log).then((deps) =>
    deps ? createNotifier(deps) : undefined,
  ),
);

/**
 * AWS Lambda entry for the Requests table's stream: announces each new handoff request in the staff channels
 * (lambdas/staff/notifier.ts). Returns the first failed record so Lambda retries from it.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const notify = await ready();
  if (!notify) return { batchItemFailures: [] };
  return notify(event);
}

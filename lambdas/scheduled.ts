import type { ScheduledEvent } from 'aws-lambda';
import { oncePerColdStart } from './config/cold-start';
import { tableNamesFromEnv } from './config/tables';
import { DynamoHandoffs } from './handoffs/dynamo-handoffs';
import { jsonLogger } from './log/logger';
import { staffConfigFromEnv } from './staff/config';
import { backgroundDependencies } from './staff/runtime';
import { runScheduledJob, type ScheduledJobDependencies, type ScheduledRunResult } from './staff/scheduled';
import { createDynamoClient } from './store/client';

const log = jsonLogger();
const client = createDynamoClient();

async function build(
  env: NodeJS.ProcessEnv,
): Promise<Omit<ScheduledJobDependencies, 'clock' | 'writeMetric'>> {
  const tables = tableNamesFromEnv(env);
  const config = staffConfigFromEnv(env);
  const announce = await backgroundDependencies(env, client, tables, log);
  return {
    handoffs: new DynamoHandoffs({ client, tableName: tables.requests }),
    ...(announce ? { announce } : {}),
    log,
    reannounceAfterHours: config.reannounceAfterHours,
    stage: env.STAGE ?? 'dev',
  };
}

const ready = oncePerColdStart(() => build(process.env));

/**
 * AWS Lambda entry, every 15 minutes (EventBridge): re-announces requests nobody claimed within
 * `REANNOUNCE_AFTER_HOURS` (default 24) and publishes their number as the metric `UnclaimedHandoffRequests`
 * (namespace SelfHelpBot, dimension Stage = `STAGE`). See lambdas/staff/scheduled.ts.
 */
export async function handler(_event: ScheduledEvent): Promise<ScheduledRunResult> {
  return runScheduledJob(await ready());
}

import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** A deployment stage, chosen with `-c stage=dev|prod`. */
export type Stage = 'dev' | 'prod';

export const STAGES: readonly Stage[] = ['dev', 'prod'];

/**
 * What keeps data alive: prod keeps tables and logs when the stack is deleted; dev cleans up after itself.
 * Logs are kept one month in prod (long enough to investigate an incident, short enough not to hoard chat
 * ids) and one week in dev.
 */
export function stageDefaults(stage: Stage) {
  const prod = stage === 'prod';
  return {
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: prod ? RetentionDays.ONE_MONTH : RetentionDays.ONE_WEEK,
  };
}

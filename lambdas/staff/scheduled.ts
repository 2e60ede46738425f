import type { DynamoHandoffs } from '../handoffs/dynamo-handoffs';
import type { Logger } from '../log/logger';
import { type AnnounceDependencies, announceHandoff, errorFields } from './announce';
import { postWeeklyReferralSummary } from './referral-summary';

/** CloudWatch namespace and name of the metric (infra/constructs/alarms.ts `UNCLAIMED_METRIC`). */
export const METRIC_NAMESPACE = 'SelfHelpBot';
export const METRIC_NAME = 'UnclaimedHandoffRequests';

export interface ScheduledJobDependencies {
  handoffs: DynamoHandoffs;
  /** Undefined when Teams is not set up: nothing is re-announced, the metric is still published. */
  announce?: AnnounceDependencies;
  log: Logger;
  reannounceAfterHours: number;
  stage: string;
  clock?: () => Date;
  /** Where the Embedded Metric Format line goes; default stdout (CloudWatch Logs turns it into the metric). */
  writeMetric?: (line: string) => void;
}

/** What one run did. */
export interface ScheduledRunResult {
  /** Requests open (unclaimed) for longer than the re-announce interval: the published metric. */
  overdue: number;
  reannounced: number;
  failed: number;
  /** What became of the weekly summary of referral counts (posted once, in the first run of a week). */
  referralSummary?: Awaited<ReturnType<typeof postWeeklyReferralSummary>>;
}

/**
 * The scheduled job (every 15 minutes): requests still open after `reannounceAfterHours` whose last
 * announcement is at least that old are posted again to the staff channels, and the number of such overdue
 * requests is published as the metric `UnclaimedHandoffRequests` (dimension `Stage`) in Embedded Metric Format,
 * which the alarm watches (≥ 1). One Query of GSI `byStatus` (status = open, createdAt < cutoff); no Scan.
 * A failed re-announcement is logged and tried again on the next run. The first run of a week also posts the
 * weekly summary of the referral codes' counts (lambdas/staff/referral-summary.ts).
 */
export async function runScheduledJob(deps: ScheduledJobDependencies): Promise<ScheduledRunResult> {
  const now = (deps.clock ?? (() => new Date()))();
  const cutoff = new Date(now.getTime() - deps.reannounceAfterHours * 3_600_000).toISOString();
  const overdue = await deps.handoffs.listByStatus('open', { createdBefore: cutoff, limit: 1000 });
  let reannounced = 0;
  let failed = 0;
  if (deps.announce) {
    const announce = { ...deps.announce, clock: () => now };
    for (const record of overdue) {
      const last = record.reannouncedAt ?? record.announcedAt ?? record.createdAt;
      if (last >= cutoff) continue;
      try {
        if ((await announceHandoff(record.id, announce, { reannounce: true })) === 'announced') reannounced++;
      } catch (error) {
        failed++;
        deps.log.error('scheduled.reannounce_failed', { handoff: record.id, ...errorFields(error) });
      }
    }
  }
  (deps.writeMetric ?? ((line: string) => console.log(line)))(metricLine(deps.stage, overdue.length, now));
  const referralSummary = deps.announce ? await weeklySummary(deps.announce, now, deps) : undefined;
  deps.log.info('scheduled.run', { overdue: overdue.length, reannounced, failed, referralSummary });
  return { overdue: overdue.length, reannounced, failed, ...(referralSummary ? { referralSummary } : {}) };
}

/** The weekly referral summary must not fail the job: the metric and re-announcements matter more. */
async function weeklySummary(announce: AnnounceDependencies, now: Date, deps: ScheduledJobDependencies) {
  try {
    return await postWeeklyReferralSummary(announce, now);
  } catch (error) {
    deps.log.error('scheduled.referral_summary_failed', errorFields(error));
    return undefined;
  }
}

/** One Embedded Metric Format log line: CloudWatch extracts the metric from it, no SDK call needed. */
export function metricLine(stage: string, count: number, at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['Stage']],
          Metrics: [{ Name: METRIC_NAME, Unit: 'Count' }],
        },
      ],
    },
    Stage: stage,
    [METRIC_NAME]: count,
  });
}

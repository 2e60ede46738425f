import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Stage } from './stage';

/** Where the scheduled job publishes how many handoff requests wait unclaimed (dimension `Stage`). */
export const UNCLAIMED_METRIC = { namespace: 'SelfHelpBot', metricName: 'UnclaimedHandoffRequests' } as const;

export interface AlarmsProps {
  readonly stage: Stage;
  /** Receives every alarm (and its recovery); the address must confirm the subscription once. */
  readonly alarmEmail?: string;
  /** Prefix of the alarm names, so that an e-mail says which deployment is meant. */
  readonly namePrefix: string;
}

/**
 * Someone is told when the bot breaks: each alarm notifies one SNS topic, which mails `alarmEmail`. Alarms fire
 * on the first occurrence (a bot that helps people in crisis should not fail quietly) and send an "OK" mail
 * when the problem is gone. Missing data counts as fine: no traffic is not an outage.
 */
export class Alarms extends Construct {
  public readonly topic: sns.Topic;
  private readonly prefix: string;
  private readonly stageName: Stage;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.prefix = props.namePrefix;
    this.stageName = props.stage;
    // Not KMS-encrypted: notifications carry alarm names and numbers, no personal data, and CloudWatch cannot
    // publish to a topic under the AWS managed SNS key (a customer managed key would add $1 a month).
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `${props.namePrefix} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
  }

  /** Errors and throttles of one function. */
  public watchFunction(name: string, fn: lambda.IFunction): void {
    this.alarm(`${name}Errors`, fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }), {
      description: `The ${name} function failed (threw, timed out or ran out of memory). Open its log group and look for level ERROR.`,
    });
    this.alarm(`${name}Throttles`, fn.metricThrottles({ statistic: 'Sum', period: Duration.minutes(5) }), {
      description: `The ${name} function was throttled: the account's concurrency limit was reached. Ask AWS Support to raise "Concurrent executions" (Service Quotas, Lambda).`,
    });
  }

  /** Server errors of the API (failed or timed-out integrations). */
  public watchHttpApi(api: apigw.HttpApi): void {
    this.alarm('Api5xx', api.metricServerError({ statistic: 'Sum', period: Duration.minutes(5) }), {
      description:
        'The HTTP API answered with 5xx: a function failed or timed out. Telegram and Teams will retry; check the function alarms and the API access logs.',
    });
  }

  /** Messages in a dead-letter queue: work that failed every retry and needs a human. */
  public watchDeadLetterQueue(name: string, queue: sqs.IQueue): void {
    this.alarm(
      `${name}DeadLetters`,
      queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
      {
        description: `${name} gave up on some records; they wait in the dead-letter queue. Read them, fix the cause, then handle the requests by hand.`,
      },
    );
  }

  /** Handoff requests that nobody claimed in time, as counted by the scheduled job. */
  public watchUnclaimedRequests(): void {
    const metric = new cloudwatch.Metric({
      ...UNCLAIMED_METRIC,
      dimensionsMap: { Stage: this.stageName },
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
    this.alarm('UnclaimedHandoffRequests', metric, {
      description:
        'People asked to be put in touch with a contact point and nobody has claimed the request yet. Check the staff channel in Teams.',
    });
  }

  private alarm(id: string, metric: cloudwatch.IMetric, options: { description: string }): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.prefix}-${id}`,
      alarmDescription: options.description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}

import { Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BotFunction } from './bot-function';
import type { AppTable } from './tables';

export interface RequestsStreamTriggerProps {
  /** The notifier; it receives DynamoDB stream records (`DynamoDBStreamEvent`). */
  readonly fn: BotFunction;
  /** The Requests table; its stream shows new items (NEW_IMAGE). */
  readonly requests: AppTable;
}

/**
 * Runs the notifier for every new item in the Requests table (a handoff request or a wish to found a group),
 * and keeps what it could not deliver.
 *
 * - Only INSERT records are delivered: the notifier's own updates (say, `notifiedAt`) never trigger it again,
 *   and re-announcing is the scheduled job's business.
 * - A failing batch is split in halves and retried (3 times, for at most a day); the handler may also return
 *   `{ batchItemFailures: [{ itemIdentifier: <sequence number> }] }` to retry from the first failed record.
 * - What still fails is described (shard and sequence numbers, not the item) in an SQS dead-letter queue,
 *   kept 14 days; an alarm watches its depth. The request itself stays in the table with status `open`, so the
 *   scheduled job announces it again.
 */
export class RequestsStreamTrigger extends Construct {
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RequestsStreamTriggerProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue (the on-failure destination of the notifier stream); ' +
        'nothing consumes it automatically, so it needs no dead-letter queue of its own.',
    });

    props.fn.function.addEventSource(
      new DynamoEventSource(props.requests.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT') })],
      }),
    );
    Validations.of(props.fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Reading a DynamoDB stream requires dynamodb:ListStreams, which has no resource-level permissions. The ' +
        'other stream actions are limited to the Requests stream ARN.',
    });
  }
}

import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BotFunction } from '../../infra/constructs/bot-function';
import { RequestsStreamTrigger } from '../../infra/constructs/notifier';
import { Tables } from '../../infra/constructs/tables';
import { bareStack, FIXTURE_LAMBDAS, logicalId, PROJECT_ROOT } from './support';

function notifier() {
  const stack = bareStack();
  const tables = new Tables(stack, 'Tables', { stage: 'dev' });
  const fn = new BotFunction(stack, 'Notifier', {
    stage: 'dev',
    projectRoot: PROJECT_ROOT,
    entry: path.join(FIXTURE_LAMBDAS, 'notifier.ts'),
    description: 'notifier',
    memorySize: 512,
    timeout: Duration.seconds(30),
  });
  const trigger = new RequestsStreamTrigger(stack, 'Trigger', { fn, requests: tables.requests });
  return { stack, tables, trigger, template: Template.fromStack(stack) };
}

test('runs the notifier for new requests only, so its own updates never trigger it again', () => {
  const { stack, tables, template } = notifier();
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, tables.requests.table), 'StreamArn'] },
    StartingPosition: 'LATEST',
    FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
  });
});

test('retries a failing batch in halves and reports single failed records', () => {
  notifier().template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: 3,
    MaximumRecordAgeInSeconds: 86400,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
});

test('keeps what still fails in an encrypted dead-letter queue', () => {
  const { stack, trigger, template } = notifier();
  const queue = logicalId(stack, trigger.deadLetterQueue);
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
  });
  template.hasResourceProperties('AWS::SQS::Queue', {
    SqsManagedSseEnabled: true,
    MessageRetentionPeriod: 14 * 24 * 3600,
  });
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    },
  });
});

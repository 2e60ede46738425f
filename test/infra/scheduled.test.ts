import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BotFunction } from '../../infra/constructs/bot-function';
import { ScheduleTrigger } from '../../infra/constructs/scheduled';
import { bareStack, FIXTURE_LAMBDAS, logicalId, PROJECT_ROOT } from './support';

test('runs the job at a fixed rate and retries a failed run twice', () => {
  const stack = bareStack();
  const fn = new BotFunction(stack, 'Scheduled', {
    stage: 'dev',
    projectRoot: PROJECT_ROOT,
    entry: path.join(FIXTURE_LAMBDAS, 'scheduled.ts'),
    description: 'scheduled',
    memorySize: 256,
    timeout: Duration.seconds(60),
  });
  new ScheduleTrigger(stack, 'Trigger', { fn, every: Duration.minutes(15), description: 'test' });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Events::Rule', {
    ScheduleExpression: 'rate(15 minutes)',
    State: 'ENABLED',
    Targets: [
      {
        Arn: { 'Fn::GetAtt': [logicalId(stack, fn.function), 'Arn'] },
        Id: 'Target0',
        RetryPolicy: { MaximumRetryAttempts: 2 },
      },
    ],
  });
  template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' });
});

import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Alarms, UNCLAIMED_METRIC } from '../../infra/constructs/alarms';
import { bareStack, logicalId } from './support';

function alarmsFor(alarmEmail?: string) {
  const stack = bareStack();
  const alarms = new Alarms(stack, 'Alarms', { stage: 'prod', alarmEmail, namePrefix: 'SelfHelpBot-prod' });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    timeout: Duration.seconds(5),
  });
  alarms.watchFunction('Telegram', fn);
  alarms.watchHttpApi(new apigw.HttpApi(stack, 'Api'));
  alarms.watchDeadLetterQueue('Notifier', new sqs.Queue(stack, 'Dlq'));
  alarms.watchUnclaimedRequests();
  return { stack, alarms, template: Template.fromStack(stack) };
}

test('mails every alarm to the configured address', () => {
  const { template } = alarmsFor('alarms@example.org');
  template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: 'alarms@example.org',
  });
});

test('creates the topic without a subscription when no address is configured', () => {
  const { template } = alarmsFor(undefined);
  template.resourceCountIs('AWS::SNS::Topic', 1);
  template.resourceCountIs('AWS::SNS::Subscription', 0);
});

test('accepts only TLS publishers on the topic', () => {
  const { template } = alarmsFor('alarms@example.org');
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    },
  });
});

test.each([
  ['SelfHelpBot-prod-TelegramErrors', 'Errors', 'AWS/Lambda'],
  ['SelfHelpBot-prod-TelegramThrottles', 'Throttles', 'AWS/Lambda'],
  ['SelfHelpBot-prod-Api5xx', '5xx', 'AWS/ApiGateway'],
  ['SelfHelpBot-prod-NotifierDeadLetters', 'ApproximateNumberOfMessagesVisible', 'AWS/SQS'],
  ['SelfHelpBot-prod-UnclaimedHandoffRequests', UNCLAIMED_METRIC.metricName, UNCLAIMED_METRIC.namespace],
])('raises %s on the first %s in %s, then tells when it is over', (alarmName, metricName, namespace) => {
  const { stack, alarms, template } = alarmsFor('alarms@example.org');
  const topic = { Ref: logicalId(stack, alarms.topic) };
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: alarmName,
    MetricName: metricName,
    Namespace: namespace,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    EvaluationPeriods: 1,
    TreatMissingData: 'notBreaching',
    AlarmActions: [topic],
    OKActions: [topic],
  });
});

test('counts unclaimed requests of its own stage only', () => {
  const { template } = alarmsFor('alarms@example.org');
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: UNCLAIMED_METRIC.metricName,
    Dimensions: [{ Name: 'Stage', Value: 'prod' }],
    Statistic: 'Maximum',
    Period: 3600,
  });
});

test('tells the reader of an alarm what to do', () => {
  const { template } = alarmsFor('alarms@example.org');
  for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
    expect(alarm.Properties.AlarmDescription).toMatch(/\. [A-Z].+/);
  }
});

import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createApp } from '../../infra/app';
import { EU_REGIONS } from '../../infra/constructs/eu-region-rule';
import type { SelfHelpBotStack } from '../../infra/stack';
import { STAFF_CHANNELS_PK } from '../../lambdas/staff/channels';
import {
  BOT_INFO,
  FIXTURE_LAMBDAS,
  logicalId,
  PROD_CONTEXT,
  synthApp,
  testContext,
  testOutdir,
} from './support';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

const dev = synthApp();
const prod = synthApp(PROD_CONTEXT);

/** The statements of one function's role. */
function statementsOf(stack: SelfHelpBotStack, template: Template, functionId: string): Statement[] {
  const roleRef = { Ref: logicalId(stack, fn(stack, functionId).role) };
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([roleRef]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The logical ids a function's policy mentions. */
function referencedIds(stack: SelfHelpBotStack, template: Template, functionId: string): Set<string> {
  const text = JSON.stringify(statementsOf(stack, template, functionId));
  return new Set(
    [...text.matchAll(/"(?:Ref|Fn::GetAtt)":\s*\[?"([A-Za-z0-9]+)"/g)].map((match) => match[1] ?? ''),
  );
}

/** Logical ids of the shared resources, found by construct path. */
function ids(stack: SelfHelpBotStack) {
  const find = (parent: string, child: string) =>
    logicalId(stack, stack.node.findChild(parent).node.findChild(child));
  return {
    sessions: find('Tables', 'Sessions'),
    directory: find('Tables', 'Directory'),
    requests: find('Tables', 'Requests'),
    telegramSecret: find('Secrets', 'Telegram'),
    teamsSecret: find('Secrets', 'Teams'),
  };
}

/** A function of the stack, or a clear failure. */
function fn(stack: SelfHelpBotStack, id: string) {
  const found = stack.functions[id];
  if (!found) throw new Error(`no function ${id}`);
  return found;
}

test('names the stack after its stage', () => {
  expect(dev.stack.stackName).toBe('SelfHelpBot-dev');
  expect(prod.stack.stackName).toBe('SelfHelpBot-prod');
});

test('deploys the four functions on Node.js 22, ARM64, with JSON logs', () => {
  dev.template.resourceCountIs('AWS::Lambda::Function', 4);
  dev.template.allResourcesProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs22.x',
    Architectures: ['arm64'],
    LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
  });
  expect(Object.keys(dev.stack.functions)).toEqual(['Telegram', 'Teams', 'Notifier', 'Scheduled']);
});

test('lets the Telegram function touch only the three tables, its own secret and its own logs', () => {
  const { stack, template } = dev;
  const table = ids(stack);
  const allowed = new Set([
    table.sessions,
    table.directory,
    table.requests,
    table.telegramSecret,
    logicalId(stack, fn(stack, 'Telegram').logGroup),
  ]);
  const mentioned = referencedIds(stack, template, 'Telegram');
  expect([...mentioned].sort()).toEqual([...allowed].sort());
  expect(mentioned.has(table.teamsSecret)).toBe(false);
});

test('gives the Telegram function read-only access to the directory', () => {
  const { stack, template } = dev;
  const directory = ids(stack).directory;
  const onDirectory = statementsOf(stack, template, 'Telegram').filter(
    (statement) =>
      JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [directory, 'Arn'] }),
  );
  expect(onDirectory.flatMap((statement) => statement.Action).sort()).toEqual([
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'dynamodb:Query',
  ]);
});

test('lets the Teams function write in the directory only in the staff-channel partition', () => {
  const { stack, template } = dev;
  const directory = ids(stack).directory;
  const onDirectory = statementsOf(stack, template, 'Teams').filter(
    (statement) =>
      JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [directory, 'Arn'] }),
  );
  const writes = onDirectory.filter((statement) => [statement.Action].flat().includes('dynamodb:PutItem'));
  expect(writes).toEqual([
    expect.objectContaining({
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [STAFF_CHANNELS_PK] } },
    }),
  ]);
});

test('grants BatchWriteItem to no function: none writes in batches', () => {
  const { stack, template } = dev;
  const actions = Object.keys(stack.functions).flatMap((id) =>
    statementsOf(stack, template, id).flatMap((statement) => [statement.Action].flat()),
  );
  expect(actions).not.toContain('dynamodb:BatchWriteItem');
});

test('keeps the notifier and the scheduled job away from sessions and the Telegram secret', () => {
  const { stack, template } = dev;
  const table = ids(stack);
  for (const id of ['Notifier', 'Scheduled']) {
    const mentioned = referencedIds(stack, template, id);
    expect(mentioned.has(table.sessions)).toBe(false);
    expect(mentioned.has(table.telegramSecret)).toBe(false);
  }
});

test('allows a "*" resource only where AWS offers nothing narrower', () => {
  const { stack, template } = dev;
  const wildcards = Object.keys(stack.functions).flatMap((id) =>
    statementsOf(stack, template, id)
      .filter((statement) => JSON.stringify(statement.Resource).includes('*'))
      .map((statement) => ({ id, action: statement.Action, condition: statement.Condition })),
  );
  expect(wildcards).toEqual([
    { id: 'Notifier', action: 'dynamodb:ListStreams', condition: undefined },
    {
      id: 'Scheduled',
      action: 'cloudwatch:PutMetricData',
      condition: { StringEquals: { 'cloudwatch:namespace': 'SelfHelpBot' } },
    },
  ]);
});

test('never grants a DynamoDB Scan', () => {
  expect(JSON.stringify(dev.template.findResources('AWS::IAM::Policy'))).not.toContain('dynamodb:Scan');
});

test('keeps secrets out of environment variables: functions get ARNs, nothing that looks like a token', () => {
  const { stack, template } = prod;
  const table = ids(stack);
  const functions = Object.values(template.findResources('AWS::Lambda::Function'));
  for (const resource of functions) {
    const variables: Record<string, unknown> = resource.Properties.Environment.Variables;
    for (const [name, value] of Object.entries(variables)) {
      expect(name).not.toMatch(/TOKEN|PASSWORD|SECRET$/);
      expect(JSON.stringify(value)).not.toMatch(/\d{5,}:[\w-]{20,}/);
    }
    for (const name of ['TELEGRAM_SECRET_ARN', 'TEAMS_SECRET_ARN'].filter((key) => key in variables)) {
      expect([{ Ref: table.telegramSecret }, { Ref: table.teamsSecret }]).toContainEqual(variables[name]);
    }
  }
});

test('gives the Telegram function its bot info and the table names', () => {
  const { stack, template } = prod;
  const table = ids(stack);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: {
      Variables: Match.objectLike({
        TELEGRAM_BOT_INFO: JSON.stringify(BOT_INFO),
        TELEGRAM_SECRET_ARN: { Ref: table.telegramSecret },
        SESSIONS_TABLE: { Ref: table.sessions },
        DIRECTORY_TABLE: { Ref: table.directory },
        REQUESTS_TABLE: { Ref: table.requests },
      }),
    },
  });
});

test('routes the Telegram webhook and the Teams messaging endpoint', () => {
  dev.template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
  dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /telegram/webhook' });
  dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /teams/api/messages' });
  dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
  });
});

test('names in its outputs what the operator needs next', () => {
  const outputs = Object.keys(dev.template.toJSON().Outputs);
  expect(outputs).toEqual(
    expect.arrayContaining([
      'TelegramWebhookUrl',
      'TeamsMessagingEndpoint',
      'TelegramSecretArn',
      'TeamsSecretArn',
      'SessionsTableName',
      'DirectoryTableName',
      'RequestsTableName',
      'AlarmTopicArn',
    ]),
  );
  dev.template.hasOutput('TelegramWebhookUrl', {
    Value: { 'Fn::Join': ['', [Match.anyValue(), '/telegram/webhook']] },
  });
});

test('watches every function, the API, the dead letters and unclaimed requests', () => {
  const names = Object.values(prod.template.findResources('AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties.AlarmName,
  );
  expect(names.sort()).toEqual(
    [
      'Api5xx',
      'NotifierDeadLetters',
      'NotifierErrors',
      'NotifierThrottles',
      'ScheduledErrors',
      'ScheduledThrottles',
      'TeamsErrors',
      'TeamsThrottles',
      'TelegramErrors',
      'TelegramThrottles',
      'UnclaimedHandoffRequests',
    ].map((name) => `SelfHelpBot-prod-${name}`),
  );
  prod.template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: PROD_CONTEXT.alarmEmail });
});

test('re-announces unclaimed requests every 15 minutes', () => {
  dev.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
});

test.each([
  ['dev', dev],
  ['prod', prod],
])('leaves no cdk-nag AWS Solutions finding unacknowledged in %s', (_stage, { app }) => {
  // Template.fromStack has synthesized the app with the cdk-nag plugin (it throws on a finding);
  // checking the tree again gives a readable list if that ever changes.
  const report = new AwsSolutionsChecks().validateScope(app);
  expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
});

describe('context', () => {
  const create = (context: Record<string, unknown>) => () =>
    createApp({ context: testContext(context), lambdasDir: FIXTURE_LAMBDAS, outdir: testOutdir() });

  test('defaults to the dev stage', () => {
    expect(
      createApp({ context: testContext(), lambdasDir: FIXTURE_LAMBDAS, outdir: testOutdir() }).context.stage,
    ).toBe('dev');
  });

  test('rejects an unknown stage and lists the valid ones', () => {
    expect(create({ stage: 'staging' })).toThrow(/-c stage: .*"dev"\|"prod"/);
  });

  test('requires an alarm e-mail for prod', () => {
    expect(create({ ...PROD_CONTEXT, alarmEmail: undefined })).toThrow(/-c alarmEmail: is required for prod/);
  });

  test('requires the bot info for prod and says where to get it', () => {
    expect(create({ ...PROD_CONTEXT, telegramBotInfo: undefined })).toThrow(/-c telegramBotInfo: .*getMe/);
  });

  test('rejects bot info that is not a getMe result', () => {
    expect(create({ telegramBotInfo: '{"ok":true}' })).toThrow(/-c telegramBotInfo: must be the JSON object/);
  });

  test('accepts bot info as an object, as cdk.context.json holds it', () => {
    const { stack } = createApp({
      context: testContext({ telegramBotInfo: BOT_INFO }),
      lambdasDir: FIXTURE_LAMBDAS,
      outdir: testOutdir(),
    });
    expect(stack.stackName).toBe('SelfHelpBot-dev');
  });
});

test('refuses to deploy outside the EU, since the bot tells users their data is stored there', () => {
  const rules = prod.template.toJSON().Rules as Record<string, { Assertions: { Assert: unknown }[] }>;
  const asserted = Object.values(rules).map((rule) => rule.Assertions[0]?.Assert);
  expect(asserted).toContainEqual({
    'Fn::Contains': [EU_REGIONS, { Ref: 'AWS::Region' }],
  });
  expect(EU_REGIONS).not.toContain('eu-west-2');
  expect(EU_REGIONS).not.toContain('eu-central-2');
});

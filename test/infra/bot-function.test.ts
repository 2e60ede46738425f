import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  BotFunction,
  type BotFunctionProps,
  copyDirectoryCommand,
  type TableAction,
  tableActions,
} from '../../infra/constructs/bot-function';
import { Tables } from '../../infra/constructs/tables';
import { bareStack, FIXTURE_LAMBDAS, logicalId, PROJECT_ROOT } from './support';

function botFunction(stack: Stack, props: Partial<BotFunctionProps> = {}) {
  return new BotFunction(stack, 'Fn', {
    stage: 'dev',
    projectRoot: PROJECT_ROOT,
    entry: path.join(FIXTURE_LAMBDAS, 'telegram.ts'),
    description: 'test function',
    memorySize: 512,
    timeout: Duration.seconds(10),
    ...props,
  });
}

/** The statements of the function's role policy. */
function statements(template: Template): Array<{ Action: string | string[]; Resource: unknown }> {
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: { Action: string | string[] }) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

test('runs Node.js 22 on ARM64 with the memory and timeout it is given', () => {
  const stack = bareStack();
  botFunction(stack, { memorySize: 256, timeout: Duration.seconds(14) });
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs22.x',
    Architectures: ['arm64'],
    MemorySize: 256,
    Timeout: 14,
    Handler: 'index.handler',
  });
});

test('maps stack traces back to TypeScript through source maps', () => {
  const stack = bareStack();
  botFunction(stack);
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps', STAGE: 'dev' }) },
  });
});

test('writes structured JSON logs into a log group of its own with a retention', () => {
  const stack = bareStack();
  const fn = botFunction(stack);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Lambda::Function', {
    LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(stack, fn.logGroup) } },
  });
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
});

test('keeps prod logs a month and quieter', () => {
  const stack = bareStack();
  botFunction(stack, { stage: 'prod' });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  template.hasResourceProperties('AWS::Lambda::Function', {
    LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'INFO' }),
  });
});

test('starts with a role that may only write to its own log group', () => {
  const stack = bareStack();
  const fn = botFunction(stack);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  expect(statements(template)).toEqual([
    {
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [logicalId(stack, fn.logGroup), 'Arn'] },
    },
  ]);
});

test('binds a table by naming it in the environment and granting only the given actions', () => {
  const stack = bareStack();
  const tables = new Tables(stack, 'Tables', { stage: 'dev' });
  botFunction(stack).bindTable(tables.sessions, ['read', 'write']);
  const template = Template.fromStack(stack);
  const sessions = logicalId(stack, tables.sessions.table);

  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ SESSIONS_TABLE: { Ref: sessions } }) },
  });
  const tableStatement = statements(template).find((statement) =>
    actionsOf(statement)[0]?.startsWith('dynamodb'),
  );
  expect(tableStatement?.Resource).toEqual({ 'Fn::GetAtt': [sessions, 'Arn'] });
  expect([...actionsOf(tableStatement ?? { Action: [] })].sort()).toEqual([
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ]);
});

test('lets a reader query each index by name, never index/*', () => {
  const stack = bareStack();
  const tables = new Tables(stack, 'Tables', { stage: 'dev' });
  botFunction(stack).bindTable(tables.directory, ['read']);
  const template = Template.fromStack(stack);
  const directory = logicalId(stack, tables.directory.table);

  const indexStatement = statements(template).find((statement) =>
    JSON.stringify(statement).includes('/index/'),
  );
  expect(indexStatement).toEqual({
    Action: 'dynamodb:Query',
    Effect: 'Allow',
    Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [directory, 'Arn'] }, '/index/byContactPoint']] },
  });
  expect(JSON.stringify(statements(template))).not.toContain('/index/*');
});

test('never grants Scan or a DynamoDB wildcard', () => {
  const stack = bareStack();
  const tables = new Tables(stack, 'Tables', { stage: 'dev' });
  const fn = botFunction(stack);
  for (const table of tables.all) fn.bindTable(table, ['read', 'write', 'delete']);
  const actions = statements(Template.fromStack(stack)).flatMap(actionsOf);
  expect(actions).not.toContain('dynamodb:Scan');
  expect(actions.filter((action) => action.includes('*'))).toEqual([]);
});

test.each<[TableAction[], string[]]>([
  [['read'], ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']],
  [['write'], ['dynamodb:PutItem', 'dynamodb:UpdateItem']],
  [['delete'], ['dynamodb:DeleteItem']],
  [
    ['write', 'delete'],
    ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  ],
  [[], []],
])('turns table access %j into exactly %j', (access, actions) => {
  expect(tableActions(access)).toEqual(actions);
});

test('binds a secret by passing its ARN, never its value, and letting the role read that one secret', () => {
  const stack = bareStack();
  const secret = new secretsmanager.Secret(stack, 'Secret');
  botFunction(stack).bindSecret(secret, 'TELEGRAM_SECRET_ARN');
  const template = Template.fromStack(stack);
  const secretId = logicalId(stack, secret);

  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ TELEGRAM_SECRET_ARN: { Ref: secretId } }) },
  });
  expect(statements(template)).toContainEqual({
    Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    Effect: 'Allow',
    Resource: { Ref: secretId },
  });
});

test('may publish metrics into one namespace only', () => {
  const stack = bareStack();
  botFunction(stack).allowPutMetricData('SelfHelpBot');
  expect(statements(Template.fromStack(stack))).toContainEqual({
    Action: 'cloudwatch:PutMetricData',
    Effect: 'Allow',
    Resource: '*',
    Condition: { StringEquals: { 'cloudwatch:namespace': 'SelfHelpBot' } },
  });
});

describe('the command that copies data next to the bundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copy-dir-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('copies the directory with its files', () => {
    fs.mkdirSync(path.join(dir, 'data', 'gazetteer'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'data', 'gazetteer', 'places.tsv'), 'name\tlat\n');
    execSync(
      copyDirectoryCommand(path.join(dir, 'data', 'gazetteer'), path.join(dir, 'out', 'gazetteer'), 'x'),
    );
    expect(fs.readFileSync(path.join(dir, 'out', 'gazetteer', 'places.tsv'), 'utf8')).toBe('name\tlat\n');
  });

  test('fails the synth and names the missing directory', () => {
    const command = copyDirectoryCommand(path.join(dir, 'missing'), path.join(dir, 'out'), 'data/gazetteer');
    expect(() => execSync(command, { stdio: 'pipe' })).toThrow(/data\/gazetteer does not exist/);
  });
});

test('says which handler file is missing and where the function is declared', () => {
  expect(() => botFunction(bareStack(), { entry: path.join(PROJECT_ROOT, 'lambdas', 'nowhere.ts') })).toThrow(
    /lambdas\/nowhere.ts does not exist. .*infra\/stack.ts/,
  );
});

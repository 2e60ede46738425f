import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Stage } from '../../infra/constructs/stage';
import { type AppTable, Tables } from '../../infra/constructs/tables';
import { tableDefinitions } from '../../lambdas/store/table-definitions';
import { logicalId, testContext, testOutdir } from './support';

function tablesIn(stage: Stage) {
  const stack = new Stack(new App({ context: testContext(), outdir: testOutdir() }), 'Test');
  const tables = new Tables(stack, 'Tables', { stage });
  return { stack, tables, template: Template.fromStack(stack) };
}

function tableProps(template: Template, stack: Stack, table: AppTable) {
  const resource = template.toJSON().Resources[logicalId(stack, table.table)];
  return resource.Properties;
}

test('creates three on-demand tables encrypted with the AWS managed KMS key', () => {
  const { template } = tablesIn('dev');
  template.resourceCountIs('AWS::DynamoDB::Table', 3);
  template.allResourcesProperties('AWS::DynamoDB::Table', {
    BillingMode: 'PAY_PER_REQUEST',
    // SSEEnabled without a key id is the AWS managed key aws/dynamodb (not the free AWS owned key).
    SSESpecification: { SSEEnabled: true },
  });
});

test('keeps point-in-time recovery on every table, shorter for personal data', () => {
  const { template, stack, tables } = tablesIn('dev');
  template.allResourcesProperties('AWS::DynamoDB::Table', {
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  });
  const days = (table: AppTable) =>
    tableProps(template, stack, table).PointInTimeRecoverySpecification.RecoveryPeriodInDays;
  expect([days(tables.sessions), days(tables.directory), days(tables.requests)]).toEqual([7, 35, 7]);
});

test('expires sessions and requests through their expiresAt attribute', () => {
  const { template, stack, tables } = tablesIn('dev');
  const ttl = { AttributeName: 'expiresAt', Enabled: true };
  expect(tableProps(template, stack, tables.sessions).TimeToLiveSpecification).toEqual(ttl);
  expect(tableProps(template, stack, tables.requests).TimeToLiveSpecification).toEqual(ttl);
  expect(tableProps(template, stack, tables.directory).TimeToLiveSpecification).toBeUndefined();
});

test('streams the new image of each request for the notifier', () => {
  const { template, stack, tables } = tablesIn('dev');
  expect(tableProps(template, stack, tables.requests).StreamSpecification).toEqual({
    StreamViewType: 'NEW_IMAGE',
  });
});

test('declares exactly the keys and indexes of lambdas/store/table-definitions.ts', () => {
  const { template, stack, tables } = tablesIn('dev');
  const names = { sessions: 'sessions', directory: 'directory', requests: 'requests' };
  const local = tableDefinitions(names);
  const byName = (name: string) => local.find((definition) => definition.TableName === name);
  const sortByName = <T extends { AttributeName?: string }>(items: readonly T[] = []) =>
    [...items].sort((a, b) => String(a.AttributeName).localeCompare(String(b.AttributeName)));

  for (const [name, table] of [
    ['sessions', tables.sessions],
    ['directory', tables.directory],
    ['requests', tables.requests],
  ] as const) {
    const expected = byName(name);
    const actual = tableProps(template, stack, table);
    expect(actual.KeySchema).toEqual(expected?.KeySchema);
    expect(sortByName(actual.AttributeDefinitions)).toEqual(sortByName(expected?.AttributeDefinitions));
    expect(actual.GlobalSecondaryIndexes).toEqual(expected?.GlobalSecondaryIndexes);
    expect(table.indexNames).toEqual(
      (expected?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName),
    );
  }
});

test('names each table through the variable the handlers read', () => {
  const { tables } = tablesIn('dev');
  expect(tables.all.map((table) => table.envName)).toEqual([
    'SESSIONS_TABLE',
    'DIRECTORY_TABLE',
    'REQUESTS_TABLE',
  ]);
});

test('protects prod tables from deletion and keeps them when the stack is deleted', () => {
  const { template } = tablesIn('prod');
  template.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  template.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
});

test('lets dev tables be deleted with the stack', () => {
  const { template } = tablesIn('dev');
  template.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  template.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
});

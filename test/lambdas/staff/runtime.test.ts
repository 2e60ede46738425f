import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { clearSecretsCache, SECRET_PLACEHOLDER } from '../../../lambdas/config/secrets';
import { DynamoHandoffs } from '../../../lambdas/handoffs/dynamo-handoffs';
import { jsonLogger } from '../../../lambdas/log/logger';
import { backgroundDependencies } from '../../../lambdas/staff/runtime';
import { runScheduledJob } from '../../../lambdas/staff/scheduled';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';

// Secrets Manager is the one part that needs AWS itself; everything else is real.
const secretsManager = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:teams-AbCdEf';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());
beforeEach(() => {
  secretsManager.reset();
  clearSecretsCache();
});

test('a Telegram-only deployment (Teams secret still the placeholder) skips Teams with a warning and still publishes the metric', async () => {
  secretsManager.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({
      appId: SECRET_PLACEHOLDER,
      appPassword: SECRET_PLACEHOLDER,
      tenantId: SECRET_PLACEHOLDER,
    }),
  });
  const tables = await dynamo.freshTables();
  const lines: string[] = [];
  const log = jsonLogger((_level, line) => lines.push(line));
  const deps = await backgroundDependencies({ TEAMS_SECRET_ARN: ARN }, dynamo.client, tables, log);
  expect(deps).toBeUndefined();
  expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'warn', event: 'staff.teams_not_configured' });

  const metrics: string[] = [];
  const result = await runScheduledJob({
    handoffs: new DynamoHandoffs({ client: dynamo.client, tableName: tables.requests }),
    log,
    reannounceAfterHours: 24,
    stage: 'prod',
    writeMetric: (line) => metrics.push(line),
  });
  expect(result).toEqual({ overdue: 0, reannounced: 0, failed: 0 });
  expect(JSON.parse(metrics[0] ?? '{}')).toMatchObject({ Stage: 'prod', UnclaimedHandoffRequests: 0 });
});

test('a Teams secret that is wrong, not just unfilled, fails the job so it is retried and alarmed on', async () => {
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '{"appId":"not-a-guid"}' });
  const tables = await dynamo.freshTables();
  await expect(
    backgroundDependencies(
      { TEAMS_SECRET_ARN: ARN },
      dynamo.client,
      tables,
      jsonLogger(() => {}),
    ),
  ).rejects.toThrow(/Teams secret/);
});

import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../../lambdas/config/tables';
import {
  type BotConnectorStandin,
  startBotConnectorStandin,
} from '../../scripts/local/bot-connector-standin';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { apiGatewayEvent, TEST_APP_ID, teamsUser } from '../support/teams-harness';

/** The Lambda entry (lambdas/teams.ts), configured by environment variables as in AWS and locally. */
let dynamo: TestDynamo;
let standin: BotConnectorStandin;
let tables: TableNames;
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await startTestDynamo();
  standin = await startBotConnectorStandin();
  tables = await dynamo.freshTables();
});
afterAll(async () => {
  await standin.close();
  await dynamo.close();
});
let logged: jest.SpyInstance;
beforeEach(() => {
  // The entry logs JSON lines to stdout; they are looked at, not printed.
  logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  logged.mockRestore();
  process.env = { ...saved };
  standin.reset();
});

/** A fresh module, as a cold start gets: the entry builds its app once per module instance. */
async function coldStart(env: Record<string, string>) {
  process.env = {
    ...saved,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SESSIONS_TABLE: tables.sessions,
    DIRECTORY_TABLE: tables.directory,
    REQUESTS_TABLE: tables.requests,
    ...env,
  };
  let entry: typeof import('../../lambdas/teams') | undefined;
  jest.isolateModules(() => {
    entry = require('../../lambdas/teams');
  });
  if (!entry) throw new Error('lambdas/teams did not load');
  return entry.handler;
}

const storedSessions = async () =>
  (await dynamo.client.send(new ScanCommand({ TableName: tables.sessions }))).Items ?? [];

test('with MICROSOFT_APP_ID set, refuses requests without a valid token with 401 and runs nothing', async () => {
  const handler = await coldStart({ MICROSOFT_APP_ID: TEST_APP_ID, MICROSOFT_APP_PASSWORD: 'test-password' });
  const user = teamsUser({ chat: 'entry-auth', serviceUrl: standin.serviceUrl });
  for (const authorization of [null, 'Bearer not-a-token']) {
    const response = await handler(apiGatewayEvent(JSON.stringify(user.added()), authorization));
    expect(response.statusCode).toBe(401);
  }
  expect(standin.calls).toHaveLength(0);
  expect(await storedSessions()).toEqual([]);
  expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)).event)).toEqual([
    'teams.unauthenticated',
    'teams.unauthenticated',
  ]);
});

test('without credentials (locally), runs the turn unauthenticated', async () => {
  const handler = await coldStart({ MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '' });
  const user = teamsUser({ chat: 'entry-local', serviceUrl: standin.serviceUrl });
  expect((await handler(apiGatewayEvent(JSON.stringify(user.added()), null))).statusCode).toBe(200);
  expect(standin.activities(user.conversationId).length).toBeGreaterThan(0);
});

test('refuses to run without an app id inside AWS Lambda, where it would accept anyone', async () => {
  const handler = await coldStart({
    AWS_LAMBDA_FUNCTION_NAME: 'teams',
    MICROSOFT_APP_ID: '',
    MICROSOFT_APP_PASSWORD: '',
  });
  const user = teamsUser({ chat: 'entry-aws', serviceUrl: standin.serviceUrl });
  await expect(handler(apiGatewayEvent(JSON.stringify(user.added()), null))).rejects.toThrow(
    /TEAMS_SECRET_ARN/,
  );
  expect(standin.calls).toHaveLength(0);
});

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createTeamsApp } from '../../lambdas/apps/teams-app';
import { silentLogger } from '../../lambdas/log/logger';
import {
  apiGatewayEvent,
  startTeamsHarness,
  TEST_APP_ID,
  type TeamsHarness,
  teamsUser,
} from '../support/teams-harness';

/** With MICROSOFT_APP_ID configured: tokens are checked against the keys the stand-in publishes. */
let harness: TeamsHarness;
beforeAll(async () => {
  harness = await startTeamsHarness({ appId: TEST_APP_ID });
});
afterAll(() => harness.close());
beforeEach(() => harness.standin.reset());

const storedSession = (key: string) =>
  harness.dynamo.client.send(
    new GetItemCommand({ TableName: harness.tables.sessions, Key: { pk: { S: key } } }),
  );

describe('with an app id configured', () => {
  test('runs the turn for a token the Bot Framework signed and replies with the bot’s own token', async () => {
    const user = teamsUser({ chat: 'signed', serviceUrl: harness.standin.serviceUrl });
    expect((await harness.post(user.added())).statusCode).toBe(200);
    expect(harness.standin.calls.length).toBeGreaterThan(0);
    // The harness's stand-in requires the bot's token (BOT_TOKEN) on every call and would answer 401 otherwise.
    expect(harness.standin.calls.every((call) => call.bearer && call.status === 201)).toBe(true);
    expect((await storedSession(user.key)).Item).toBeDefined();
  });

  const forged: [string, () => string | null][] = [
    ['no Authorization header', () => null],
    ['an empty header', () => ''],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    ['another scheme', () => `Basic ${Buffer.from('bot:secret').toString('base64')}`],
    [
      'a token signed with a key the Bot Framework does not publish',
      () => `Bearer ${harness.standin.channelToken({ appId: TEST_APP_ID, signedBy: 'stranger' })}`,
    ],
    [
      'an expired token',
      () => `Bearer ${harness.standin.channelToken({ appId: TEST_APP_ID, expiresInSeconds: -3600 })}`,
    ],
    [
      'a token for another bot',
      () => `Bearer ${harness.standin.channelToken({ appId: '00000000-0000-4000-8000-000000000000' })}`,
    ],
    [
      'a token for another service URL',
      () =>
        `Bearer ${harness.standin.channelToken({ appId: TEST_APP_ID, serviceUrl: 'https://attacker.example/' })}`,
    ],
  ];

  test.each(forged)('refuses %s with 401 and runs nothing', async (name, authorization) => {
    // botbuilder writes rejected signatures to console.error; expected here.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const user = teamsUser({
        chat: `forged-${name.replace(/\W+/g, '-')}`,
        serviceUrl: harness.standin.serviceUrl,
      });
      const response = await harness.post(user.added(), { authorization: authorization() });
      expect(response.statusCode).toBe(401);
      expect(harness.standin.calls).toHaveLength(0);
      expect((await storedSession(user.key)).Item).toBeUndefined();
    } finally {
      quiet.mockRestore();
    }
  });

  test('answers 503 when the signing keys cannot be loaded, so the Bot Connector delivers again', async () => {
    const { handler } = createTeamsApp(
      { appId: TEST_APP_ID, appPassword: 'test-password', tables: harness.tables },
      harness.dynamo.client,
      silentLogger,
      // Port 9 (discard) refuses connections: the metadata cannot be fetched.
      { openIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration' },
    );
    const user = teamsUser({ chat: 'keys-unavailable', serviceUrl: harness.standin.serviceUrl });
    const token = harness.standin.channelToken({ appId: TEST_APP_ID });
    const response = await handler(apiGatewayEvent(JSON.stringify(user.added()), `Bearer ${token}`));
    expect(response.statusCode).toBe(503);
    expect(harness.standin.calls).toHaveLength(0);
    expect((await storedSession(user.key)).Item).toBeUndefined();
  });
});

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PLAIN, renderText } from '../../lambdas/i18n/translator';
import { createDynamoClient } from '../../lambdas/store/client';
import { DynamoSessionStore } from '../../lambdas/store/session-store';
import { startTeamsHarness, type TeamsHarness, teamsUser, visibleText } from '../support/teams-harness';

/** The next DynamoDB call of this command fails: as an outage would (infrastructure) or as a bug would. */
const fault: { command?: string; kind?: 'outage' | 'bug' } = {};

let harness: TeamsHarness;
beforeAll(async () => {
  harness = await startTeamsHarness({
    client: (endpoint) => {
      const client = createDynamoClient({ DYNAMODB_ENDPOINT: endpoint }, { maxAttempts: 1 });
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (fault.command && context.commandName === fault.command) {
            const kind = fault.kind;
            fault.command = undefined;
            throw kind === 'bug'
              ? new TypeError('Injected bug')
              : Object.assign(new Error('Injected fault'), {
                  name: 'ProvisionedThroughputExceededException',
                });
          }
          return next(args);
        },
        { step: 'initialize', name: 'faultInjection' },
      );
      return client;
    },
  });
});
afterAll(() => harness.close());
beforeEach(() => harness.standin.reset());

const user = (chat: string) => teamsUser({ chat, serviceUrl: harness.standin.serviceUrl });
const sessions = () =>
  new DynamoSessionStore({ client: harness.dynamo.client, tableName: harness.tables.sessions });

/** A user who has chosen a concern and is asked for their place. */
async function atLocationStep(chat: string) {
  const person = user(chat);
  await harness.post(person.added());
  await harness.post(person.text('Diabetes'));
  harness.standin.reset();
  return person;
}

test.each(['GetItemCommand', 'PutItemCommand', 'QueryCommand'])(
  'answers 500 without replying when DynamoDB fails in %s, then answers the re-delivered activity',
  async (command) => {
    const person = await atLocationStep(`outage-${command}`);
    const activity = person.text('20095');
    Object.assign(fault, { command, kind: 'outage' });
    expect((await harness.post(activity)).statusCode).toBe(500);
    expect(harness.standin.calls).toHaveLength(0);
    expect((await harness.post(activity)).statusCode).toBe(200);
    expect(harness.standin.activities(person.conversationId).map(visibleText).join('\n')).toMatch(
      /Diabetes.*gefunden/,
    );
  },
);

test('apologises in the user’s language when the dialog turn fails, answers 200 and keeps the session', async () => {
  const person = await atLocationStep('dialog-bug');
  const before = await sessions().load(person.key);
  Object.assign(fault, { command: 'QueryCommand', kind: 'bug' });
  expect((await harness.post(person.text('20095'))).statusCode).toBe(200);
  expect(harness.standin.activities(person.conversationId).map(visibleText)).toEqual([
    renderText({ key: 'fallback.error' }, 'de', PLAIN),
  ]);
  const after = await sessions().load(person.key);
  expect(after.version).toBe(before.version);
  expect(after.record?.session.step).toBe('location');
});

test('apologises once when the same activity arrives again and the turn fails again', async () => {
  const person = await atLocationStep('dialog-bug-twice');
  const activity = person.text('20095');
  for (let copy = 0; copy < 2; copy++) {
    Object.assign(fault, { command: 'QueryCommand', kind: 'bug' });
    expect((await harness.post(activity)).statusCode).toBe(200);
  }
  expect(harness.standin.activities(person.conversationId).map(visibleText)).toEqual([
    renderText({ key: 'fallback.error' }, 'de', PLAIN),
  ]);
});

test('marks a user who removed the bot as inactive and answers 200', async () => {
  const person = await atLocationStep('removed');
  harness.standin.failNext('replyToActivity', { status: 403, code: 'BotNotInConversationRoster' });
  expect((await harness.post(person.text('help'))).statusCode).toBe(200);
  expect(harness.standin.calls.map((call) => call.status)).toEqual([403]);
  const item = await harness.dynamo.client.send(
    new GetItemCommand({ TableName: harness.tables.sessions, Key: { pk: { S: person.key } } }),
  );
  expect(item.Item?.inactive?.BOOL).toBe(true);
});

test('stops at the first refused reply and still answers 200, since the turn is saved', async () => {
  const person = await atLocationStep('refused');
  harness.standin.failNext('replyToActivity', { status: 400, code: 'BadArgument' });
  expect((await harness.post(person.text('20095'))).statusCode).toBe(200);
  expect(harness.standin.calls.map((call) => call.status)).toEqual([400]);
  expect((await sessions().load(person.key)).record?.session.step).toBe('results');
});

test('delivers a reply once when the Bot Connector fails it once with 503 (botbuilder retries)', async () => {
  const person = await atLocationStep('retry-503');
  harness.standin.failNext('replyToActivity', { status: 503, code: 'ServiceUnavailable' });
  expect((await harness.post(person.text('help'))).statusCode).toBe(200);
  expect(harness.standin.calls.map((call) => call.status)).toEqual([503, 201]);
  expect(harness.standin.activities(person.conversationId)).toHaveLength(1);
});

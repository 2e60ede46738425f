import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PLAIN, renderText } from '../../lambdas/i18n/translator';
import { DynamoSessionStore } from '../../lambdas/store/session-store';
import { clientWithFaults, type Fault } from '../support/fault-injection';
import { startTelegramHarness, type TelegramHarness, telegramUser } from '../support/telegram-harness';

/** The next DynamoDB call named here fails. */
const fault: Fault = {};

let harness: TelegramHarness;
beforeAll(async () => {
  harness = await startTelegramHarness({
    client: (endpoint) => clientWithFaults(endpoint, fault),
  });
});
afterAll(() => harness.close());

test.each([
  ['GetItemCommand', 7001],
  ['PutItemCommand', 7002],
  ['QueryCommand', 7003],
])(
  'answers 500 without replying when %s fails, then answers the re-delivered update',
  async (command, chatId) => {
    const user = telegramUser(chatId, 'de');
    await harness.post(user.text('/start'));
    await harness.post(user.text('Diabetes'));
    const before = harness.standin.sentMessages(chatId).length;
    const update = user.text('20095');
    fault.command = command;
    expect((await harness.post(update)).statusCode).toBe(500);
    expect(harness.standin.sentMessages(chatId)).toHaveLength(before);
    expect((await harness.post(update)).statusCode).toBe(200);
    expect(harness.standin.sentMessages(chatId).length).toBeGreaterThan(before);
  },
);

test('loses no step when two messages of one chat arrive at the same moment', async () => {
  const user = telegramUser(7100, 'de');
  await harness.post(user.text('/start'));
  await harness.post(user.press('menu:find'));
  const results = await Promise.all([
    harness.post(user.press('topic:diabetes')),
    harness.post(user.press('topic:stress')),
  ]);
  expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
  const sessions = new DynamoSessionStore({
    client: harness.dynamo.client,
    tableName: harness.tables.sessions,
  });
  const { record } = await sessions.load('tg:7100');
  expect(record?.session.concerns.sort()).toEqual(['diabetes', 'stress']);
});

test('marks a user who blocked the bot as inactive and sends nothing more', async () => {
  const user = telegramUser(7200, 'de');
  await harness.post(user.text('/start'));
  harness.standin.blockChat(7200);
  expect((await harness.post(user.text('/help'))).statusCode).toBe(200);
  const item = await harness.dynamo.client.send(
    new GetItemCommand({ TableName: harness.tables.sessions, Key: { pk: { S: 'tg:7200' } } }),
  );
  expect(item.Item?.inactive?.BOOL).toBe(true);
  harness.standin.unblockChat(7200);
});

test('answers a flood of messages with one request to slow down and then stays quiet', async () => {
  const user = telegramUser(7300, 'de');
  for (let i = 0; i < 10; i++) await harness.post(user.text('/help'));
  const before = harness.standin.sentMessages(7300).length;
  for (let i = 0; i < 5; i++) expect((await harness.post(user.text('/help'))).statusCode).toBe(200);
  const after = harness.standin
    .sentMessages(7300)
    .slice(before)
    .map((m) => m.text);
  expect(after).toEqual([renderText({ key: 'fallback.slowDown' }, 'de', PLAIN)]);
});

test('answers 500 when erasing fails on /delete, and erases on the re-delivered update', async () => {
  const user = telegramUser(7400, 'de');
  await harness.post(user.text('/start'));
  const update = user.text('/delete');
  fault.command = 'DeleteItemCommand';
  expect((await harness.post(update)).statusCode).toBe(500);
  expect((await harness.post(update)).statusCode).toBe(200);
  const item = await harness.dynamo.client.send(
    new GetItemCommand({ TableName: harness.tables.sessions, Key: { pk: { S: 'tg:7400' } } }),
  );
  expect(item.Item).toBeUndefined();
});

test('stores a handoff request exactly when the re-delivered update runs after a failed write', async () => {
  const user = telegramUser(7500, 'de');
  for (const update of [
    user.text('/start'),
    user.press('menu:person'),
    user.press('ho:agree'),
    user.press('ho:chat'),
  ]) {
    await harness.post(update);
  }
  const update = user.press('ho:time:any');
  fault.command = 'PutItemCommand';
  expect((await harness.post(update)).statusCode).toBe(500);
  expect((await harness.post(update)).statusCode).toBe(200);
  const received = harness.standin
    .sentMessages(7500)
    .filter((m) => m.text.startsWith('Vielen Dank') || m.text.includes('Nummer'));
  expect(received).toHaveLength(1);
});

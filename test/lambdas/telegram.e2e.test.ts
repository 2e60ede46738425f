import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { jsonLogger, silentLogger } from '../../lambdas/log/logger';
import { createTelegramApp, LOCAL_BOT_INFO } from '../../lambdas/telegram/app';
import {
  apiGatewayEvent,
  startTelegramHarness,
  TEST_BOT_TOKEN,
  type TelegramHarness,
  telegramUser,
  WEBHOOK_SECRET,
} from '../support/telegram-harness';

let harness: TelegramHarness;
beforeAll(async () => {
  harness = await startTelegramHarness();
});
afterAll(() => harness.close());
beforeEach(() => harness.standin.reset());

/** The texts as a person sees them (without the invisible right-to-left marks at the start of lines). */
const texts = (chatId: number) =>
  harness.standin.sentMessages(chatId).map((m) => m.text.replace(/\u200f/g, ''));
const buttonData = (chatId: number) =>
  harness.standin
    .sentMessages(chatId)
    .flatMap((m) =>
      m.replyMarkup && 'inline_keyboard' in m.replyMarkup ? m.replyMarkup.inline_keyboard.flat() : [],
    )
    .map((b) => ('callback_data' in b ? b.callback_data : ''));

describe('a whole conversation on Telegram', () => {
  test('reaches matching demo groups in German from /start over a topic and a postcode', async () => {
    const user = telegramUser(5001, 'de');
    for (const update of [
      user.text('/start'),
      user.press('menu:find'),
      user.press('sector:psychosocial'),
      user.press('topic:depression'),
      user.text('20095'),
    ]) {
      expect((await harness.post(update)).statusCode).toBe(200);
    }
    const last = harness.standin.sentMessages(5001).at(-1);
    expect(last?.text).toMatch(/^Ich habe \d+ Gruppen? zum Thema Depression gefunden/);
    expect(last?.text).toMatch(/1\. .+\(Demo\)/);
    expect(buttonData(5001)).toEqual(
      expect.arrayContaining(
        ['1', 'menu:person', 'res:new'].map((id) => (id === '1' ? expect.stringMatching(/^group:/) : id)),
      ),
    );
  });

  test('reaches matching demo groups in Arabic with a typed concern and a shared location', async () => {
    const user = telegramUser(5002, 'ar');
    await harness.post(user.text('/start'));
    await harness.post(user.text('أعاني من الاكتئاب'));
    await harness.post(user.location(51.5136, 7.4653));
    const all = texts(5002).join('\n');
    expect(all).toMatch(/^مرحب/);
    const list = harness.standin.sentMessages(5002).at(-1);
    expect(list?.replyMarkup && 'inline_keyboard' in list.replyMarkup).toBe(true);
    expect(list?.text).toMatch(/1\. /);
  });

  test('finds groups from a typed town name in another script', async () => {
    const user = telegramUser(5004, 'uk');
    await harness.post(user.text('/start'));
    await harness.post(user.press('topic:trauma'));
    await harness.post(user.text('Дортмунд'));
    const list = harness.standin.sentMessages(5004).at(-1);
    expect(list?.text).toMatch(/Dortmund/);
    expect(list?.text).toMatch(/\n\n1\. /);
  });

  test('offers the location button as a Telegram reply keyboard', async () => {
    const user = telegramUser(5003, 'de');
    await harness.post(user.text('/start'));
    await harness.post(user.text('Diabetes'));
    const keyboards = harness.standin
      .sentMessages(5003)
      .flatMap((m) => (m.replyMarkup && 'keyboard' in m.replyMarkup ? m.replyMarkup.keyboard.flat() : []));
    expect(keyboards).toEqual([expect.objectContaining({ request_location: true })]);
  });
});

describe('the webhook', () => {
  test('refuses a wrong or missing secret with 401 and runs nothing', async () => {
    const user = telegramUser(5010, 'de');
    expect((await harness.post(user.text('/start'), { secret: 'wrong' })).statusCode).toBe(401);
    expect((await harness.post(user.text('/start'), { secret: null })).statusCode).toBe(401);
    expect(harness.standin.calls).toHaveLength(0);
    const stored = await harness.dynamo.client.send(
      new GetItemCommand({ TableName: harness.tables.sessions, Key: { pk: { S: 'tg:5010' } } }),
    );
    expect(stored.Item).toBeUndefined();
  });

  test('with an empty secret configured refuses every update, also one with an empty secret header', async () => {
    const { handler } = createTelegramApp(
      {
        botToken: TEST_BOT_TOKEN,
        webhookSecret: '',
        botInfo: LOCAL_BOT_INFO,
        apiRoot: harness.standin.url,
        tables: harness.tables,
      },
      harness.dynamo.client,
      silentLogger,
    );
    const body = JSON.stringify(telegramUser(5012, 'de').text('/start'));
    expect((await handler(apiGatewayEvent(body, ''))).statusCode).toBe(401);
    expect((await handler(apiGatewayEvent(body, null))).statusCode).toBe(401);
  });

  test('answers a re-delivered update only once', async () => {
    const update = telegramUser(5011, 'de').text('/start');
    expect((await harness.post(update)).statusCode).toBe(200);
    const after = harness.standin.calls.length;
    expect((await harness.post(update)).statusCode).toBe(200);
    expect(harness.standin.calls.length).toBe(after);
  });

  test('accepts the update fixture of a real Telegram client, base64-encoded or not', async () => {
    const fixture = JSON.parse(readFileSync(join(__dirname, '../events/telegram/start-de.json'), 'utf8'));
    expect((await harness.post(fixture, { base64: false })).statusCode).toBe(200);
    expect(texts(424242)[0]).toMatch(/^Hallo/);
  });

  test('answers 400 to a body that is not a Telegram update', async () => {
    expect((await harness.post({ hello: 'world' })).statusCode).toBe(400);
    expect((await harness.handler(apiGatewayEvent('{not json', WEBHOOK_SECRET))).statusCode).toBe(400);
  });

  test('keeps HTML in user-visible values escaped so Telegram accepts every message', async () => {
    const user = telegramUser(5012, 'de');
    await harness.post(user.text('/start'));
    await harness.post(user.text('Diabetes'));
    const response = await harness.post(user.text('<b>99999</b> & Co'));
    expect(response.statusCode).toBe(200);
    expect(harness.standin.calls.filter((c) => c.response.ok === false)).toEqual([]);
  });

  test('writes no message text, name or chat id into the logs', async () => {
    const lines: string[] = [];
    const logged = await startTelegramHarness({ log: jsonLogger((_level, line) => lines.push(line)) });
    try {
      const user = telegramUser(987654321, 'de');
      for (const update of [user.text('/start'), user.text('Ich habe Diabetes'), user.text('20095')])
        await logged.post(update);
      expect(lines.length).toBeGreaterThan(0);
      const all = lines.join('\n');
      expect(all).not.toContain('987654321');
      expect(all).not.toContain('Diabetes');
      expect(all).not.toContain('20095');
      expect(all).not.toContain('Test');
    } finally {
      await logged.close();
    }
  });
});

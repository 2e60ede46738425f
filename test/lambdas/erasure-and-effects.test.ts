import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { NewHandoff } from '../../dialogs/types';
import { DynamoHandoffs } from '../../lambdas/handoffs/dynamo-handoffs';
import { PLAIN, renderText } from '../../lambdas/i18n/translator';
import { DAILY_REQUEST_LIMIT } from '../../lambdas/store/chat-ledger';
import { SessionConflictError } from '../../lambdas/store/errors';
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

const de = (key: string) => renderText({ key }, 'de', PLAIN);
const texts = (chatId: number) => harness.standin.sentMessages(chatId).map((m) => m.text);

/** Every stored item (sessions and requests) that still holds the chat's key. */
async function itemsHolding(client: DynamoDBClient, chatId: number): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (const table of [harness.tables.sessions, harness.tables.requests]) {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));
    for (const item of Items.map((i) => unmarshall(i))) {
      if (JSON.stringify(item).includes(`tg:${chatId}`)) found.push(item);
    }
  }
  return found;
}

async function handoffsOf(chatId: number): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await harness.dynamo.client.send(
    new ScanCommand({ TableName: harness.tables.requests }),
  );
  return Items.map((i) => unmarshall(i)).filter(
    (item) => item.type === 'handoff' && item.chatKey === `tg:${chatId}`,
  );
}

async function post(chatId: number, ...steps: (string | { press: string })[]): Promise<void> {
  const user = telegramUser(chatId, 'de');
  for (const step of steps) {
    const update = typeof step === 'string' ? user.text(step) : user.press(step.press);
    expect((await harness.post(update)).statusCode).toBe(200);
  }
}

const REQUEST_BY_PHONE = [
  '/start',
  { press: 'menu:person' },
  { press: 'ho:agree' },
  { press: 'ho:phone' },
  '+49 30 23125 678',
  { press: 'ho:time:any' },
];
const REQUEST_IN_CHAT = [
  '/start',
  { press: 'menu:person' },
  { press: 'ho:agree' },
  { press: 'ho:chat' },
  { press: 'ho:time:any' },
];

describe('/delete', () => {
  test('erases an open request with its phone number also after /start, and nothing keeps the chat id', async () => {
    await post(7301, ...REQUEST_BY_PHONE, '/start', '/delete');
    expect(await itemsHolding(harness.dynamo.client, 7301)).toEqual([]);
    const { Items = [] } = await harness.dynamo.client.send(
      new ScanCommand({ TableName: harness.tables.requests }),
    );
    const withPhone = Items.map((i) => unmarshall(i)).filter((item) =>
      JSON.stringify(item).includes('23125 678'),
    );
    expect(withPhone).toEqual([]);
  });

  test('erases every representative request of the chat, also one a newer request replaced', async () => {
    const representative = (name: string) => [
      '/representative',
      name,
      'Dortmund',
      { press: 'rep:lang:ar' },
      { press: 'rep:send' },
    ];
    await post(7302, ...representative('Verein Eins'), ...representative('Verein Zwei'), '/delete');
    expect(await itemsHolding(harness.dynamo.client, 7302)).toEqual([]);
  });

  test('is carried out while the chat is being slowed down for sending too fast', async () => {
    await post(7303, '/start', ...Array.from({ length: 12 }, () => 'hallo'));
    expect(texts(7303)).toContain(de('fallback.slowDown'));
    await post(7303, '/delete');
    expect(texts(7303).at(-1)).toBe(de('delete.done'));
  });

  test('a message that signals danger is answered with the numbers while the chat is being slowed down', async () => {
    await post(7304, '/start', ...Array.from({ length: 12 }, () => 'hallo'), 'Ich will nicht mehr leben');
    expect(texts(7304).at(-2)).toContain('112');
  });
});

describe('requests to a person', () => {
  test('one press files one request when saving the session fails after the request was written', async () => {
    const user = telegramUser(7311, 'de');
    await post(7311, ...REQUEST_IN_CHAT.slice(0, -1));
    const press = user.press('ho:time:any');
    fault.command = 'PutItemCommand';
    fault.table = 'sessions';
    expect((await harness.post(press)).statusCode).toBe(500);
    expect((await harness.post(press)).statusCode).toBe(200);
    const filed = await handoffsOf(7311);
    expect(filed).toHaveLength(1);
    expect(texts(7311).at(-1)).toBe(
      renderText({ key: 'handoff.received', params: { id: String(filed[0]?.id) } }, 'de', PLAIN),
    );
  });

  test('a chat with an open request gets its number instead of a second request, also after /start', async () => {
    await post(7312, ...REQUEST_IN_CHAT, ...REQUEST_IN_CHAT);
    expect(await handoffsOf(7312)).toHaveLength(1);
    const [open] = await handoffsOf(7312);
    expect(texts(7312).join('\n')).toContain(
      renderText({ key: 'handoff.alreadyOpen', params: { id: String(open?.id) } }, 'de', PLAIN),
    );
  });

  test('a chat may file three requests a day; the fourth is refused', async () => {
    const handoffs = new DynamoHandoffs({
      client: harness.dynamo.client,
      tableName: harness.tables.requests,
    });
    const at = '2026-12-03T10:00:00.000Z';
    const request: NewHandoff = {
      channel: 'telegram',

      chatKey: 'tg:7313',
      language: 'de',
      topics: ['stress'],
      country: 'DE',
      contactWay: 'chat',
      goodTime: 'any',
      at,
    };
    for (let i = 0; i < DAILY_REQUEST_LIMIT; i++) {
      const created = await handoffs.create(request);
      if ('refused' in created) throw new Error(`refused at ${i}: ${created.refused}`);
      await handoffs.withdraw(created.id, at);
    }
    expect(await handoffs.create(request)).toEqual({ refused: 'daily-limit' });
    expect(await handoffs.create({ ...request, at: '2026-12-04T08:00:00.000Z' })).toMatchObject({
      status: 'open',
    });
  });

  test('the same event run twice files one request', async () => {
    const handoffs = new DynamoHandoffs({
      client: harness.dynamo.client,
      tableName: harness.tables.requests,
    });
    const request: NewHandoff = {
      channel: 'telegram',

      chatKey: 'tg:7314',
      language: 'de',
      topics: [],
      country: 'DE',
      contactWay: 'chat',
      goodTime: 'any',
      effectKey: 'event-7314',
      at: '2026-12-03T10:00:00.000Z',
    };
    const first = await handoffs.create(request);
    expect(await handoffs.create(request)).toEqual(first);
    expect(await handoffsOf(7314)).toHaveLength(1);
  });
});

test('a session conflict says what happened without naming the chat', () => {
  expect(new SessionConflictError().message).not.toMatch(/tg:|teams:/);
  expect(Object.keys(new SessionConflictError())).not.toContain('key');
});

test('40 updates of one chat at the same moment (Telegram’s most) are all answered without a server error', async () => {
  const user = telegramUser(7321, 'de');
  await harness.post(user.text('/start'));
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) => harness.post(user.text(`Nachricht ${i}`))),
  );
  expect(results.map((r) => r.statusCode).filter((code) => code !== 200)).toEqual([]);
});

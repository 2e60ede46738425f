import { DeleteItemCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import type { Update } from 'grammy/types';
import { DynamoSessionStore } from '../../lambdas/store/session-store';
import { telegramApiGatewayEvent } from '../../scripts/local/apigw';
import {
  startTelegramHarness,
  TEST_BOT_TOKEN,
  type TelegramHarness,
  telegramUser,
  WEBHOOK_SECRET,
} from '../support/telegram-harness';
import {
  buttonIdArb,
  isUpdateLike,
  languageTagArb,
  locationArb,
  mutated,
  mutatedUpdateArb,
  REAL_BUTTON_IDS,
  textArb,
  updateArb,
  type WebhookBody,
  webhookBodyArb,
} from './arbitraries';
import { runs, scaleTimeout } from './settings';

/**
 * Attacks on the Telegram webhook: the real handler on real dynalite, with the validating Bot API stand-in.
 * No faults are injected here, so any 5xx is a bug.
 */

let harness: TelegramHarness;
let sessions: DynamoSessionStore;
beforeAll(async () => {
  harness = await startTelegramHarness();
  sessions = new DynamoSessionStore({ client: harness.dynamo.client, tableName: harness.tables.sessions });
});
afterAll(() => harness.close());

/** The Bot API calls since `from` that the stand-in (and so Telegram) refused. */
function refusedCalls(from: number): string[] {
  return harness.standin.calls
    .slice(from)
    .filter((call) => !call.response.ok)
    .map((call) => {
      const { response } = call;
      const reason = response.ok ? '' : `${response.error_code} ${response.description}`;
      return `${call.method} ${JSON.stringify(call.payload).slice(0, 300)} → ${reason}`;
    });
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

scaleTimeout();

/** The webhook's answer, after Telegram has run the call it may carry (the button's answerCallbackQuery). */
async function handled(event: APIGatewayProxyEventV2) {
  const response = await harness.handler(event);
  await harness.standin.applyWebhookReply(TEST_BOT_TOKEN, response);
  return response;
}

const sessionItem = (chatId: number) =>
  harness.dynamo.client.send(
    new GetItemCommand({ TableName: harness.tables.sessions, Key: { pk: { S: `tg:${chatId}` } } }),
  );

/** Checks one answer of the webhook to a body; `malformed`: an update with fields of the wrong type. */
async function postBody(body: string, base64: boolean, shape: WebhookBody['shape']): Promise<void> {
  // A fresh stand-in state per case: callback query ids drawn by the fuzzer may repeat across cases.
  harness.standin.reset();
  const response = await handled(telegramApiGatewayEvent(body, WEBHOOK_SECRET, base64));
  const status = response.statusCode ?? 200;
  const decoded = base64 ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (status >= 500) throw new Error(`answered ${status}: ${response.body}`);
  if (!isUpdateLike(tryParse(decoded))) {
    if (status < 400) throw new Error(`answered ${status} to a body that is no update`);
  } else if (shape === 'update') {
    if (status < 200 || status >= 300) throw new Error(`answered ${status} to an update: ${response.body}`);
  } else if (!(status < 300 || status >= 400)) {
    throw new Error(`answered ${status} to a malformed update`);
  }
  const refused = refusedCalls(0);
  if (refused.length > 0) throw new Error(`Telegram would refuse:\n${refused.join('\n')}`);
}

describe('random webhook bodies', () => {
  test('updates get 2xx, anything else 4xx, never 5xx, and no Bot API call Telegram would refuse', async () => {
    await fc.assert(
      fc.asyncProperty(
        webhookBodyArb.filter((b) => b.shape !== 'mutated-update'),
        async ({ body, base64, shape }) => postBody(body, base64, shape),
      ),
      runs(2500),
    );
  });

  // The fields the bot reads are checked in lambdas/telegram/update-to-event.ts (InboundUpdateSchema); an update
  // that fails the check is answered 200 and nothing else. Each targeted attack below pins one shape.
  test('updates with fields missing or of the wrong type get 2xx or 4xx, never 5xx, and no refused call', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedUpdateArb, fc.boolean(), async (update, base64) => {
        const text = JSON.stringify(update) ?? 'null';
        const body = base64 ? Buffer.from(text, 'utf8').toString('base64') : text;
        await postBody(body, base64, 'mutated-update');
      }),
      runs(1500),
    );
  });

  test('an API Gateway event of any shape never makes the handler throw or answer 5xx', async () => {
    const envelopeArb = fc.record(
      {
        headers: fc.oneof(
          fc.dictionary(fc.string({ maxLength: 40 }), fc.oneof(fc.string(), fc.constant(WEBHOOK_SECRET))),
          fc.constant({ 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET }),
          fc.anything(),
        ),
        body: fc.oneof(
          updateArb.map((u) => JSON.stringify(u)),
          fc.anything(),
        ),
        isBase64Encoded: fc.oneof(fc.boolean(), fc.anything()),
        requestContext: fc.oneof(
          fc.record({ http: fc.record({ method: fc.constantFrom('POST', 'GET', 'post', 'OPTIONS', '') }) }),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(envelopeArb, async (event) => {
        harness.standin.reset();
        const response = await handled(event as unknown as APIGatewayProxyEventV2);
        const status = response.statusCode ?? 200;
        if (status >= 500) throw new Error(`answered ${status}: ${response.body}`);
        const refused = refusedCalls(0);
        if (refused.length > 0) throw new Error(`Telegram would refuse:\n${refused.join('\n')}`);
      }),
      runs(500),
    );
  });
});

// --- Replays

type Step =
  | { kind: 'text'; text: string }
  | { kind: 'press'; data: string }
  | { kind: 'location'; lat: number; lon: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: textArb.map((text): Step => ({ kind: 'text', text })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('/start', '/help', '/find', '/language', '/privacy', '/delete', '/start moschee-hh-ar')
      .map((text): Step => ({ kind: 'text', text })),
  },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        fc.constantFrom(...REAL_BUTTON_IDS),
        buttonIdArb.filter((id) => id.length > 0),
      )
      .map((data): Step => ({ kind: 'press', data })),
  },
  {
    weight: 1,
    arbitrary: locationArb
      .filter(({ lat, lon }) => Math.abs(lat) <= 90 && Math.abs(lon) <= 180)
      .map(({ lat, lon }): Step => ({ kind: 'location', lat, lon })),
  },
);

function updateFor(user: ReturnType<typeof telegramUser>, step: Step): Update {
  switch (step.kind) {
    case 'text':
      return user.text(step.text);
    case 'press':
      return user.press(step.data);
    case 'location':
      return user.location(step.lat, step.lon);
  }
}

/** Fresh chat ids for each case, far from the ids other properties draw. */
let nextChatId = 3_000_000_000;

describe('a replayed update', () => {
  // Found by this property and fixed, each pinned by a targeted attack below: a replayed button press
  // answered its callback query once per copy; a replayed /delete was answered once per copy. (A turn that fails
  // is apologised for once too: test/lambdas/teams-robustness.test.ts.)
  test('is answered exactly once, however many copies arrive at the same moment', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          lang: languageTagArb,
          history: fc.array(stepArb, { maxLength: 3 }),
          replayed: stepArb,
          copies: fc.integer({ min: 2, max: 8 }),
        }),
        async ({ lang, history, replayed, copies }) => {
          // Chat A gets the update many times at once; chat B, with the same history, once: the control.
          const [a, b] = [nextChatId++, nextChatId++];
          const userA = telegramUser(a, lang);
          const userB = telegramUser(b, lang);
          for (const step of history) {
            await harness.post(updateFor(userA, step));
            await harness.post(updateFor(userB, step));
          }
          const from = harness.standin.calls.length;
          const sentBefore = [harness.standin.sentMessages(a).length, harness.standin.sentMessages(b).length];

          const update = updateFor(userA, replayed);
          const responses = await Promise.all(Array.from({ length: copies }, () => harness.post(update)));
          await harness.post(updateFor(userB, replayed));

          const statuses = responses.map((r) => r.statusCode ?? 200);
          if (statuses.some((s) => s < 200 || s >= 300)) throw new Error(`answered ${statuses.join(', ')}`);
          const answerA = harness.standin
            .sentMessages(a)
            .slice(sentBefore[0])
            .map((m) => m.text);
          const answerB = harness.standin
            .sentMessages(b)
            .slice(sentBefore[1])
            .map((m) => m.text);
          expect(answerA).toEqual(answerB);
          const [sessionA, sessionB] = await Promise.all([
            sessions.load(`tg:${a}`),
            sessions.load(`tg:${b}`),
          ]);
          expect(sessionA.record?.session).toEqual(sessionB.record?.session);
          const refused = refusedCalls(from);
          if (refused.length > 0) throw new Error(`Telegram would refuse:\n${refused.join('\n')}`);
        },
      ),
      runs(120),
    );
  });
});

// --- Wrong secrets

const wrongSecretArb: fc.Arbitrary<string | null> = fc
  .oneof(
    fc.constant(null),
    fc.constantFrom(
      '',
      ' ',
      `${WEBHOOK_SECRET} `,
      ` ${WEBHOOK_SECRET}`,
      WEBHOOK_SECRET.toUpperCase(),
      WEBHOOK_SECRET.slice(0, -1),
      `${WEBHOOK_SECRET}0`,
      `${WEBHOOK_SECRET}\u0000`,
      WEBHOOK_SECRET.replace('0', 'О'),
      'undefined',
      'null',
    ),
    fc.string({ maxLength: 64 }),
    fc.string({ unit: 'grapheme', maxLength: 64 }),
    fc.string({ unit: 'binary', minLength: WEBHOOK_SECRET.length, maxLength: WEBHOOK_SECRET.length }),
    fc.string({ minLength: 1000, maxLength: 20_000 }),
  )
  .filter((secret) => secret !== WEBHOOK_SECRET);

test('a wrong secret always gets 401, no Bot API call and no session write', async () => {
  const itemsBefore = await sessionCount();
  await fc.assert(
    fc.asyncProperty(wrongSecretArb, updateArb, fc.boolean(), async (secret, generated, base64) => {
      const chatId = nextChatId++;
      const update = { ...generated, message: telegramUser(chatId, 'de').text('/start').message };
      const from = harness.standin.calls.length;
      const text = JSON.stringify(update);
      const body = base64 ? Buffer.from(text).toString('base64') : text;
      const response = await harness.handler(telegramApiGatewayEvent(body, secret, base64));
      expect(response.statusCode).toBe(401);
      expect(harness.standin.calls.slice(from)).toEqual([]);
      expect((await sessionItem(chatId)).Item).toBeUndefined();
    }),
    runs(400),
  );
  expect(await sessionCount()).toBe(itemsBefore);
});

async function sessionCount(): Promise<number> {
  const { Count } = await harness.dynamo.client.send(
    new ScanCommand({ TableName: harness.tables.sessions, Select: 'COUNT', ConsistentRead: true }),
  );
  return Count ?? 0;
}

// --- Targeted attacks: each known bug as its smallest input, and attacks that guard what already holds.

describe('targeted attacks on the webhook', () => {
  test('a re-delivered button press answers its callback query once', async () => {
    const user = telegramUser(nextChatId++, 'de');
    await harness.post(user.text('/start'));
    const press = user.press('menu:find');
    const from = harness.standin.calls.length;
    expect((await harness.post(press)).statusCode).toBe(200);
    expect((await harness.post(press)).statusCode).toBe(200);
    expect(refusedCalls(from)).toEqual([]);
  });

  test('a /delete that arrives twice at the same moment is answered once', async () => {
    const chatId = nextChatId++;
    const user = telegramUser(chatId, 'de');
    await harness.post(user.text('/start'));
    const before = harness.standin.sentMessages(chatId).length;
    const update = user.text('/delete');
    await Promise.all([harness.post(update), harness.post(update)]);
    expect(harness.standin.sentMessages(chatId).slice(before)).toHaveLength(1);
  });

  test('a re-delivered /delete is answered once', async () => {
    const chatId = nextChatId++;
    const user = telegramUser(chatId, 'de');
    await harness.post(user.text('/start'));
    const before = harness.standin.sentMessages(chatId).length;
    const update = user.text('/delete');
    await harness.post(update);
    await harness.post(update);
    expect(harness.standin.sentMessages(chatId).slice(before)).toHaveLength(1);
  });

  /** Updates Telegram never sends, with fresh ids so that no earlier session (flood, duplicate) hides a fault. */
  const malformed: [string, (id: number) => Record<string, unknown>][] = [
    ['a message without chat', (id) => ({ update_id: id, message: { message_id: 0, date: 0, text: '' } })],
    [
      'a text that is not a string',
      (id) => ({
        update_id: id,
        message: { message_id: 0, date: 0, chat: { id, type: 'private' }, text: false },
      }),
    ],
    [
      'a chat id that is not a number',
      (id) => ({
        update_id: id,
        message: { message_id: 0, date: 0, chat: { id: [id], type: 'private' }, text: 'hi' },
      }),
    ],
    [
      'a location without chat id',
      (id) => ({
        update_id: id,
        message: { message_id: 0, date: 0, chat: { type: 'private' }, location: { latitude: 0 } },
      }),
    ],
    [
      'a blank callback query id',
      (id) => ({
        update_id: id,
        callback_query: {
          id: ' ',
          from: { id, is_bot: false, first_name: 'A' },
          chat_instance: '1',
          message: { message_id: 1, date: 0, chat: { id, type: 'private' } },
          data: 'menu:find',
        },
      }),
    ],
  ];

  test.each(malformed)(
    'a malformed update (%s) gets no 5xx and causes no refused Bot API call',
    async (_, make) => {
      // The bot keys a chat without id as "tg:undefined": start that session afresh too.
      await harness.dynamo.client.send(
        new DeleteItemCommand({ TableName: harness.tables.sessions, Key: { pk: { S: 'tg:undefined' } } }),
      );
      harness.standin.reset();
      const update = make(nextChatId++);
      const response = await handled(telegramApiGatewayEvent(JSON.stringify(update), WEBHOOK_SECRET, false));
      expect(response.statusCode).toBeLessThan(500);
      expect(refusedCalls(0)).toEqual([]);
    },
  );

  test('a mutation through an entity an earlier mutation made an array gives an update (FUZZ_SEED=221418423)', async () => {
    // The fuzzer's own bug, found by the property above: the second mutation set the array's `length` (an entity
    // field) and threw RangeError while generating, before any update was posted, so fast-check named no seed.
    const chatId = nextChatId++;
    const update = {
      update_id: chatId,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: chatId, type: 'private' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    for (const length of ['PYuBo?Z0', -1, 2_147_483_647]) {
      const body = mutated(update, [
        { kind: 'replace', path: ['message', 'entities', '0'], value: [] },
        { kind: 'replace', path: ['message', 'entities', '0', 'length'], value: length },
      ]);
      expect(body).toEqual({ ...update, message: { ...update.message, entities: [[]] } });
      await postBody(JSON.stringify(body), false, 'mutated-update');
    }
  });

  test('eight messages of one chat at the same moment (an album, a forward of several messages) get no 5xx', async () => {
    // Telegram delivers each item of an album (up to 10) and each of several forwarded messages as an update
    // of its own, all at once. With too few attempts (MAX_TURN_ATTEMPTS was 4) processEvent gave up on the
    // conflicting saves and the webhook answered 500; now it tries 10 times, with a random pause.
    const chatId = nextChatId++;
    const user = telegramUser(chatId, 'de');
    await harness.post(user.text('/start'));
    const responses = await Promise.all(Array.from({ length: 8 }, () => harness.post(user.text('Diabetes'))));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
  });

  test('thirty chats writing at the same moment each get their own answer in their own language', async () => {
    const languages = ['de', 'en', 'uk', 'ru', 'tr', 'fr'] as const;
    const chats = Array.from({ length: 30 }, (_, i) => ({
      id: nextChatId++,
      lang: languages[i % languages.length] ?? 'de',
    }));
    const from = harness.standin.calls.length;
    const responses = await Promise.all(
      chats.map(({ id, lang }) => harness.post(telegramUser(id, lang).text('/start'))),
    );
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const textsOf = (chatId: number) => harness.standin.sentMessages(chatId).map((m) => m.text);
    const greetings = new Map(languages.map((lang, i) => [lang, textsOf(chats[i]?.id ?? 0)]));
    for (const { id, lang } of chats) expect(textsOf(id)).toEqual(greetings.get(lang));
    expect(greetings.get('de')?.length).toBeGreaterThan(0);
    expect(greetings.get('de')).not.toEqual(greetings.get('uk'));
    expect(refusedCalls(from)).toEqual([]);
  });

  test('a body of 6 MB is answered without a 5xx', async () => {
    const update = { ...telegramUser(nextChatId++, 'de').text('x'.repeat(6_000_000)) };
    const response = await harness.post(update);
    expect(response.statusCode).toBe(200);
  });

  test('markup, entities and bidirectional controls in every text field reach the user escaped', async () => {
    const chatId = nextChatId++;
    const user = telegramUser(chatId, 'ar');
    const from = harness.standin.calls.length;
    for (const text of [
      '/start <b>x</b>',
      '<a href="tg://x">\u202E20095</a>',
      '&#x110000; &nbsp; 20095',
      'Diabetes </b><i>',
      '<pre>99999</pre>',
      '\u0000\u2066هامبورغ\u2069',
    ]) {
      expect((await harness.post(user.text(text))).statusCode).toBe(200);
    }
    expect(refusedCalls(from)).toEqual([]);
  });
});

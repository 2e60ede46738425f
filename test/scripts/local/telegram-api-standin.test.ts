import { Bot, GrammyError, InlineKeyboard, InputFile, Keyboard } from 'grammy';
import type { Update } from 'grammy/types';
import {
  type MessageChange,
  startTelegramApiStandin,
  type TelegramApiStandin,
} from '../../../scripts/local/telegram-api-standin';

const TOKEN = '123456:TEST-token';
const CHAT = 4242;
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

let standin: TelegramApiStandin;
let bot: Bot;

beforeAll(async () => {
  standin = await startTelegramApiStandin({ maxPollSeconds: 0.3 });
  bot = new Bot(TOKEN, { botInfo: standin.botInfo, client: { apiRoot: standin.url } });
});
afterEach(() => standin.reset());
afterAll(() => standin.close());

/** A request grammY would never send: raw JSON, form or query string. */
async function raw(method: string, body?: string | FormData, contentType = 'application/json', query = '') {
  const response = await fetch(`${standin.url}/bot${TOKEN}/${method}${query}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body !== undefined && { body }),
    ...(typeof body === 'string' && { headers: { 'content-type': contentType } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function refusal(description: string, error_code = 400) {
  return expect.objectContaining({ error_code, description });
}

describe('requests and responses', () => {
  test('answers getMe with the bot user and records the token of every call', async () => {
    const fresh = new Bot(TOKEN, { client: { apiRoot: standin.url } });
    await fresh.init();
    expect(fresh.botInfo.username).toBe(standin.botInfo.username);
    expect(standin.calls).toEqual([
      expect.objectContaining({
        method: 'getMe',
        token: TOKEN,
        response: { ok: true, result: standin.botInfo },
      }),
    ]);
  });

  test('returns realistic messages whose ids count per chat', async () => {
    const first = await bot.api.sendMessage(CHAT, '<b>Hello</b> there', { parse_mode: 'HTML' });
    const second = await bot.api.sendMessage(CHAT, 'again');
    const elsewhere = await bot.api.sendMessage(7, 'hi');
    expect([first.message_id, second.message_id, elsewhere.message_id]).toEqual([1, 2, 1]);
    expect(first).toMatchObject({
      chat: { id: CHAT, type: 'private' },
      from: { id: standin.botInfo.id, is_bot: true },
      text: 'Hello there',
      entities: [{ type: 'bold', offset: 0, length: 5 }],
    });
    expect(first.date).toBeCloseTo(Date.now() / 1000, -1);
  });

  test('answers an unknown method 404 Not Found, with the HTTP status of the error code', async () => {
    expect(await raw('sendTelepathy', '{}')).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: 'Not Found' },
    });
  });

  test('reads parameters from the query string, url-encoded forms and any case of the method name', async () => {
    const fromQuery = await raw('SENDMESSAGE', undefined, '', `?chat_id=${CHAT}&text=from+query`);
    const fromForm = await raw(
      'sendMessage',
      `chat_id=${CHAT}&text=from%20form`,
      'application/x-www-form-urlencoded',
    );
    expect([fromQuery.body.ok, fromForm.body.ok]).toEqual([true, true]);
    expect(standin.sentMessages(CHAT).map((message) => message.text)).toEqual(['from query', 'from form']);
    expect(standin.calls[0]?.method).toBe('sendMessage');
  });

  test('runs a method without parameters when the JSON body is malformed, as Telegram does', async () => {
    expect(await raw('sendMessage', '{"chat_id": 1, "text": ')).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' },
    });
  });
});

describe('text validation', () => {
  test.each([
    ['an unknown tag', '<div>x</div>', 'Unsupported start tag "div" at byte offset 0'],
    ['an unescaped <', 'a < b', 'Unsupported start tag "" at byte offset 2'],
    ['an & that is no entity', 'Tom & Jerry', 'Unescaped "&" at byte offset 4'],
    ['an unclosed tag', '<b>bold', 'Can\'t find end tag corresponding to start tag "b"'],
    [
      'misnested tags',
      '<b><i>x</b></i>',
      'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    ],
  ])('refuses HTML with %s', async (_case, html, description) => {
    const sending = bot.api.sendMessage(CHAT, html, { parse_mode: 'HTML' });
    await expect(sending).rejects.toBeInstanceOf(GrammyError);
    await expect(sending).rejects.toMatchObject({
      error_code: 400,
      description: expect.stringContaining(`Bad Request: can't parse entities: ${description}`),
    });
    expect(standin.sentMessages()).toEqual([]);
  });

  test('accepts a link and records both the HTML sent and the text shown', async () => {
    const html = '<a href="https://example.org/?q=1&amp;r=2">Info</a> &amp; more';
    const sent = await bot.api.sendMessage(CHAT, html, { parse_mode: 'HTML' });
    expect(sent.entities).toEqual([
      { type: 'text_link', offset: 0, length: 4, url: 'https://example.org/?q=1&r=2' },
    ]);
    expect(standin.sentMessages(CHAT)[0]).toMatchObject({ html, text: 'Info & more', parseMode: 'HTML' });
  });

  test('counts the 4096 limit after entity parsing, in UTF-16 code units', async () => {
    await expect(
      bot.api.sendMessage(CHAT, '&amp;'.repeat(4096), { parse_mode: 'HTML' }),
    ).resolves.toBeDefined();
    await expect(
      bot.api.sendMessage(CHAT, `<b>${'x'.repeat(4096)}</b>`, { parse_mode: 'HTML' }),
    ).resolves.toBeDefined();
    await expect(bot.api.sendMessage(CHAT, '😀'.repeat(2048))).resolves.toBeDefined();
    await expect(bot.api.sendMessage(CHAT, `${'😀'.repeat(2048)}x`)).rejects.toEqual(
      refusal('Bad Request: message is too long'),
    );
    await expect(bot.api.sendMessage(CHAT, '&amp;'.repeat(4097), { parse_mode: 'HTML' })).rejects.toEqual(
      refusal('Bad Request: message is too long'),
    );
  });

  test.each([
    ['empty', ''],
    ['blank', ' \n '],
    ['only tags', '<b></b>'],
  ])('refuses a text that is %s', async (_case, text) => {
    await expect(bot.api.sendMessage(CHAT, text, { parse_mode: 'HTML' })).rejects.toEqual(
      refusal('Bad Request: message text is empty'),
    );
  });

  test('refuses a caption over 1024 characters', async () => {
    await expect(
      bot.api.sendPhoto(CHAT, new InputFile(PNG, 'a.png'), { caption: 'c'.repeat(1025) }),
    ).rejects.toEqual(refusal('Bad Request: message caption is too long'));
  });

  test('refuses a reply to a message that does not exist', async () => {
    await expect(bot.api.sendMessage(CHAT, 'x', { reply_parameters: { message_id: 99 } })).rejects.toEqual(
      refusal('Bad Request: message to be replied not found'),
    );
  });
});

describe('keyboards', () => {
  test('accepts callback_data of 64 bytes and refuses 65, counting bytes of multi-byte letters', async () => {
    const arabic = 'ب'; // two bytes in UTF-8
    const fits = new InlineKeyboard().text('نعم', arabic.repeat(32));
    const sent = await bot.api.sendMessage(CHAT, 'ok?', { reply_markup: fits });
    expect(sent.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'نعم', callback_data: arabic.repeat(32) }]],
    });

    const tooLong = new InlineKeyboard().text('نعم', `${arabic.repeat(32)}x`);
    await expect(bot.api.sendMessage(CHAT, 'ok?', { reply_markup: tooLong })).rejects.toEqual(
      refusal('Bad Request: BUTTON_DATA_INVALID'),
    );
  });

  test.each([
    [
      'a button without action',
      { inline_keyboard: [[{ text: 'x' }]] },
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    ],
    [
      'rows that are not arrays',
      { inline_keyboard: [{ text: 'x', callback_data: 'y' }] },
      'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
    ],
    [
      'a button without text',
      { inline_keyboard: [[{ callback_data: 'y' }]] },
      'Bad Request: can\'t parse inline keyboard button: Can\'t find field "text"',
    ],
    [
      'a URL button to localhost',
      { inline_keyboard: [[{ text: 'x', url: 'http://localhost:3000' }]] },
      'Bad Request: BUTTON_URL_INVALID',
    ],
    ['markup that is no object', [1, 2], 'Bad Request: object expected as reply markup'],
  ])('refuses an inline keyboard with %s', async (_case, markup, description) => {
    const body = JSON.stringify({ chat_id: CHAT, text: 'x', reply_markup: markup });
    expect(await raw('sendMessage', body)).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description },
    });
  });

  test('refuses a button with two actions, which Telegram would silently reduce to one', async () => {
    const markup = { inline_keyboard: [[{ text: 'x', url: 'https://example.org', callback_data: 'y' }]] };
    const { body } = await raw(
      'sendMessage',
      JSON.stringify({ chat_id: CHAT, text: 'x', reply_markup: markup }),
    );
    expect(body.description).toMatch(
      /^Bad Request: can't parse inline keyboard button: .*stricter than Telegram/,
    );
  });

  test('records a reply keyboard asking for the location, which Telegram does not echo in the message', async () => {
    const keyboard = new Keyboard()
      .requestLocation('📍 Send my location')
      .resized()
      .oneTime()
      .placeholder('Postcode');
    const sent = await bot.api.sendMessage(CHAT, 'Where are you?', { reply_markup: keyboard });
    expect(sent.reply_markup).toBeUndefined();
    expect(standin.sentMessages(CHAT)[0]?.replyMarkup).toMatchObject({
      keyboard: [[{ text: '📍 Send my location', request_location: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
      input_field_placeholder: 'Postcode',
    });
  });

  test('refuses an input field placeholder over 64 characters', async () => {
    const keyboard = new Keyboard().text('a').placeholder('p'.repeat(65));
    await expect(bot.api.sendMessage(CHAT, 'x', { reply_markup: keyboard })).rejects.toMatchObject({
      error_code: 400,
    });
  });
});

describe('edits and deletes', () => {
  test('refuses to edit or delete a message that does not exist', async () => {
    await expect(bot.api.editMessageText(CHAT, 1, 'new')).rejects.toEqual(
      refusal('Bad Request: message to edit not found'),
    );
    await expect(bot.api.editMessageReplyMarkup(CHAT, 1)).rejects.toEqual(
      refusal('Bad Request: message to edit not found'),
    );
    await expect(bot.api.deleteMessage(CHAT, 1)).rejects.toEqual(
      refusal('Bad Request: message to delete not found'),
    );
  });

  test('refuses an edit that changes neither text nor keyboard', async () => {
    const keyboard = new InlineKeyboard().text('A', 'a');
    const sent = await bot.api.sendMessage(CHAT, '<b>Pick</b>', {
      parse_mode: 'HTML',
      reply_markup: keyboard,
    });
    const notModified =
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
    await expect(
      bot.api.editMessageText(CHAT, sent.message_id, '<b>Pick</b>', {
        parse_mode: 'HTML',
        reply_markup: keyboard,
      }),
    ).rejects.toEqual(refusal(notModified));
    await expect(
      bot.api.editMessageReplyMarkup(CHAT, sent.message_id, { reply_markup: keyboard }),
    ).rejects.toEqual(refusal(notModified));
    // Same text without formatting is a change, as in Telegram.
    await expect(
      bot.api.editMessageText(CHAT, sent.message_id, 'Pick', { reply_markup: keyboard }),
    ).resolves.toMatchObject({
      text: 'Pick',
    });
  });

  test('shows edits and deletes in sentMessages and emits every change', async () => {
    const changes: MessageChange[] = [];
    const listener = (change: MessageChange) => changes.push(change);
    standin.on('message', listener);
    const first = await bot.api.sendMessage(CHAT, 'Choose', {
      reply_markup: new InlineKeyboard().text('A', 'a'),
    });
    const second = await bot.api.sendMessage(CHAT, 'Searching…');
    const edited = await bot.api.editMessageText(CHAT, first.message_id, 'Chosen: A');
    await bot.api.deleteMessage(CHAT, second.message_id);
    standin.off('message', listener);
    await bot.api.sendMessage(CHAT, 'not heard');

    expect(edited).toMatchObject({ text: 'Chosen: A', edit_date: expect.any(Number) });
    expect(edited).not.toHaveProperty('reply_markup');
    expect(
      standin
        .sentMessages(CHAT)
        .map(({ messageId, text, replyMarkup }) => ({ messageId, text, replyMarkup })),
    ).toEqual([
      { messageId: 1, text: 'Chosen: A', replyMarkup: undefined },
      { messageId: 3, text: 'not heard', replyMarkup: undefined },
    ]);
    expect(changes.map(({ type, message }) => [type, message.messageId, message.text])).toEqual([
      ['sent', 1, 'Choose'],
      ['sent', 2, 'Searching…'],
      ['edited', 1, 'Chosen: A'],
      ['deleted', 2, 'Searching…'],
    ]);
  });
});

describe('fault injection', () => {
  test('fails the next calls of a method as asked, then recovers', async () => {
    standin.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
      2,
    );
    const first = await raw('sendMessage', JSON.stringify({ chat_id: CHAT, text: 'x' }));
    expect(first).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    await expect(bot.api.sendMessage(CHAT, 'x')).rejects.toMatchObject({
      error_code: 429,
      parameters: { retry_after: 1 },
    });
    await expect(bot.api.sendMessage(CHAT, 'x')).resolves.toMatchObject({ message_id: 1 });
  });

  test('answers 403 for a blocked chat until it is unblocked, and only for that chat', async () => {
    standin.blockChat(CHAT);
    const blocked = refusal('Forbidden: bot was blocked by the user', 403);
    await expect(bot.api.sendMessage(CHAT, 'x')).rejects.toEqual(blocked);
    await expect(bot.api.sendChatAction(CHAT, 'typing')).rejects.toEqual(blocked);
    await expect(bot.api.sendMessage(CHAT + 1, 'x')).resolves.toBeDefined();
    standin.unblockChat(CHAT);
    await expect(bot.api.sendMessage(CHAT, 'x')).resolves.toBeDefined();
  });
});

describe('files and locations', () => {
  test('records an uploaded photo from grammY’s multipart request, and accepts its file_id again', async () => {
    const sent = await bot.api.sendPhoto(CHAT, new InputFile(PNG, 'qr.png'), {
      caption: '<b>Scan</b> me',
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().url('Open', 'https://example.org'),
    });
    expect(standin.sentMessages(CHAT)[0]).toMatchObject({
      kind: 'photo',
      text: 'Scan me',
      photo: { bytes: PNG, filename: 'qr.png', contentType: 'application/octet-stream' },
      replyMarkup: { inline_keyboard: [[{ text: 'Open', url: 'https://example.org' }]] },
    });
    const fileId = sent.photo[0]?.file_id ?? '';
    await bot.api.sendPhoto(CHAT, fileId);
    expect(standin.sentMessages(CHAT)[1]).toMatchObject({ fileReference: fileId, photo: { bytes: PNG } });
  });

  test('reads standard multipart forms too, and refuses bytes that are no image as a photo', async () => {
    const form = new FormData();
    form.append('chat_id', String(CHAT));
    form.append('photo', new Blob([Buffer.from('not an image')], { type: 'text/plain' }), 'x.txt');
    expect((await raw('sendPhoto', form)).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: IMAGE_PROCESS_FAILED',
    });
    form.set('photo', new Blob([PNG], { type: 'image/png' }), 'x.png');
    expect((await raw('sendPhoto', form)).body.ok).toBe(true);
    expect(standin.sentMessages(CHAT)[0]?.photo).toEqual({
      bytes: PNG,
      filename: 'x.png',
      contentType: 'image/png',
    });
  });

  test('records a document and a location', async () => {
    await bot.api.sendDocument(CHAT, new InputFile(Buffer.from('a,b\n'), 'groups.csv'));
    await bot.api.sendLocation(CHAT, 52.52, 13.405);
    await expect(bot.api.sendLocation(CHAT, 91, 0)).rejects.toEqual(
      refusal('Bad Request: wrong location specified'),
    );
    expect(standin.sentMessages(CHAT)).toMatchObject([
      { kind: 'document', document: { filename: 'groups.csv', bytes: Buffer.from('a,b\n') } },
      { kind: 'location', location: { latitude: 52.52, longitude: 13.405 } },
    ]);
  });
});

describe('other methods', () => {
  test('accepts one answer per callback query with at most 200 characters', async () => {
    await expect(bot.api.answerCallbackQuery('q1', { text: 'x'.repeat(201) })).rejects.toMatchObject({
      error_code: 400,
    });
    await expect(bot.api.answerCallbackQuery('q1', { text: 'Saved' })).resolves.toBe(true);
    await expect(bot.api.answerCallbackQuery('q1')).rejects.toEqual(
      refusal('Bad Request: query is too old and response timeout expired or query id is invalid'),
    );
  });

  test('refuses an unknown chat action', async () => {
    await expect(bot.api.sendChatAction(CHAT, 'dancing' as 'typing')).rejects.toEqual(
      refusal('Bad Request: wrong parameter action in request'),
    );
  });

  test('keeps commands per language and refuses language codes that are not two letters', async () => {
    await bot.api.setMyCommands([{ command: 'find', description: 'Find a group' }]);
    await bot.api.setMyCommands([{ command: 'find', description: 'Gruppe finden' }], { language_code: 'de' });
    expect(await bot.api.getMyCommands({ language_code: 'de' })).toEqual([
      { command: 'find', description: 'Gruppe finden' },
    ]);
    expect(await bot.api.getMyCommands()).toEqual([{ command: 'find', description: 'Find a group' }]);
    await expect(
      bot.api.setMyCommands(
        [{ command: 'find', description: 'x' }],
        { language_code: 'prs' as 'de' } /* a locale code from the project's language list */,
      ),
    ).rejects.toEqual(refusal('Bad Request: invalid language code specified'));
    await expect(bot.api.setMyCommands([{ command: 'Find', description: 'x' }])).rejects.toEqual(
      refusal('Bad Request: BOT_COMMAND_INVALID'),
    );
  });

  test('keeps a webhook only with an HTTPS URL, and then refuses getUpdates', async () => {
    await expect(bot.api.setWebhook('http://example.org/hook')).rejects.toEqual(
      refusal('Bad Request: bad webhook: An HTTPS URL must be provided for webhook'),
    );
    await bot.api.setWebhook('https://example.org/hook');
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url: 'https://example.org/hook' });
    await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
    await bot.api.deleteWebhook();
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url: '' });
  });
});

describe('long polling', () => {
  test('holds getUpdates no longer than maxPollSeconds and returns no updates', async () => {
    const started = Date.now();
    await expect(bot.api.getUpdates({ timeout: 30 })).resolves.toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('delivers a queued update to a polling grammY bot and forgets it once confirmed', async () => {
    const polling = new Bot(TOKEN, { botInfo: standin.botInfo, client: { apiRoot: standin.url } });
    const handled: string[] = [];
    polling.on('message:text', async (ctx) => {
      handled.push(ctx.message.text);
      await ctx.reply(`echo: ${ctx.message.text}`);
    });
    let listener: (change: MessageChange) => void = () => {};
    const replied = new Promise<void>((resolve) => {
      listener = (change) => change.type === 'sent' && resolve();
      standin.on('message', listener);
    });
    const running = polling.start();

    let update: Update;
    try {
      update = standin.queueUpdate({
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: CHAT, type: 'private', first_name: 'Amal' },
          from: { id: CHAT, is_bot: false, first_name: 'Amal', language_code: 'ar' },
          text: 'مرحبا',
        },
      } as Omit<Update, 'update_id'>);
      await replied;
    } finally {
      standin.off('message', listener);
      await polling.stop();
      await running;
    }

    expect(update.update_id).toBe(1);
    expect(handled).toEqual(['مرحبا']);
    expect(standin.sentMessages(CHAT).map((message) => message.text)).toEqual(['echo: مرحبا']);
    await expect(bot.api.getUpdates({ offset: 0 })).resolves.toEqual([]);
  }, 10_000);

  test('ends a waiting long poll with 409 when a second poller asks', async () => {
    const first = bot.api.getUpdates({ timeout: 30 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = bot.api.getUpdates({ timeout: 30 });
    await expect(first).rejects.toMatchObject({ error_code: 409 });
    await expect(second).resolves.toEqual([]);
  });
});

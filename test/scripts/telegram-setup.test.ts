import { Api } from 'grammy';
import { startTelegramApiStandin, type TelegramApiStandin } from '../../scripts/local/telegram-api-standin';
import { setupTelegram, telegramLanguageCode } from '../../scripts/telegram-setup';

let standin: TelegramApiStandin;
beforeAll(async () => {
  standin = await startTelegramApiStandin();
});
afterAll(() => standin.close());

test('registers the webhook with its secret and only the update types the bot handles', async () => {
  const api = new Api('123:SETUP', { apiRoot: standin.url });
  await setupTelegram(api, { webhookUrl: 'https://example.org/telegram/webhook', webhookSecret: 's3cret' });
  const setWebhook = standin.calls.find((call) => call.method === 'setWebhook');
  expect(setWebhook?.payload).toMatchObject({
    url: 'https://example.org/telegram/webhook',
    secret_token: 's3cret',
    allowed_updates: ['message', 'callback_query'],
  });
});

test('sets localized commands and descriptions that Telegram accepts, in every two-letter language', async () => {
  standin.reset();
  const api = new Api('123:SETUP', { apiRoot: standin.url });
  const done = await setupTelegram(api, { webhookSecret: 's3cret' });
  expect(standin.calls.filter((call) => !call.response.ok)).toEqual([]);
  expect(done).toEqual(expect.arrayContaining(['default', 'de', 'ar', 'uk', 'ti']));
  const arabic = standin.calls.find(
    (c) => c.method === 'setMyCommands' && (c.payload as { language_code?: string }).language_code === 'ar',
  );
  const commands = (arabic?.payload as { commands?: { command: string }[] } | undefined)?.commands ?? [];
  expect(commands.map((c) => c.command)).toEqual(['start', 'language', 'find', 'help', 'privacy', 'delete']);
});

test('leaves languages without a two-letter code to the default menu', () => {
  expect(telegramLanguageCode('prs')).toBeUndefined();
  expect(telegramLanguageCode('ckb')).toBeUndefined();
  expect(telegramLanguageCode('uk')).toBe('uk');
});

import { type Language, RIGHT_TO_LEFT } from '../../dialogs/languages';
import { PLAIN, renderText } from '../../lambdas/i18n/translator';
import { startTelegramHarness, type TelegramHarness, telegramUser } from '../support/telegram-harness';

let harness: TelegramHarness;
beforeAll(async () => {
  harness = await startTelegramHarness();
});
afterAll(() => harness.close());

const FSI = '\u2068';
const PDI = '\u2069';
const RLM = '\u200f';
const plain = (key: string, lang: Language) => renderText({ key }, lang, PLAIN);

describe.each([
  ['ti', 'ጭንቀት ኣለኒ', 8001],
  ['ps', 'زه ډېر خپه یم', 8002],
  ['ckb', 'زۆر خەمبارم', 8003],
] as const)('a conversation in %s', (lang, concern, chatId) => {
  test('reaches results from a typed concern and a postcode', async () => {
    const user = telegramUser(chatId, lang);
    for (const update of [user.text('/start'), user.text(concern), user.text('44135')]) {
      expect((await harness.post(update)).statusCode).toBe(200);
    }
    const messages = harness.standin.sentMessages(chatId);
    // The greeting and the question after it arrive as one message.
    // Every line of a right-to-left message starts with a right-to-left mark.
    const mark = RIGHT_TO_LEFT.has(lang) ? RLM : '';
    expect(messages[0]?.text).toBe(
      `${mark}${plain('welcome.hello', lang)}\n\n${mark}${plain('welcome.whatNext', lang)}`,
    );
    const list = messages.at(-1);
    expect(list?.text).toMatch(/^[^\n]+\n\n\u200f?1\. /);
    const buttons =
      list?.replyMarkup && 'inline_keyboard' in list.replyMarkup
        ? list.replyMarkup.inline_keyboard.flat()
        : [];
    expect(buttons.some((b) => 'callback_data' in b && b.callback_data.startsWith('group:'))).toBe(true);
    expect(harness.standin.calls.filter((c) => !c.response.ok)).toEqual([]);
  });
});

describe('right-to-left messages', () => {
  test('isolate an unknown postcode inside Pashto text', async () => {
    const user = telegramUser(8101, 'ps');
    await harness.post(user.text('/start'));
    await harness.post(user.text('زه ډېر خپه یم'));
    await harness.post(user.text('99999'));
    expect(harness.standin.sentMessages(8101).at(-1)?.text).toContain(`${FSI}99999${PDI}`);
  });

  test('isolate emergency phone numbers inside Sorani text', async () => {
    const user = telegramUser(8102, 'ckb');
    await harness.post(user.text('/start'));
    await harness.post(user.text('I want to kill myself'));
    const emergency = harness.standin.sentMessages(8102).find((m) => m.text.includes('112'));
    expect(emergency?.text).toContain(`${FSI}112${PDI}`);
    expect(emergency?.text).toContain(`${FSI}0800\u00a0111\u00a00\u00a0111${PDI}`);
  });

  test('isolate the phone number of a contact point inside Arabic text', async () => {
    const user = telegramUser(8103, 'ar');
    await harness.post(user.text('/start'));
    await harness.post(user.press('menu:person'));
    await harness.post(user.press('ho:decline'));
    // No place given: both national offices; NAKOS (Germany) has the phone number.
    const card = harness.standin.sentMessages(8103).find((m) => m.text.includes('NAKOS'))?.text ?? '';
    expect(card).toMatch(new RegExp(`${FSI}\\+?[0-9\u00a0]{6,}${PDI}`));
  });
});

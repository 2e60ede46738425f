import { BUTTON } from '../../dialogs/buttons';
import { runTurn } from '../../dialogs/engine';
import type { Language } from '../../dialogs/languages';
import type { InboundEvent, Session, TurnContext } from '../../dialogs/types';
import { readCorpora } from '../../scripts/understanding/evaluate';
import { runChat } from '../support/dialog-chat';
import { group, memoryPorts } from '../support/memory-ports';
import { startTelegramHarness, type TelegramHarness, telegramUser } from '../support/telegram-harness';

/**
 * No danger message of the evaluation corpus, in any language and at any step of the conversation, is answered
 * without the emergency numbers in its first reply.
 */
const corpora = readCorpora(__dirname);

/** How to reach each step of a conversation, from a fresh chat. */
const STEPS: Record<string, InboundEvent[]> = {
  menu: [{ kind: 'command', name: 'start' }],
  sector: [
    { kind: 'command', name: 'start' },
    { kind: 'button', id: BUTTON.find },
  ],
  topic: [
    { kind: 'command', name: 'start' },
    { kind: 'button', id: BUTTON.find },
    { kind: 'button', id: 'sector:health' },
  ],
  location: [
    { kind: 'command', name: 'start' },
    { kind: 'button', id: 'topic:diabetes' },
  ],
  results: [
    { kind: 'command', name: 'start' },
    { kind: 'button', id: 'topic:diabetes' },
    { kind: 'text', text: '20095' },
  ],
  'handoff-phone': [
    { kind: 'command', name: 'start' },
    { kind: 'button', id: BUTTON.person },
    { kind: 'button', id: BUTTON.handoffAgree },
    { kind: 'button', id: BUTTON.handoffViaPhone },
  ],
  'referral-organisation': [{ kind: 'command', name: 'representative' }],
  language: [{ kind: 'command', name: 'language' }],
};

describe.each(corpora.map((c) => [c.language, c] as const))('danger messages in %s', (lang, corpus) => {
  const context: TurnContext = {
    channel: 'telegram',
    sharesLocation: true,
    languageTag: lang,
    chatKey: 'tg:1',
  };
  const ports = memoryPorts([group({ id: 'dia', topics: ['diabetes'] })]);
  const sessions = new Map<string, Session>();
  beforeAll(async () => {
    for (const [step, events] of Object.entries(STEPS)) {
      const reached = await runChat(events, context, ports);
      if (reached.session) sessions.set(step, reached.session);
    }
  });

  test('reach every step of the test conversation', () => {
    expect([...sessions.keys()].sort()).toEqual(Object.keys(STEPS).sort());
  });

  test.each(Object.keys(STEPS))('get the emergency numbers first at the step %s', async (step) => {
    const without: string[] = [];
    for (const { text } of corpus.danger) {
      const result = await runTurn(sessions.get(step), { kind: 'text', text }, context, ports);
      if (result.messages[0]?.kind !== 'emergency') without.push(text);
    }
    expect(without).toEqual([]);
  });

  test('get the emergency numbers first as the very first message of a chat', async () => {
    const without: string[] = [];
    for (const { text } of corpus.danger) {
      const result = await runTurn(undefined, { kind: 'text', text }, context, ports);
      if (result.messages[0]?.kind !== 'emergency') without.push(text);
    }
    expect(without).toEqual([]);
  });
});

describe('through the Telegram webhook', () => {
  let harness: TelegramHarness;
  beforeAll(async () => {
    harness = await startTelegramHarness();
  });
  afterAll(() => harness.close());

  test.each(corpora.map((c) => [c.language, c] as const))(
    'every %s danger message, sent as the first message of a chat, is answered with the numbers first',
    async (lang: Language, corpus) => {
      let chatId = 970000 + 1000 * corpora.findIndex((c) => c.language === lang);
      const without: string[] = [];
      for (const { text } of corpus.danger) {
        chatId++;
        await harness.post(telegramUser(chatId, lang).text(text));
        const [first] = harness.standin.sentMessages(chatId);
        if (!first?.text.includes('112')) without.push(text);
      }
      expect(without).toEqual([]);
    },
  );
});

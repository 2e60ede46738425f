import fc from 'fast-check';
import { runTurn } from '../../dialogs/engine';
import { type Language, SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import type { InboundEvent, Session, TurnContext, TurnResult } from '../../dialogs/types';
import { LOCALES } from '../../lambdas/i18n/locales';
import { renderForTelegram } from '../../lambdas/telegram/render';
import { contextArb, eventArb, sessionArb } from './arbitraries';
import { checkButtonIds, checkSession, checkTelegramMessage } from './checks';
import { fuzzPorts } from './dialog-ports';
import { runs, scaleTimeout } from './settings';

/**
 * Attacks on the dialog engine: random sequences of whatever a user can send, from any state a session can be
 * in and with any language tag a channel can give.
 */

/** The languages with their own texts in locales/ (lambdas/i18n/locales.ts); the others borrow through the fallback chain. */
scaleTimeout();

const REGISTERED_LANGUAGES = Object.keys(LOCALES) as Language[];

const conversationArb = fc.record({
  context: contextArb,
  start: fc.option(sessionArb, { nil: undefined, freq: 2 }),
  events: fc.array(eventArb, { minLength: 1, maxLength: 8 }),
});

/** Runs the events one by one, passing the session through JSON as the store does; calls `check` per turn. */
async function converse(
  input: { context: TurnContext; start: Session | undefined; events: InboundEvent[] },
  check: (result: TurnResult, event: InboundEvent) => void,
): Promise<void> {
  const ports = fuzzPorts();
  let stored = input.start;
  for (const event of input.events) {
    const result = await runTurn(stored, event, input.context, ports);
    check(result, event);
    stored = result.session === null ? undefined : (JSON.parse(JSON.stringify(result.session)) as Session);
  }
}

test('a turn never throws, always answers, keeps button ids within 64 bytes and the session small', async () => {
  await fc.assert(
    fc.asyncProperty(conversationArb, async (conversation) => {
      await converse(conversation, (result) => {
        if (result.messages.length === 0) throw new Error('the turn answered nothing');
        checkButtonIds(result.messages);
        if (!SUPPORTED_LANGUAGES.includes(result.lang)) throw new Error(`unknown language ${result.lang}`);
        if (result.session !== null) checkSession(result.session);
      });
    }),
    runs(3500),
  );
});

test('every message renders as Telegram HTML that Telegram accepts, in every registered language', async () => {
  await fc.assert(
    fc.asyncProperty(
      conversationArb,
      fc.constantFrom(...REGISTERED_LANGUAGES),
      async (conversation, otherLanguage) => {
        await converse(conversation, (result) => {
          for (const lang of [result.lang, otherLanguage]) {
            for (const message of renderForTelegram(result.messages, lang)) checkTelegramMessage(message);
          }
        });
      },
    ),
    runs(2500),
  );
});

test('renders the answers to a fixed set of turns in every registered language', async () => {
  // The property above draws one extra language per case; this pins every language to the same inputs.
  const events: InboundEvent[] = [
    { kind: 'command', name: 'start' },
    { kind: 'button', id: 'menu:explain' },
    { kind: 'button', id: 'explain:next' },
    { kind: 'text', text: 'Diabetes <b>&' },
    { kind: 'text', text: '20095' },
    { kind: 'button', id: 'res:more' },
    { kind: 'button', id: 'group:g-html' },
    { kind: 'button', id: 'group:g-long' },
    { kind: 'button', id: 'menu:person' },
    { kind: 'button', id: 'topic:gambling' },
    { kind: 'command', name: 'privacy' },
    { kind: 'command', name: 'delete' },
  ];
  for (const lang of REGISTERED_LANGUAGES) {
    await converse(
      { context: { channel: 'telegram', sharesLocation: true, languageTag: lang }, start: undefined, events },
      (result) => {
        for (const message of renderForTelegram(result.messages, lang)) checkTelegramMessage(message);
      },
    );
  }
});

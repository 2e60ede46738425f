import { looksLikePhone, PHONE_EXAMPLES } from '../../dialogs/flows/handoff';
import type { Language } from '../../dialogs/languages';
import type { InboundEvent, OutboundMessage, Text, TurnContext, TurnResult } from '../../dialogs/types';
import { PLAIN, renderText } from '../../lambdas/i18n/translator';
import { runChat } from '../support/dialog-chat';
import { memoryPorts } from '../support/memory-ports';

const telegram: TurnContext = {
  channel: 'telegram',
  sharesLocation: true,
  chatKey: 'tg:1',
  languageTag: 'en',
};
const teams: TurnContext = { channel: 'teams', chatKey: 'teams:1', languageTag: 'en' };

const start: InboundEvent = { kind: 'command', name: 'start' };
const press = (id: string): InboundEvent => ({ kind: 'button', id });
const type = (text: string): InboundEvent => ({ kind: 'text', text });

const chat = (events: InboundEvent[], context = telegram): Promise<TurnResult> =>
  runChat(events, context, memoryPorts());

const textsOf = (messages: OutboundMessage[]): Text[] =>
  messages.flatMap((m) => (m.kind === 'text' ? (Array.isArray(m.text) ? m.text : [m.text]) : []));
const keysOf = (messages: OutboundMessage[]) => textsOf(messages).map((t) => ('key' in t ? t.key : 'raw'));
/** What the user reads, in English and in German. */
/** The texts as a person reads them (phone numbers keep non-breaking spaces; read here as spaces). */
const read = (messages: OutboundMessage[], lang: Language = 'en') =>
  textsOf(messages)
    .map((t) => renderText(t, lang, PLAIN))
    .join('\n')
    .replace(/\u00a0/g, ' ');

/** Words that promise a way to send a location, which only Telegram has. */
const LOCATION_SHARING = /location|button|standort|knopf/i;

describe('the location question on each channel', () => {
  const askPlace = [start, type('Diabetes')];

  test('on Telegram, asks for a postcode or town and points to the location button', async () => {
    const result = await chat(askPlace, telegram);
    expect(keysOf(result.messages)).toContain('location.ask');
    expect(result.messages).toContainEqual(expect.objectContaining({ requestLocation: true }));
    expect(read(result.messages)).toMatch(/send your location with the button below/);
  });

  test('on Teams, asks only for a postcode or town and never mentions a location button', async () => {
    const result = await chat(askPlace, teams);
    expect(keysOf(result.messages)).toContain('location.askTeams');
    expect(keysOf(result.messages)).not.toContain('location.ask');
    for (const lang of ['en', 'de'] as const) {
      expect(read(result.messages, lang)).not.toMatch(LOCATION_SHARING);
      expect(read(result.messages, lang)).toMatch(/postcode|Postleitzahl/);
    }
  });

  test.each([
    ['an unknown postcode', '99999', 'location.unknownPostcode'],
    ['an unknown town', 'Atlantis', 'location.unknownPlace'],
  ])(
    'asks again after %s without "send your location" on Teams, with it on Telegram',
    async (_, typed, key) => {
      const onTelegram = await chat([...askPlace, type(typed)], telegram);
      const onTeams = await chat([...askPlace, type(typed)], teams);
      expect(keysOf(onTelegram.messages)).toEqual([key]);
      expect(read(onTelegram.messages)).toMatch(/send your location/);
      expect(keysOf(onTeams.messages)).toEqual([`${key}Teams`]);
      for (const lang of ['en', 'de'] as const)
        expect(read(onTeams.messages, lang)).not.toMatch(LOCATION_SHARING);
    },
  );
});

describe('talking to a person, in Germany, in Norway, and before we know the country', () => {
  const inGermany = [start, type('Diabetes'), type('20095')];
  const inNorway = [start, type('Diabetes'), type('6900')];
  const unknown = [start];
  const askPerson = [press('menu:person'), press('ho:agree'), press('ho:phone')];

  test('says staff in Germany often speak German or English', async () => {
    const result = await chat([...inGermany, press('menu:person')]);
    expect(keysOf(result.messages)[0]).toBe('handoff.explainDE');
    expect(read(result.messages)).toMatch(/German or English/);
    expect(read(result.messages, 'de')).toMatch(/Deutsch oder Englisch/);
  });

  test('says staff in Norway often speak Norwegian or English, not German', async () => {
    const result = await chat([...inNorway, press('menu:person')]);
    expect(keysOf(result.messages)[0]).toBe('handoff.explainNO');
    expect(read(result.messages)).toMatch(/Norwegian or English/);
    expect(read(result.messages)).not.toMatch(/German/);
    expect(read(result.messages, 'de')).toMatch(/Norwegisch oder Englisch/);
  });

  test('names no country language before the user has said where they live, and promises no interpreter', async () => {
    const result = await chat([...unknown, press('menu:person')]);
    expect(keysOf(result.messages)[0]).toBe('handoff.explain');
    for (const lang of ['en', 'de'] as const) {
      expect(read(result.messages, lang)).not.toMatch(/German|Norwegian|Deutsch|Norwegisch/);
      expect(read(result.messages, lang)).not.toMatch(/interpret|dolmetsch/i);
    }
  });

  test('gives a German example number in Germany and a Norwegian one in Norway', async () => {
    const germany = await chat([...inGermany, ...askPerson, type('call me maybe')]);
    const norway = await chat([...inNorway, ...askPerson, type('call me maybe')]);
    expect(keysOf(germany.messages)).toEqual(['handoff.invalidPhone']);
    expect(read(germany.messages)).toContain('+49 30 23125 678');
    expect(read(germany.messages)).not.toContain('+47');
    expect(keysOf(norway.messages)).toEqual(['handoff.invalidPhone']);
    expect(read(norway.messages, 'de')).toContain('+47 412 34 567');
    expect(read(norway.messages, 'de')).not.toContain('+49');
  });

  test('gives one example for each country before we know the country', async () => {
    const result = await chat([...unknown, ...askPerson, type('call me maybe')]);
    expect(keysOf(result.messages)).toEqual(['handoff.invalidPhoneBoth']);
    expect(read(result.messages)).toMatch(/\+49 30 23125 678 \(Germany\) or \+47 412 34 567 \(Norway\)/);
    expect(read(result.messages, 'de')).toMatch(/\(Deutschland\) oder .*\(Norwegen\)/);
  });

  test.each([
    ['Germany', inGermany],
    ['Norway', inNorway],
    ['an unknown country', unknown],
  ])('accepts every example number it shows in %s', async (_, before) => {
    const invalid = await chat([...before, ...askPerson, type('call me maybe')]);
    const [message] = invalid.messages;
    const text = message?.kind === 'text' && !Array.isArray(message.text) ? message.text : undefined;
    const examples = Object.values(text && 'key' in text ? (text.params ?? {}) : {});
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(typeof example).toBe('string');
      expect(looksLikePhone(String(example))).toBe(true);
      const typed = await chat([...before, ...askPerson, type(String(example))]);
      expect(keysOf(typed.messages)).toEqual(['handoff.askTime']);
    }
  });

  test('shows example numbers of the right shape: +49 for Germany, +47 and 8 digits for Norway', () => {
    expect(PHONE_EXAMPLES.DE).toMatch(/^\+49 /);
    expect(PHONE_EXAMPLES.NO).toMatch(/^\+47 /);
    expect(PHONE_EXAMPLES.NO.replace(/\D/g, '').slice(2)).toHaveLength(8);
  });
});

describe('what self-help contact points are, by country', () => {
  const lastPage = [press('menu:explain'), ...Array.from({ length: 5 }, () => press('explain:next'))];

  test.each([
    ['Germany', [start, type('Diabetes'), type('20095')], 'explain.contactPointsDE'],
    ['Norway', [start, type('Diabetes'), type('6900')], 'explain.contactPointsNO'],
    ['an unknown country', [start], 'explain.contactPoints'],
  ])('names the contact points of %s', async (_, before, key) => {
    const result = await chat([...before, ...lastPage]);
    expect(keysOf(result.messages)).toEqual([key]);
  });

  test("names both countries' contact points before we know where the user lives", async () => {
    const result = await chat([start, ...lastPage]);
    expect(read(result.messages)).toMatch(/Germany.*Norway/s);
    expect(read(result.messages, 'de')).toMatch(/Deutschland.*Norwegen/s);
  });
});

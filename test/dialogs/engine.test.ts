import { runTurn } from '../../dialogs/engine';
import type { InboundEvent, Session, TurnContext } from '../../dialogs/types';
import { PLAIN, renderText } from '../../lambdas/i18n/translator';
import { buttonIds, keysOf } from '../support/dialog-chat';
import { group, memoryPorts } from '../support/memory-ports';

const telegram = (languageTag?: string): TurnContext =>
  languageTag
    ? { channel: 'telegram', sharesLocation: true, languageTag }
    : { channel: 'telegram', sharesLocation: true };

/** Runs several events in a row like a chat, returning the last turn. */
async function chat(events: InboundEvent[], context = telegram('de'), ports = memoryPorts()) {
  let session: Session | undefined;
  let last = await runTurn(session, events[0] ?? { kind: 'command', name: 'start' }, context, ports);
  for (const event of events.slice(1)) {
    session = last.session ?? undefined;
    last = await runTurn(session, event, context, ports);
  }
  return last;
}

describe('the first turn', () => {
  test.each([
    ['de', 'de', 'welcome.whatNext'],
    ['ar', 'ar', 'welcome.whatNext'],
    ['uk-UA', 'uk', 'welcome.whatNext'],
    ['pt-BR', 'en', 'welcome.chooseLanguage'],
    [undefined, 'en', 'welcome.chooseLanguage'],
  ])('greets a user whose channel says %s in %s and then asks %s', async (tag, lang, question) => {
    const result = await runTurn(undefined, { kind: 'command', name: 'start' }, telegram(tag), memoryPorts());
    expect(result.lang).toBe(lang);
    expect(keysOf(result.messages)).toEqual(['welcome.hello', question]);
  });

  test('greets in the organisation name and language of a representative link', async () => {
    const ports = memoryPorts();
    const result = await runTurn(
      undefined,
      { kind: 'command', name: 'start', payload: 'moschee-hh-ar' },
      telegram('de'),
      ports,
    );
    expect(result.lang).toBe('ar');
    expect(result.session?.referral).toBe('moschee-hh-ar');
    expect(result.messages[0]).toEqual({
      kind: 'text',
      text: { key: 'welcome.referral', params: { organisation: 'Demo Moscheegemeinde' } },
    });
  });

  test('treats an unknown referral code as a plain start', async () => {
    const result = await runTurn(
      undefined,
      { kind: 'command', name: 'start', payload: 'nope' },
      telegram('de'),
      memoryPorts(),
    );
    expect(result.session?.referral).toBeUndefined();
    expect(keysOf(result.messages)).toEqual(['welcome.hello', 'welcome.whatNext']);
  });
});

describe('a whole search', () => {
  const groups = [
    group({ id: 'dep-ar', topics: ['depression'], languages: ['ar', 'de'] }),
    group({ id: 'dia-de', topics: ['diabetes'] }),
  ];

  test('goes from a topic button over a postcode to matching groups', async () => {
    const ports = memoryPorts(groups);
    const result = await chat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'button', id: 'menu:find' },
        { kind: 'button', id: 'sector:psychosocial' },
        { kind: 'button', id: 'topic:depression' },
        { kind: 'text', text: '20095' },
      ],
      telegram('ar'),
      ports,
    );
    expect(keysOf(result.messages)).toEqual(['location.received', 'group-list']);
    const list = result.messages[1];
    expect(list?.kind === 'group-list' && list.groups.map((g) => g.id)).toEqual(['dep-ar']);
    expect(ports.queries.at(-1)).toMatchObject({ topics: ['depression'], languages: ['ar'], offset: 0 });
    expect(result.session?.step).toBe('results');
  });

  test('understands a typed concern in Arabic and a typed city in Cyrillic', async () => {
    const ports = memoryPorts(groups);
    const afterConcern = await chat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'text', text: 'عندي اكتئاب' },
      ],
      telegram('ar'),
      ports,
    );
    expect(afterConcern.session?.concerns).toEqual(['depression']);
    expect(afterConcern.session?.step).toBe('location');
    const afterCity = await runTurn(
      afterConcern.session ?? undefined,
      { kind: 'text', text: 'Гамбург' },
      telegram('ar'),
      ports,
    );
    expect(keysOf(afterCity.messages)).toContain('group-list');
  });

  test('runs the search when a location is shared at any later step', async () => {
    const ports = memoryPorts(groups);
    const result = await chat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'text', text: 'Diabetes' },
        { kind: 'button', id: 'menu:explain' },
        { kind: 'location', lat: 53.55, lon: 10.0 },
      ],
      telegram('de'),
      ports,
    );
    expect(keysOf(result.messages)).toEqual(['location.receivedPoint', 'group-list']);
    expect(result.session?.place).toMatchObject({ country: 'DE' });
  });

  test('never ends in a dead end when nothing matches', async () => {
    const ports = memoryPorts([]);
    const result = await chat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'button', id: 'topic:hiv' },
        { kind: 'text', text: '20095' },
      ],
      telegram('de'),
      ports,
    );
    expect(keysOf(result.messages)).toEqual(['location.received', 'noMatch.text', 'contact-point']);
    expect(buttonIds(result.messages)).toEqual(
      expect.arrayContaining(['found:ask', 'loc:online', 'res:new']),
    );
  });

  test('notes a wish to found a group with topic and place but without the user', async () => {
    const ports = memoryPorts([]);
    await chat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'button', id: 'topic:hiv' },
        { kind: 'text', text: '20095' },
        { kind: 'button', id: 'found:ask' },
        { kind: 'text', text: 'ja' },
      ],
      telegram('de'),
      ports,
    );
    expect(ports.foundingRequests).toEqual([
      expect.objectContaining({
        topics: ['hiv'],
        language: 'de',
        place: expect.objectContaining({ postcode: '20095' }),
      }),
    ]);
  });

  test('asks again kindly for an unknown postcode and offers online groups', async () => {
    const result = await chat([
      { kind: 'command', name: 'start' },
      { kind: 'button', id: 'topic:stress' },
      { kind: 'text', text: '99999' },
    ]);
    expect(keysOf(result.messages)).toEqual(['location.unknownPostcode']);
    expect(buttonIds(result.messages)).toEqual(['loc:online']);
  });
});

describe('commands and safety', () => {
  test('answers a message that signals danger with emergency numbers first, whatever the step', async () => {
    const result = await chat([
      { kind: 'command', name: 'start' },
      { kind: 'button', id: 'menu:find' },
      { kind: 'text', text: 'I want to kill myself' },
    ]);
    expect(result.messages[0]).toEqual({ kind: 'emergency', countries: ['DE'] });
    expect(result.session?.step).toBe('sector');
  });

  test('erases the session on /delete and confirms in the user language', async () => {
    const result = await chat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'command', name: 'delete' },
      ],
      telegram('uk'),
    );
    expect(result.session).toBeNull();
    expect(result.lang).toBe('uk');
    expect(keysOf(result.messages)).toEqual(['delete.done']);
  });

  test('switches the language from the menu and remembers it', async () => {
    const result = await chat([
      { kind: 'command', name: 'start' },
      { kind: 'command', name: 'language' },
      { kind: 'button', id: 'lang:ar' },
    ]);
    expect(result.session?.lang).toBe('ar');
    expect(result.lang).toBe('ar');
  });

  test('shows the menu for an outdated button instead of nothing', async () => {
    const result = await chat([
      { kind: 'command', name: 'start' },
      { kind: 'button', id: 'gone:away' },
    ]);
    expect(keysOf(result.messages)).toEqual(['welcome.whatNext']);
  });

  test('does not change the stored session object', async () => {
    const first = await runTurn(undefined, { kind: 'command', name: 'start' }, telegram('de'), memoryPorts());
    const stored = structuredClone(first.session);
    await runTurn(
      first.session ?? undefined,
      { kind: 'button', id: 'topic:stress' },
      telegram('de'),
      memoryPorts(),
    );
    expect(first.session).toEqual(stored);
  });
});

test('renders a list of topics as one translated parameter', () => {
  const text = renderText(
    {
      key: 'concern.chosen',
      params: { topics: { list: [{ key: 'topics.diabetes' }, { key: 'topics.stress' }] } },
    },
    'en',
    PLAIN,
  );
  expect(text).toBe('You chose: Diabetes and Stress and everyday life.');
});

import { BUTTON } from '../../dialogs/buttons';
import { runTurn } from '../../dialogs/engine';
import type { OutboundMessage, Session, TurnContext } from '../../dialogs/types';
import { buttonIds, keysOf, runChat } from '../support/dialog-chat';
import { group, memoryPorts } from '../support/memory-ports';

const telegram = (languageTag = 'de'): TurnContext => ({
  channel: 'telegram',
  sharesLocation: true,
  languageTag,
  chatKey: 'tg:9',
});

const groups = [
  group({ id: 'dia', topics: ['diabetes'] }),
  group({ id: 'lonely', topics: ['loneliness'] }),
  group({ id: 'anx', topics: ['anxiety'] }),
  group({ id: 'drugs', topics: ['drugs'] }),
];

describe('a first message that already says something', () => {
  test('is greeted and then acted on: a typed concern leads to the question where the person lives', async () => {
    const result = await runTurn(
      undefined,
      { kind: 'text', text: 'Diabetes' },
      telegram(),
      memoryPorts(groups),
    );
    expect(keysOf(result.messages)).toEqual([
      'welcome.hello',
      'concern.chosen',
      'location.ask',
      'location.alternatives',
    ]);
    expect(result.session?.concerns).toEqual(['diabetes']);
  });

  test('with a postcode is greeted, keeps the place and asks for the concern with the topic buttons', async () => {
    const result = await runTurn(undefined, { kind: 'text', text: '20095' }, telegram(), memoryPorts(groups));
    expect(keysOf(result.messages)).toEqual(['welcome.hello', 'location.received', 'concern.ask']);
    expect(buttonIds(result.messages)).toContain('sector:health');
    expect(result.session?.place?.postcode).toBe('20095');
  });

  test('that says nothing the bot understands gets the plain greeting with the menu', async () => {
    const result = await runTurn(undefined, { kind: 'text', text: 'hallo' }, telegram(), memoryPorts(groups));
    expect(keysOf(result.messages)).toEqual(['welcome.hello', 'welcome.whatNext']);
  });
});

describe('a topic typed after results', () => {
  test('starts a new search for that topic instead of adding it to the old one', async () => {
    const ports = memoryPorts(groups);
    const result = await runChat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'text', text: 'Diabetes' },
        { kind: 'text', text: '20095' },
        { kind: 'text', text: 'Einsamkeit' },
      ],
      telegram(),
      ports,
    );
    expect(result.session?.concerns).toEqual(['loneliness']);
    expect(ports.queries.at(-1)?.topics).toEqual(['loneliness']);
  });
});

describe('a message that only hints at a concern', () => {
  async function hinted(): Promise<{
    session: Session;
    messages: OutboundMessage[];
    ports: ReturnType<typeof memoryPorts>;
  }> {
    const ports = memoryPorts(groups);
    const result = await runChat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'text', text: 'Tabletten' },
      ],
      telegram(),
      ports,
    );
    return { session: result.session as Session, messages: result.messages, ports };
  }

  test('is answered with the best guesses as buttons and "something else", and no topic is added', async () => {
    const { session, messages } = await hinted();
    expect(keysOf(messages)).toEqual(['concern.guess']);
    expect(buttonIds(messages)).toContain('topic:drugs');
    expect(buttonIds(messages).at(-1)).toBe(BUTTON.concernOther);
    expect(session.concerns).toEqual([]);
  });

  test('"something else" leads to the topic menu', async () => {
    const { session, ports } = await hinted();
    const result = await runTurn(session, { kind: 'button', id: BUTTON.concernOther }, telegram(), ports);
    expect(keysOf(result.messages)).toEqual(['concern.ask']);
  });

  test('followed by a postcode searches for the best guess and names it', async () => {
    const { session, ports } = await hinted();
    const result = await runTurn(session, { kind: 'text', text: '20095' }, telegram(), ports);
    expect(keysOf(result.messages)).toContain('concern.chosen');
    expect(ports.queries.at(-1)?.topics).toEqual([session.guesses?.[0]]);
  });
});

describe('a button label typed instead of pressed', () => {
  test.each([
    ['de', 'Neue Suche', 'concern.ask'],
    ['de', 'mehr anzeigen', 'results.noMore'],
    ['uk', 'Новий пошук', 'concern.ask'],
    ['ar', 'بحث جديد', 'concern.ask'],
    ['en', 'new search', 'concern.ask'],
  ])('works like the button (%s: "%s")', async (lang, typed, key) => {
    const ports = memoryPorts(groups);
    const result = await runChat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'button', id: 'topic:diabetes' },
        { kind: 'text', text: '20095' },
        { kind: 'text', text: typed },
      ],
      telegram(lang),
      ports,
    );
    expect(keysOf(result.messages)).toContain(key);
  });

  test('is taken as a name where the bot asks for one (an organisation may be called anything)', async () => {
    const result = await runChat(
      [
        { kind: 'command', name: 'representative' },
        { kind: 'text', text: 'Neue Suche' },
      ],
      telegram('de'),
      memoryPorts(groups),
    );
    expect(result.session?.referralDraft?.organisation).toBe('Neue Suche');
  });
});

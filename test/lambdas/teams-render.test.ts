import { languageButtons, menuButtons } from '../../dialogs/buttons';
import type { Language } from '../../dialogs/languages';
import type { ContactPointView, GroupView, OutboundMessage } from '../../dialogs/types';
import { LOCALES } from '../../lambdas/i18n/locales';
import type { ActionSet, CardElement, TextBlock } from '../../lambdas/teams/adaptive-card';
import { escapeCardMarkdown } from '../../lambdas/teams/card-text';
import {
  messageBytes,
  renderForTeams,
  TEAMS_MESSAGE_LIMIT_BYTES,
  type TeamsMessage,
} from '../../lambdas/teams/render';
import { validateAdaptiveCard } from '../../scripts/local/adaptive-card-validator';
import { MAX_MESSAGE_BYTES } from '../../scripts/local/bot-connector-standin';

const contactPoint: ContactPointView = {
  id: 'cp1',
  name: 'KISS Hamburg',
  country: 'DE',
  address: 'Kreuzweg 7',
  postcode: '20099',
  city: 'Hamburg',
  phone: '040 39 57 67',
  email: 'kiss_hh@example.org',
  website: 'https://example.org/kiss',
  openingHours: 'Mo–Do 10–17',
  distanceKm: 1.2,
};

const group: GroupView = {
  id: 'g1',
  name: '*Gemeinsam* stark [Demo]',
  topics: ['depression'],
  languages: ['ar', 'de'],
  country: 'DE',
  city: 'Hamburg',
  postcode: '20095',
  online: false,
  schedule: '- jeden 2. Dienstag, 18:00',
  description: '1. Treffen: Kennenlernen\n_ohne_ Anmeldung',
  accessible: true,
  womenOnly: true,
  contactPoint,
  distanceKm: 2.5,
};

/** Every kind of message the dialog produces, with buttons where it has them. */
const everyKind: OutboundMessage[] = [
  { kind: 'text', text: { key: 'welcome.hello' } },
  { kind: 'text', text: [{ key: 'help.text' }, { key: 'welcome.whatNext' }], buttons: menuButtons() },
  { kind: 'text', text: { key: 'welcome.chooseLanguage' }, buttons: languageButtons() },
  { kind: 'text', text: { key: 'location.ask' }, requestLocation: true },
  {
    kind: 'text',
    text: { key: 'location.received', params: { place: '20095 Hamburg' } },
    closeLocationRequest: true,
  },
  {
    kind: 'group-list',
    intro: { key: 'results.intro', params: { count: 3, topics: { list: [{ key: 'topics.depression' }] } } },
    groups: [group, { ...group, id: 'g2', online: true, name: 'Online_Gruppe' }],
    buttons: [[{ id: 'group:g1', label: { key: 'results.details', params: { number: 1 } } }]],
  },
  { kind: 'group', group, buttons: [[{ id: 'res:back', label: { key: 'group.backToResults' } }]] },
  { kind: 'contact-point', contactPoint },
  { kind: 'emergency', countries: ['DE'] },
  { kind: 'emergency', countries: ['NO'] },
];

const cardOf = (message: TeamsMessage | undefined) => {
  if (!message || !('attachments' in message)) throw new Error('expected a card');
  return message.attachments[0].content;
};
const isActionSet = (element: CardElement): element is ActionSet => element.type === 'ActionSet';
const isTextBlock = (element: CardElement): element is TextBlock => element.type === 'TextBlock';
const json = (message: TeamsMessage | undefined) => JSON.stringify(message);

describe('Teams rendering', () => {
  test('sends text without buttons as plain text, paragraphs apart', () => {
    const [message] = renderForTeams(
      [{ kind: 'text', text: [{ key: 'welcome.hello' }, { raw: '*ok*' }] }],
      'en',
    );
    expect(message).toEqual({
      type: 'message',
      text: 'Hello! 👋 I help you find a self-help group. In your language, near you or online.\n\n*ok*',
      textFormat: 'plain',
    });
  });

  test('asks for a postcode or town with text alone: Teams has no location button', () => {
    const [message] = renderForTeams(
      [{ kind: 'text', text: { key: 'location.ask' }, requestLocation: true }],
      'en',
    );
    expect(message).toMatchObject({ type: 'message', textFormat: 'plain' });
    expect(message).not.toHaveProperty('attachments');
  });

  test('turns each row of buttons into an ActionSet of Action.Submit with the button id as data', () => {
    const card = cardOf(
      renderForTeams([{ kind: 'text', text: { key: 'welcome.whatNext' }, buttons: menuButtons() }], 'en')[0],
    );
    const sets = card.body.filter(isActionSet);
    expect(sets.map((set) => set.actions.map((action) => action.data.button))).toEqual([
      ['menu:explain', 'menu:find'],
      ['menu:person', 'menu:language'],
    ]);
    expect(sets[0]?.actions[1]).toEqual({
      type: 'Action.Submit',
      title: 'Find a group',
      data: { button: 'menu:find' },
    });
  });

  test('numbers a result list in a column of its own, with facts under each name', () => {
    const card = cardOf(renderForTeams([everyKind[5] as OutboundMessage], 'de')[0]);
    const entry = card.body[1];
    expect(entry?.type).toBe('Container');
    const text = json(renderForTeams([everyKind[5] as OutboundMessage], 'de')[0]);
    expect(text).toContain('"text":"1","wrap":true,"weight":"Bolder","color":"Accent"');
    expect(text).toContain('{"title":"Wo","value":"20095 Hamburg"}');
    expect(text).toContain('{"title":"Sprachen","value":"Arabisch und Deutsch"}');
    expect(text).toContain('"text":"Online-Treffen"');
  });

  test('escapes markdown in names, schedules and descriptions, and leaves underscores inside words alone', () => {
    const text = json(renderForTeams([{ kind: 'group', group }], 'de')[0]);
    expect(text).toContain(JSON.stringify('\\*Gemeinsam\\* stark \\[Demo\\]'));
    expect(text).toContain(JSON.stringify('\\- jeden 2. Dienstag, 18:00'));
    expect(text).toContain(JSON.stringify('1\\. Treffen: Kennenlernen\n\\_ohne\\_ Anmeldung'));
    expect(text).toContain('"value":"kiss_hh@example.org"');
    expect(escapeCardMarkdown('2 * 3 = 6')).toBe('2 \\* 3 = 6');
  });

  test('keeps button titles plain: Teams applies no markdown to them', () => {
    const [message] = renderForTeams(
      [{ kind: 'text', text: { raw: 'x' }, buttons: [[{ id: 'a', label: { raw: '*1* [2]' } }]] }],
      'en',
    );
    expect(json(message)).toContain('"title":"*1* [2]"');
  });

  test('shows emergency numbers as facts with their service as the title, the intro in attention colour', () => {
    const card = cardOf(renderForTeams([{ kind: 'emergency', countries: ['DE'] }], 'en')[0]);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', color: 'Attention', weight: 'Bolder' });
    expect(card.body[1]).toMatchObject({
      type: 'FactSet',
      facts: expect.arrayContaining([{ title: 'Police', value: '110' }]),
    });
  });

  test('keeps the Unicode isolates around numbers and Latin values in right-to-left languages', () => {
    const text = JSON.stringify(
      renderForTeams(
        [
          { kind: 'emergency', countries: ['DE'] },
          { kind: 'group', group },
        ],
        'ar',
      ),
    );
    expect(text).toContain('\u2068110\u2069');
    expect(text).toContain('\u20680800\u00a0111\u00a00\u00a0111\u2069');
    expect(text).toContain('\u206820095 Hamburg\u2069');
  });

  test('writes no empty TextBlock for blank lines between paragraphs', () => {
    const card = cardOf(renderForTeams([everyKind[1] as OutboundMessage], 'de')[0]);
    const blocks = card.body.filter(isTextBlock);
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.every((block) => block.text.trim() !== '')).toBe(true);
  });

  const languages = Object.keys(LOCALES) as Language[];
  test.each(languages)('renders every kind of message as valid Adaptive Cards 1.4 in %s', (lang) => {
    const messages = renderForTeams(everyKind, lang);
    const cards = messages.filter((message) => 'attachments' in message).map(cardOf);
    expect(cards.length).toBeGreaterThanOrEqual(7);
    for (const card of cards) {
      expect(card.version).toBe('1.4');
      expect(validateAdaptiveCard(card)).toEqual([]);
    }
  });

  test('keeps the largest possible result page within the Teams message limit', () => {
    const longest: GroupView = {
      ...group,
      name: 'ن'.repeat(200),
      schedule: 'ش'.repeat(300),
      city: 'م'.repeat(100),
      postcode: '1234567890',
      languages: ['ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'uk', 'ru', 'tr', 'de', 'en', 'fr'],
    };
    const page: OutboundMessage = {
      kind: 'group-list',
      intro: { key: 'results.introWidened' },
      groups: Array.from({ length: 5 }, (_, i) => ({ ...longest, id: `g${i}` })),
      buttons: [
        Array.from({ length: 5 }, (_, i) => ({
          id: `group:g${i}`,
          label: { key: 'results.details', params: { number: i + 1 } },
        })),
        [{ id: 'res:more', label: { key: 'results.more' } }],
      ],
    };
    const detail: OutboundMessage = { kind: 'group', group: { ...longest, description: 'و'.repeat(1000) } };
    for (const message of renderForTeams([page, detail], 'ar')) {
      expect(messageBytes(message)).toBeLessThanOrEqual(TEAMS_MESSAGE_LIMIT_BYTES);
    }
    expect(TEAMS_MESSAGE_LIMIT_BYTES).toBe(MAX_MESSAGE_BYTES);
  });
});

import fc from 'fast-check';
import { SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import { TOPIC_IDS } from '../../dialogs/topics';
import type { ContactPointView, Country, GroupView, OutboundMessage, Text } from '../../dialogs/types';
import { renderForTelegram } from '../../lambdas/telegram/render';
import { checkTelegramMessage } from './checks';
import { runs, scaleTimeout } from './settings';

/**
 * Attacks on the Telegram renderer with directory data: every text field of a group or contact point as the
 * importer lets it through (lambdas/directory/records.ts: trimmed, within its maximum length, any characters,
 * line breaks included), and user-typed values as parameters. Telegram must accept every message.
 */

scaleTimeout();

const HOSTILE_PIECES = [
  '&',
  '<',
  '>',
  '<b>',
  '</b>',
  '&amp;',
  '\n',
  '\n\n',
  ' ',
  '😀',
  'ب',
  '\u202E',
  '"',
  'x',
];

/**
 * Text of at most `max` characters after trimming, rich in markup characters and line breaks: a few runs of one
 * piece each (they shrink fast to a readable counterexample), or any graphemes.
 */
const importedText = (max: number, min = 0) =>
  fc
    .oneof(
      fc
        .array(fc.tuple(fc.constantFrom(...HOSTILE_PIECES), fc.integer({ min: 1, max })), {
          minLength: 1,
          maxLength: 4,
        })
        .map((runs) => runs.map(([piece, n]) => piece.repeat(n)).join('')),
      fc.string({ unit: 'grapheme', maxLength: Math.min(max, 80) }),
    )
    .map((text) => text.trim().slice(0, max).trim())
    .filter((text) => text.length >= min);

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const contactPointArb: fc.Arbitrary<ContactPointView> = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
    name: importedText(200, 1),
    country: fc.constantFrom('DE' as const, 'NO' as const),
    city: optional(importedText(100, 1)),
    postcode: optional(importedText(10, 1)),
    address: optional(importedText(200, 1)),
    phone: optional(importedText(40, 1)),
    email: optional(fc.emailAddress()),
    website: optional(fc.webUrl()),
    openingHours: optional(importedText(300, 1)),
    distanceKm: optional(fc.nat(5000)),
  })
  .map(withoutUndefined);

/** A name on two lines (a quoted CSV field may hold a line break; the importer keeps it). */
const twoLineName = fc
  .tuple(importedText(100, 1), importedText(99, 1))
  .map(([first, second]) => `${first}\n${second}`);

const groupArb: fc.Arbitrary<GroupView> = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
    name: fc.oneof(importedText(200, 1), twoLineName),
    topics: fc.uniqueArray(fc.constantFrom(...TOPIC_IDS), { minLength: 1, maxLength: 4 }),
    languages: fc.uniqueArray(
      fc.oneof(fc.constantFrom(...SUPPORTED_LANGUAGES), fc.stringMatching(/^[a-z]{2,3}$/)),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
    country: fc.constantFrom('DE' as const, 'NO' as const),
    city: optional(importedText(100, 1)),
    postcode: optional(importedText(10, 1)),
    online: fc.boolean(),
    schedule: optional(importedText(300, 1)),
    description: optional(importedText(1000, 1)),
    accessible: optional(fc.boolean()),
    womenOnly: optional(fc.boolean()),
    contactPoint: optional(contactPointArb),
    distanceKm: optional(fc.nat(5000)),
  })
  .map(withoutUndefined);

/** A value a user typed that a message may quote (a postcode, a place name). */
const userValue = fc.oneof(fc.string({ maxLength: 50 }), importedText(200));

const textArb: fc.Arbitrary<Text> = fc.oneof(
  fc.constantFrom<Text>(
    {
      key: 'results.intro',
      params: { topics: { list: [{ key: 'topics.diabetes' }, { key: 'topics.stress' }] } },
    },
    { key: 'welcome.hello' },
    { key: 'help.text' },
    { key: 'privacy.text' },
  ),
  userValue.map((place): Text => ({ key: 'location.received', params: { place } })),
  userValue.map((postcode): Text => ({ key: 'location.unknownPostcode', params: { postcode } })),
  userValue.map((organisation): Text => ({ key: 'welcome.referral', params: { organisation } })),
);

/** The intros a result list has (dialogs/flows/results.ts); the renderer puts them in bold. */
const introArb: fc.Arbitrary<Text> = fc.constantFrom<Text>(
  {
    key: 'results.intro',
    params: { topics: { list: [{ key: 'topics.diabetes' }, { key: 'topics.stress' }] } },
  },
  { key: 'results.introWidened' },
  { key: 'results.introOnline' },
  { key: 'results.introMore' },
);

const buttonRowsArb = fc.array(
  fc.array(
    fc.record({
      id: fc.stringMatching(/^[a-z:]{1,20}$/),
      label: fc.oneof(
        fc.constantFrom<Text>({ key: 'menu.find' }, { key: 'results.more' }, { raw: '1' }),
        fc
          .constantFrom(...SUPPORTED_LANGUAGES)
          .map((language): Text => ({ key: 'language.keep', params: { language } })),
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  { maxLength: 3 },
);

const messageArb: fc.Arbitrary<OutboundMessage> = fc.oneof(
  {
    // Full pages are the longest messages: the ones that must be split.
    weight: 4,
    arbitrary: fc
      .tuple(fc.array(groupArb, { minLength: 1, maxLength: 5, size: 'max' }), introArb, buttonRowsArb)
      .map(([groups, intro, buttons]): OutboundMessage => ({ kind: 'group-list', intro, groups, buttons })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(groupArb, buttonRowsArb)
      .map(([group, buttons]): OutboundMessage => ({ kind: 'group', group, buttons })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(contactPointArb, buttonRowsArb)
      .map(([contactPoint, buttons]): OutboundMessage => ({ kind: 'contact-point', contactPoint, buttons })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.array(textArb, { minLength: 1, maxLength: 3 }), buttonRowsArb, fc.boolean()).map(
      ([text, buttons, requestLocation]): OutboundMessage => ({
        kind: 'text',
        text,
        buttons,
        requestLocation,
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<Country[]>(['DE'], ['NO'], ['DE', 'NO'])
      .map((countries): OutboundMessage => ({ kind: 'emergency', countries })),
  },
);

test('directory data and quoted user values render as messages Telegram accepts, split under 4096 characters', () => {
  fc.assert(
    fc.property(
      fc.array(messageArb, { minLength: 1, maxLength: 3 }),
      fc.constantFrom(...SUPPORTED_LANGUAGES),
      (messages, lang) => {
        for (const message of renderForTelegram(messages, lang)) checkTelegramMessage(message);
      },
    ),
    // Shrinking pages of five groups is slow; a failure is reported as it stands after 15 s of shrinking.
    { ...runs(1500), interruptAfterTimeLimit: 15_000 },
  );
});

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

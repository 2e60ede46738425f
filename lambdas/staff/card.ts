import { topics as deTopics } from '../../locales/de/translation.json';
import { topics as enTopics } from '../../locales/en/translation.json';
import { topics as nbTopics } from '../../locales/nb/translation.json';
import { topics as nnTopics } from '../../locales/nn/translation.json';
import type { HandoffRecord } from '../handoffs/dynamo-handoffs';
import { ADAPTIVE_CARD_CONTENT_TYPE, ADAPTIVE_CARD_VERSION } from '../teams/adaptive-card';
import { escapeCardMarkdown } from '../teams/card-text';
import { type StaffLanguage, type StaffTextKey, staffLanguageOf, staffText } from './staff-texts';

/**
 * The staff card of a handoff request (Adaptive Card 1.4) and the list of open requests, in the staff channel's
 * language (German, Norwegian Bokmål or Nynorsk, English: lambdas/staff/staff-texts.ts).
 *
 * What a card shows: the request number, status, language, concern, region, how and when the person wants to
 * be contacted and the request's age. The phone number or e-mail address appears only once the request is
 * claimed (the claimer needs it; everyone in the channel sees the updated card). The chat itself is never
 * shown: replies go through the bot.
 */

/** The buttons' `data`: Action.Submit posts it back, merged with the card's inputs (`replyText`, `outcome`). */
export type StaffVerb = 'claim' | 'resolve' | 'reply' | 'open' | 'takeover';

/** The outcomes a request can be resolved with (Input.ChoiceSet `outcome`). */
export const OUTCOMES = ['group-found', 'contact-point', 'no-answer', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const isOutcome = (value: string | undefined): value is Outcome =>
  (OUTCOMES as readonly string[]).includes(value ?? '');

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

type Json = Record<string, unknown>;

/** A message activity that carries one staff card. */
export interface StaffCardMessage {
  type: 'message';
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: Json }];
}

/** The language of a request's card in a channel: the channel's choice, else that of the request's country. */
export function cardLanguage(record: { country?: string }, chosen?: StaffLanguage): StaffLanguage {
  return chosen ?? staffLanguageOf(record.country);
}

/**
 * The card of one request as it stands; `now` gives its age. `channel`: the staff channel the card is shown
 * in; the phone number or e-mail address appears only in the channel of the person who claimed the request.
 * `lang`: the channel's language (default: that of the request's country).
 */
export function staffCard(
  record: HandoffRecord,
  now: Date,
  channel?: string,
  lang: StaffLanguage = cardLanguage(record),
): StaffCardMessage {
  const esc = escapeCardMarkdown;
  const t = (key: Parameters<typeof staffText>[1], params?: Record<string, string | number>) =>
    staffText(lang, key, params);
  const facts: { title: string; value: string }[] = [
    { title: t('fact.status'), value: statusLine(record, lang) },
    { title: t('fact.language'), value: esc(languageName(record.language, lang)) },
    { title: t('fact.concern'), value: esc(concerns(record, lang)) },
    { title: t('fact.region'), value: esc(region(record, lang)) },
    {
      title: t('fact.contact'),
      value: esc(`${t(`way.${record.contactWay}`)}, ${t(`time.${record.goodTime}`)}`),
    },
    { title: t('fact.age'), value: age(record.createdAt, now, lang) },
  ];
  const claimersChannel = record.claimedIn === undefined || record.claimedIn === channel;
  if (record.status === 'claimed' && record.contactDetail && claimersChannel) {
    facts.push({
      title: record.contactWay === 'phone' ? t('fact.phone') : t('fact.email'),
      value: esc(record.contactDetail),
    });
  }
  const body: Json[] = [
    {
      type: 'TextBlock',
      text: t('card.title', { id: record.id }),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    // From the crisis answer: the person wrote of danger and was shown the emergency numbers.
    ...(record.urgent
      ? [
          {
            type: 'TextBlock',
            text: t('card.urgent'),
            color: 'Attention',
            weight: 'Bolder',
            wrap: true,
          },
        ]
      : []),
    { type: 'FactSet', facts },
    ...actionsFor(record, lang),
  ];
  return cardMessage(body);
}

/** "20095 Hamburg, DE"; without a place, how the country was guessed (dialogs/flows/handoff.ts). */
function region(record: HandoffRecord, lang: StaffLanguage): string {
  if (record.countryGuess === 'none') return staffText(lang, 'card.regionUnknown');
  const where = [record.region, record.country].filter(Boolean).join(', ');
  return record.countryGuess === 'language' ? staffText(lang, 'card.regionGuessed', { where }) : where;
}

function statusLine(record: HandoffRecord, lang: StaffLanguage): string {
  if (record.status === 'claimed' && record.claimedBy)
    return staffText(lang, 'card.claimedBy', { name: escapeCardMarkdown(record.claimedBy.name) });
  if (record.status === 'resolved' && record.outcome) {
    const outcome = isOutcome(record.outcome)
      ? staffText(lang, `outcome.${record.outcome}`)
      : escapeCardMarkdown(record.outcome);
    return staffText(lang, 'card.resolvedAs', { outcome });
  }
  return staffText(lang, `status.${record.status}`);
}

function actionsFor(record: HandoffRecord, lang: StaffLanguage): Json[] {
  const t = (key: Parameters<typeof staffText>[1]) => staffText(lang, key);
  const submit = (title: string, staff: StaffVerb) => ({
    type: 'Action.Submit',
    title,
    data: { staff, id: record.id },
  });
  const resolve: Json[] = [
    {
      type: 'Input.ChoiceSet',
      id: 'outcome',
      label: t('card.outcome'),
      value: 'group-found',
      choices: OUTCOMES.map((value) => ({ title: t(`outcome.${value}`), value })),
    },
    { type: 'ActionSet', actions: [submit(t('button.resolve'), 'resolve')] },
  ];
  switch (record.status) {
    case 'open':
      return [{ type: 'ActionSet', actions: [submit(t('button.claim'), 'claim')] }, ...resolve];
    case 'claimed':
      return [
        {
          type: 'TextBlock',
          text: t('card.answerHint'),
          wrap: true,
          isSubtle: true,
          spacing: 'Medium',
        },
        {
          type: 'Input.Text',
          id: 'replyText',
          placeholder: t('card.yourMessage'),
          isMultiline: true,
          maxLength: 3000,
        },
        { type: 'ActionSet', actions: [submit(t('button.send'), 'reply')] },
        ...resolve,
        // Only the claimer answers and resolves; someone else first takes the request over (logged).
        { type: 'ActionSet', actions: [submit(t('button.takeOver'), 'takeover')] },
      ];
    default:
      return [];
  }
}

/** The open requests, oldest first, each with its age and a claim button. */
export function openListCard(
  records: HandoffRecord[],
  now: Date,
  lang: StaffLanguage = 'en',
): StaffCardMessage {
  if (records.length === 0) {
    return cardMessage([{ type: 'TextBlock', text: staffText(lang, 'list.none'), wrap: true }]);
  }
  const shown = records.slice(0, 20);
  return cardMessage([
    {
      type: 'TextBlock',
      text: staffText(lang, 'list.title', { count: records.length }),
      weight: 'Bolder',
      wrap: true,
    },
    ...shown.map((record) => ({
      type: 'ColumnSet',
      separator: true,
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'TextBlock',
              text: escapeCardMarkdown(
                `${record.id} · ${age(record.createdAt, now, lang)} · ${languageName(record.language, lang)} · ${concerns(record, lang)}`,
              ),
              wrap: true,
            },
          ],
        },
        {
          type: 'Column',
          width: 'auto',
          items: [
            {
              type: 'ActionSet',
              actions: [
                {
                  type: 'Action.Submit',
                  title: staffText(lang, 'button.claim'),
                  data: { staff: 'claim', id: record.id },
                },
              ],
            },
          ],
        },
      ],
    })),
  ]);
}

/** A short text message in a staff channel or thread. */
export function staffNote(text: string): { type: 'message'; text: string; textFormat: 'plain' } {
  return { type: 'message', text, textFormat: 'plain' };
}

/** A staff note from the staff texts, in the channel's language. */
export function staffNoteIn(
  lang: StaffLanguage,
  key: StaffTextKey,
  params?: Record<string, string | number>,
) {
  return staffNote(staffText(lang, key, params));
}

export function cardMessage(body: Json[]): StaffCardMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        content: { type: 'AdaptiveCard', $schema: SCHEMA, version: ADAPTIVE_CARD_VERSION, body },
      },
    ],
  };
}

/**
 * Topic names in the staff languages, from the texts bundled with this code (only their `topics`: the build
 * leaves the rest of those files out): the background functions have no locales folder beside them.
 */
const TOPIC_NAMES: Record<StaffLanguage, Record<string, string>> = {
  de: deTopics,
  en: enTopics,
  nb: nbTopics,
  nn: nnTopics,
};

function concerns(record: HandoffRecord, lang: StaffLanguage): string {
  if (record.topics.length === 0) return staffText(lang, 'card.concernNotSaid');
  return record.topics.map((topic) => TOPIC_NAMES[lang][topic] ?? topic).join(', ');
}

/** A language's name in the staff language ("Deutsch", "dari"); the code when the runtime does not know it. */
export function languageName(code: string, lang: StaffLanguage = 'en'): string {
  try {
    return languageNames(lang).of(code) ?? code;
  } catch {
    return code;
  }
}

// Building Intl.DisplayNames costs about 0.1 ms: one per staff language, not one per line of a list card.
const displayNames = new Map<StaffLanguage, Intl.DisplayNames>();

function languageNames(lang: StaffLanguage): Intl.DisplayNames {
  let names = displayNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
    displayNames.set(lang, names);
  }
  return names;
}

/** "45 min", "5 h", "3 days" (in the staff language). */
export function age(createdAt: string, now: Date, lang: StaffLanguage = 'en'): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(createdAt).getTime()) / 60_000));
  if (minutes < 60) return staffText(lang, 'age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return staffText(lang, 'age.hours', { n: hours });
  return staffText(lang, 'age.days', { n: Math.floor(hours / 24) });
}

import { EMERGENCY_NUMBERS } from '../../dialogs/emergency-numbers';
import type { Language } from '../../dialogs/languages';
import type { Button, ContactPointView, GroupView, OutboundMessage, Text } from '../../dialogs/types';
import { directedLines, PLAIN } from '../i18n/translator';
import { countryHeading, languageNames, textRenderer } from '../render/group-lines';
import { meetingText, nextMeetingText } from '../render/meeting-lines';
import {
  type ActionSet,
  adaptiveCard,
  type CardAttachment,
  type CardElement,
  cardAttachment,
  submitAction,
  textBlock,
} from './adaptive-card';
import { type CardLine, cardLines, labelledLine, plainLine } from './card-facts';
import { TEAMS_CARD_TEXT } from './card-text';

/**
 * One message activity for `context.sendActivity` (a `Partial<Activity>`): plain text, or one Adaptive Card.
 * Teams refuses messages above about 28 KB (`MessageSizeTooBig`); with the directory's field limits (names 200,
 * schedules 300, descriptions 1000 characters) and five groups a page, the largest card (Arabic, every field
 * at its limit) weighs about 12 KB.
 */
export type TeamsMessage =
  | { type: 'message'; text: string; textFormat: 'plain' }
  | { type: 'message'; attachments: [CardAttachment] };

/** The most a Teams message may weigh, as UTF-8 JSON; see messageBytes. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;

/** The size Teams' limit applies to: the activity as JSON. */
export function messageBytes(message: TeamsMessage): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

/**
 * Renders the dialog's messages for Teams. Text without buttons goes as plain text (no markdown, so nothing
 * needs escaping); everything with buttons, groups, contact points and emergency numbers goes as an Adaptive
 * Card with the buttons as Action.Submit. Teams has no location sharing: where Telegram offers a location
 * button (`requestLocation`), the text alone asks for a postcode or town.
 */
export function renderForTeams(messages: OutboundMessage[], lang: Language): TeamsMessage[] {
  return messages.map((message) => renderOne(message, lang));
}

function renderOne(message: OutboundMessage, lang: Language): TeamsMessage {
  switch (message.kind) {
    case 'text': {
      const texts: Text[] = Array.isArray(message.text) ? message.text : [message.text];
      if (!message.buttons || message.buttons.length === 0) {
        const plain = textRenderer(lang, PLAIN);
        return {
          type: 'message',
          text: directedLines(texts.map(plain).join('\n\n'), lang),
          textFormat: 'plain',
        };
      }
      const card = textRenderer(lang, TEAMS_CARD_TEXT);
      return cardMessage(
        paragraphs(directedLines(texts.map(card).join('\n\n'), lang)),
        message.buttons,
        lang,
      );
    }
    case 'group-list':
      return cardMessage(
        [
          textBlock(textRenderer(lang, TEAMS_CARD_TEXT)(message.intro), { weight: 'Bolder' }),
          ...message.groups.map((group, i) => groupEntry(group, i + 1, lang)),
          textBlock(textRenderer(lang, TEAMS_CARD_TEXT)({ key: 'results.whatNext' }), {
            isSubtle: true,
            spacing: 'Medium',
          }),
        ],
        message.buttons,
        lang,
      );
    case 'group':
      return cardMessage(groupDetail(message.group, lang), message.buttons, lang);
    case 'contact-point':
      return cardMessage(
        [heading(message.contactPoint.name), ...cardLines(contactPointLines(message.contactPoint, lang))],
        message.buttons,
        lang,
      );
    case 'emergency':
      return cardMessage(
        [
          textBlock(textRenderer(lang, TEAMS_CARD_TEXT)({ key: 'emergency.intro' }), {
            weight: 'Bolder',
            color: 'Attention',
          }),
          ...message.countries.flatMap((country) => [
            ...(message.countries.length > 1
              ? [textBlock(TEAMS_CARD_TEXT.escape(countryHeading(country, lang)), { weight: 'Bolder' })]
              : []),
            ...cardLines(
              EMERGENCY_NUMBERS[country].map((line) => labelledLine(line.key, 'number', line.number, lang)),
            ),
          ]),
        ],
        undefined,
        lang,
      );
  }
}

function cardMessage(body: CardElement[], buttons: Button[][] | undefined, lang: Language): TeamsMessage {
  return {
    type: 'message',
    attachments: [cardAttachment(adaptiveCard([...body, ...actionSets(buttons ?? [], lang)]))],
  };
}

/** One ActionSet per row of buttons, so rows stay rows as in Telegram. */
function actionSets(rows: Button[][], lang: Language): ActionSet[] {
  const plain = textRenderer(lang, PLAIN);
  return rows
    .filter((row) => row.length > 0)
    .map((row, i) => ({
      type: 'ActionSet',
      actions: row.map((button) => submitAction(plain(button.label), button.id)),
      ...(i === 0 ? { spacing: 'Medium' as const } : { spacing: 'None' as const }),
    }));
}

/**
 * Paragraphs (split at blank lines) as one TextBlock per line: a single line break means nothing in markdown,
 * and Teams clients differ in whether they show it. Empty TextBlocks are not valid, so blank lines only space.
 */
function paragraphs(text: string): CardElement[] {
  return text.split(/\n\s*\n/).flatMap((paragraph, p) =>
    paragraph
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => textBlock(line, i > 0 ? { spacing: 'None' } : p > 0 ? { spacing: 'Medium' } : {})),
  );
}

function heading(name: string): CardElement {
  return textBlock(TEAMS_CARD_TEXT.escape(name), { weight: 'Bolder', size: 'Medium' });
}

/**
 * A group in a result list: its number and name, then where, how far, when and in which languages. The number
 * has a column of its own because "1. Name" at the start of a TextBlock would become a markdown list.
 */
function groupEntry(group: GroupView, number: number, lang: Language): CardElement {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      {
        type: 'ColumnSet',
        columns: [
          {
            type: 'Column',
            width: 'auto',
            items: [textBlock(String(number), { weight: 'Bolder', color: 'Accent' })],
          },
          {
            type: 'Column',
            width: 'stretch',
            items: [textBlock(TEAMS_CARD_TEXT.escape(group.name), { weight: 'Bolder' })],
          },
        ],
      },
      ...cardLines([
        placeLine(group, lang),
        distanceLine(group.online ? undefined : group.distanceKm, lang),
        meetingLine(group, lang),
        languagesLine(group, lang),
      ]),
    ],
  };
}

function groupDetail(group: GroupView, lang: Language): CardElement[] {
  const t = textRenderer(lang, TEAMS_CARD_TEXT);
  const elements: CardElement[] = [heading(group.name)];
  if (group.description) elements.push(textBlock(TEAMS_CARD_TEXT.escape(group.description)));
  elements.push(
    ...cardLines([
      meetingLine(group, lang),
      nextLine(group, lang),
      placeLine(group, lang),
      distanceLine(group.online ? undefined : group.distanceKm, lang),
      languagesLine(group, lang),
      group.accessible ? plainLine('group.accessible', lang) : undefined,
      group.womenOnly ? plainLine('group.womenOnly', lang) : undefined,
    ]),
  );
  if (group.contactPoint) {
    elements.push(
      textBlock(t({ key: 'group.contact', params: { name: group.contactPoint.name } }), {
        separator: true,
        spacing: 'Medium',
      }),
      ...cardLines(contactPointLines(group.contactPoint, lang)),
    );
  }
  return elements;
}

function meetingLine(group: GroupView, lang: Language): CardLine | undefined {
  const schedule = meetingText(group, lang);
  return schedule === undefined ? undefined : labelledLine('group.schedule', 'schedule', schedule, lang);
}

function nextLine(group: GroupView, lang: Language): CardLine | undefined {
  const date = nextMeetingText(group, lang, new Date());
  return date === undefined ? undefined : labelledLine('meeting.next', 'date', date, lang);
}

function placeLine(group: GroupView, lang: Language): CardLine | undefined {
  if (group.online) return plainLine('group.online', lang);
  const place = [group.postcode, group.city].filter(Boolean).join(' ');
  return place ? labelledLine('group.place', 'place', place, lang) : undefined;
}

function distanceLine(km: number | undefined, lang: Language): CardLine | undefined {
  return km === undefined ? undefined : labelledLine('group.distance', 'km', km, lang);
}

function languagesLine(group: GroupView, lang: Language): CardLine | undefined {
  const names = languageNames(group.languages, lang);
  if (names.length === 0) return undefined;
  return labelledLine('group.languages', 'languages', { list: names }, lang);
}

/** The ways to reach a contact point, in the order of lambdas/render/group-lines.ts. */
function contactPointLines(cp: ContactPointView, lang: Language): (CardLine | undefined)[] {
  const address = [cp.address, [cp.postcode, cp.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [
    address ? labelledLine('group.place', 'place', address, lang) : undefined,
    cp.phone ? labelledLine('group.phone', 'phone', cp.phone, lang) : undefined,
    cp.email ? labelledLine('group.email', 'email', cp.email, lang) : undefined,
    cp.website ? labelledLine('group.website', 'website', cp.website, lang) : undefined,
    cp.openingHours ? labelledLine('group.hours', 'hours', cp.openingHours, lang) : undefined,
    distanceLine(cp.distanceKm, lang),
  ];
}

import english from '../../locales/en/translation.json';
import type { HandoffRecord } from '../handoffs/dynamo-handoffs';
import { ADAPTIVE_CARD_CONTENT_TYPE, ADAPTIVE_CARD_VERSION } from '../teams/adaptive-card';
import { escapeCardMarkdown } from '../teams/card-text';

/**
 * The staff card of a handoff request (Adaptive Card 1.4) and the list of open requests. Staff texts are in
 * English: staff of the contact points read German or English, and these cards are not shown to users.
 *
 * What a card shows: the request number, status, language, concern, region, how and when the person wants to
 * be contacted and the request's age. The phone number or e-mail address appears only once the request is
 * claimed (the claimer needs it; everyone in the channel sees the updated card). The chat itself is never
 * shown: replies go through the bot.
 */

/** The buttons' `data`: Action.Submit posts it back, merged with the card's inputs (`replyText`, `outcome`). */
export type StaffVerb = 'claim' | 'resolve' | 'reply' | 'open' | 'takeover';

/** The outcomes a request can be resolved with (Input.ChoiceSet `outcome`). */
export const OUTCOMES = {
  'group-found': 'Group found',
  'contact-point': 'Contact point took over',
  'no-answer': 'No answer',
  other: 'Other',
} as const;
export type Outcome = keyof typeof OUTCOMES;

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

type Json = Record<string, unknown>;

/** A message activity that carries one staff card. */
export interface StaffCardMessage {
  type: 'message';
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: Json }];
}

const WAYS = { chat: 'In the chat', phone: 'By phone', email: 'By e-mail' } as const;
const TIMES = { any: 'any time', morning: 'mornings', afternoon: 'afternoons', evening: 'evenings' } as const;
const STATUS = { open: 'Open', claimed: 'Claimed', resolved: 'Resolved', withdrawn: 'Withdrawn' } as const;

/**
 * The card of one request as it stands; `now` gives its age. `channel`: the staff channel the card is shown
 * in; the phone number or e-mail address appears only in the channel of the person who claimed the request.
 */
export function staffCard(record: HandoffRecord, now: Date, channel?: string): StaffCardMessage {
  const esc = escapeCardMarkdown;
  const facts: { title: string; value: string }[] = [
    { title: 'Status', value: statusLine(record) },
    { title: 'Language', value: esc(languageName(record.language)) },
    { title: 'Concern', value: esc(concerns(record)) },
    { title: 'Region', value: esc(region(record)) },
    { title: 'Contact', value: esc(`${WAYS[record.contactWay]}, ${TIMES[record.goodTime]}`) },
    { title: 'Age', value: age(record.createdAt, now) },
  ];
  const claimersChannel = record.claimedIn === undefined || record.claimedIn === channel;
  if (record.status === 'claimed' && record.contactDetail && claimersChannel) {
    facts.push({
      title: record.contactWay === 'phone' ? 'Phone' : 'E-mail',
      value: esc(record.contactDetail),
    });
  }
  const body: Json[] = [
    {
      type: 'TextBlock',
      text: `Request ${record.id}`,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    // From the crisis answer: the person wrote of danger and was shown the emergency numbers.
    ...(record.urgent
      ? [
          {
            type: 'TextBlock',
            text: 'URGENT: the person wrote that they may be in danger (they were shown the emergency numbers).',
            color: 'Attention',
            weight: 'Bolder',
            wrap: true,
          },
        ]
      : []),
    { type: 'FactSet', facts },
    ...actionsFor(record),
  ];
  return cardMessage(body);
}

/** "20095 Hamburg, DE"; without a place, how the country was guessed (dialogs/flows/handoff.ts). */
function region(record: HandoffRecord): string {
  if (record.countryGuess === 'none')
    return 'not given; country unknown (the person did not say where they live)';
  const where = [record.region, record.country].filter(Boolean).join(', ');
  return record.countryGuess === 'language' ? `${where} (guessed from the language; no place given)` : where;
}

function statusLine(record: HandoffRecord): string {
  if (record.status === 'claimed' && record.claimedBy)
    return `Claimed by ${escapeCardMarkdown(record.claimedBy.name)}`;
  if (record.status === 'resolved' && record.outcome) {
    return `Resolved: ${OUTCOMES[record.outcome as Outcome] ?? escapeCardMarkdown(record.outcome)}`;
  }
  return STATUS[record.status];
}

function actionsFor(record: HandoffRecord): Json[] {
  const submit = (title: string, staff: StaffVerb) => ({
    type: 'Action.Submit',
    title,
    data: { staff, id: record.id },
  });
  const resolve: Json[] = [
    {
      type: 'Input.ChoiceSet',
      id: 'outcome',
      label: 'Outcome',
      value: 'group-found',
      choices: Object.entries(OUTCOMES).map(([value, title]) => ({ title, value })),
    },
    { type: 'ActionSet', actions: [submit('Resolve', 'resolve')] },
  ];
  switch (record.status) {
    case 'open':
      return [{ type: 'ActionSet', actions: [submit('Claim', 'claim')] }, ...resolve];
    case 'claimed':
      return [
        {
          type: 'TextBlock',
          text: 'Answer the person: write below, or reply in this thread.',
          wrap: true,
          isSubtle: true,
          spacing: 'Medium',
        },
        {
          type: 'Input.Text',
          id: 'replyText',
          placeholder: 'Your message',
          isMultiline: true,
          maxLength: 3000,
        },
        { type: 'ActionSet', actions: [submit('Send', 'reply')] },
        ...resolve,
        // Only the claimer answers and resolves; someone else first takes the request over (logged).
        { type: 'ActionSet', actions: [submit('Take over', 'takeover')] },
      ];
    default:
      return [];
  }
}

/** The open requests, oldest first, each with its age and a claim button. */
export function openListCard(records: HandoffRecord[], now: Date): StaffCardMessage {
  if (records.length === 0) {
    return cardMessage([{ type: 'TextBlock', text: 'No open requests.', wrap: true }]);
  }
  const shown = records.slice(0, 20);
  return cardMessage([
    { type: 'TextBlock', text: `Open requests: ${records.length}`, weight: 'Bolder', wrap: true },
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
                `${record.id} · ${age(record.createdAt, now)} · ${languageName(record.language)} · ${concerns(record)}`,
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
              actions: [{ type: 'Action.Submit', title: 'Claim', data: { staff: 'claim', id: record.id } }],
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
 * The English topic names, from the English texts bundled with this code: the background functions have no
 * locales folder beside them, so nothing here goes through i18next.
 */
const TOPIC_NAMES: Record<string, string> = english.topics;

function concerns(record: HandoffRecord): string {
  if (record.topics.length === 0) return 'not said';
  return record.topics.map((topic) => TOPIC_NAMES[topic] ?? topic).join(', ');
}

/** A language's English name ("German", "Dari"); the code when the runtime does not know it. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "45 min", "5 h", "3 days". */
export function age(createdAt: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(createdAt).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

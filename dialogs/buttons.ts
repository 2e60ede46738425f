import { SUPPORTED_LANGUAGES } from './languages';
import { NATIVE_NAMES } from './native-names';
import { SECTORS, type Sector, type TopicId } from './topics';
import type { Button } from './types';

/**
 * Button ids. They come back as button events, so they are short (Telegram allows 64 bytes of callback data)
 * and carry only ids, never personal data.
 */
export const BUTTON = {
  explain: 'menu:explain',
  find: 'menu:find',
  person: 'menu:person',
  language: 'menu:language',
  start: 'menu:start',
  explainNext: 'explain:next',
  concernAdd: 'concern:add',
  concernSearch: 'concern:search',
  concernBack: 'concern:back',
  onlineOnly: 'loc:online',
  resultsMore: 'res:more',
  resultsBack: 'res:back',
  newSearch: 'res:new',
  startGroup: 'found:ask',
  foundingYes: 'found:yes',
  foundingNo: 'found:no',
  continue: 'continue',
  handoffAgree: 'ho:agree',
  handoffDecline: 'ho:decline',
  handoffViaChat: 'ho:chat',
  handoffViaPhone: 'ho:phone',
  handoffViaEmail: 'ho:email',
  handoffStatus: 'ho:status',
  handoffWithdraw: 'ho:withdraw',
  referralSend: 'rep:send',
  referralAgain: 'rep:again',
  referralCancel: 'rep:cancel',
  concernOther: 'concern:other',
  crisisSafe: 'sos:safe',
  crisisUnsafe: 'sos:unsafe',
  crisisServices: 'sos:write',
  crisisGrounding: 'sos:calm',
  crisisPerson: 'sos:person',
} as const;

export const PREFIX = {
  language: 'lang:',
  keepLanguage: 'keep:',
  sector: 'sector:',
  topic: 'topic:',
  group: 'group:',
  goodTime: 'ho:time:',
  referralLanguage: 'rep:lang:',
} as const;

export function button(id: string, key: string, params?: Record<string, string | number>): Button {
  return { id, label: params ? { key, params } : { key } };
}

export function menuButtons(): Button[][] {
  return [
    [button(BUTTON.explain, 'menu.explain'), button(BUTTON.find, 'menu.find')],
    [button(BUTTON.person, 'menu.person'), button(BUTTON.language, 'menu.language')],
  ];
}

/** Every language in its own name, two per row. */
/** Every language by its own name, two to a row; `prefix` says what choosing one does. */
export function languageButtons(prefix: string = PREFIX.language): Button[][] {
  const rows: Button[][] = [];
  SUPPORTED_LANGUAGES.forEach((lang, i) => {
    const languageButton: Button = { id: `${prefix}${lang}`, label: { raw: NATIVE_NAMES[lang] } };
    if (i % 2 === 0) rows.push([languageButton]);
    else rows[rows.length - 1]?.push(languageButton);
  });
  return rows;
}

export function sectorButtons(): Button[][] {
  return (Object.keys(SECTORS) as Sector[]).map((sector) => [
    button(`${PREFIX.sector}${sector}`, `sectors.${sector}`),
  ]);
}

/** "Did you mean …?": one button per guessed topic, then "something else" (the topic menu). */
export function guessButtons(topics: readonly TopicId[]): Button[][] {
  return [
    ...topics.map((topic) => [button(`${PREFIX.topic}${topic}`, `topics.${topic}`)]),
    [button(BUTTON.concernOther, 'concern.somethingElse')],
  ];
}

export function topicButtons(sector: Sector): Button[][] {
  return [
    ...SECTORS[sector].map((topic) => [button(`${PREFIX.topic}${topic}`, `topics.${topic}`)]),
    [button(BUTTON.concernBack, 'concern.back')],
  ];
}

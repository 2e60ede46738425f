import { PREFIX } from '../buttons';
import type { Language } from '../languages';
import { NATIVE_NAMES } from '../native-names';
import { detectLanguage } from '../understand/detect-language';
import type { Turn } from './turn';

/** Farsi and Dari share script and words: writing one while the other is set is no reason to offer a switch. */
const SAME_WRITTEN: ReadonlyArray<readonly Language[]> = [
  ['fa', 'prs'],
  ['nb', 'nn'],
];

/** Texts shorter than this say too little about their language. */
const MIN_LENGTH = 12;

/**
 * When a user writes in another language we speak, offers to switch, asking in that language. A "no" is
 * remembered and not asked again.
 */
export function offerLanguageSwitch(turn: Turn, text: string): void {
  if (text.trim().length < MIN_LENGTH) return;
  const detected = detectLanguage(text);
  const { session } = turn;
  if (!detected || detected === session.lang || session.declinedLanguages?.includes(detected)) return;
  if (SAME_WRITTEN.some((pair) => pair.includes(detected) && pair.includes(session.lang))) return;
  turn.out.push({
    kind: 'text',
    text: { key: 'language.offer', lang: detected },
    buttons: [
      [
        { id: `${PREFIX.language}${detected}`, label: { raw: NATIVE_NAMES[detected] } },
        {
          id: `${PREFIX.keepLanguage}${detected}`,
          label: { key: 'language.keep', params: { language: NATIVE_NAMES[session.lang] } },
        },
      ],
    ],
  });
}

/** The user keeps the current language: remember not to offer `declined` again. */
export function keepLanguage(turn: Turn, declined: Language): void {
  const declinedLanguages = turn.session.declinedLanguages ?? [];
  if (!declinedLanguages.includes(declined))
    turn.session.declinedLanguages = [...declinedLanguages, declined];
}

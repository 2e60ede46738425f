import { fallbackChain, LOCALES } from '../../locales';
import { type Language, SUPPORTED_LANGUAGES } from '../languages';
import { isTopicId, type TopicId } from '../topics';
import { PhraseMatcher } from './phrase-matcher';

/** The kinds of danger the bot answers with emergency numbers. */
export type DangerKind = 'suicide' | 'violence' | 'medical';

const topicMatchers = new Map<Language, PhraseMatcher<TopicId>>();
const answerMatchers = new Map<Language, PhraseMatcher<'yes' | 'no'>>();
let dangerMatcher: PhraseMatcher<DangerKind> | undefined;

/** The user's language (and its fallbacks), then English and German: people mix in words they know. */
function languagesFor(lang: Language): Language[] {
  const chain: Language[] = [...fallbackChain(lang), 'de'];
  return chain.filter((l, i) => chain.indexOf(l) === i);
}

/** Concern topics named in typed text, e.g. "I have sugar disease" → ["diabetes"]. */
export function recognizeTopics(text: string, lang: Language): TopicId[] {
  let matcher = topicMatchers.get(lang);
  if (!matcher) {
    matcher = new PhraseMatcher<TopicId>();
    for (const source of languagesFor(lang)) {
      for (const [topic, phrases] of Object.entries(LOCALES[source]?.recognition.topics ?? {})) {
        if (isTopicId(topic)) for (const phrase of phrases) matcher.add(phrase, topic);
      }
    }
    topicMatchers.set(lang, matcher);
  }
  return matcher.matches(text);
}

/**
 * The kind of danger a message signals, whatever language it is written in (a person in crisis may switch to
 * their first language), or undefined.
 */
export function recognizeDanger(text: string): DangerKind | undefined {
  if (!dangerMatcher) {
    dangerMatcher = new PhraseMatcher<DangerKind>();
    for (const lang of SUPPORTED_LANGUAGES) {
      const danger = LOCALES[lang]?.recognition.danger ?? {};
      for (const kind of ['suicide', 'violence', 'medical'] as const) {
        for (const phrase of danger[kind] ?? []) dangerMatcher.add(phrase, kind);
      }
    }
  }
  return dangerMatcher.matches(text)[0];
}

/**
 * "yes" or "no" typed in the user's own language (and its fallback, e.g. Dari → Farsi). English and German
 * words are left out here on purpose: in Nynorsk "no" means "now".
 */
export function recognizeYesNo(text: string, lang: Language): 'yes' | 'no' | undefined {
  let matcher = answerMatchers.get(lang);
  if (!matcher) {
    matcher = new PhraseMatcher<'yes' | 'no'>();
    const own = fallbackChain(lang).filter((source) => source !== 'en' || lang === 'en');
    for (const source of own) {
      const recognition = LOCALES[source]?.recognition;
      // "no" phrases first: "no thanks" must not count as "yes" because of "thanks".
      for (const phrase of recognition?.no ?? []) matcher.add(phrase, 'no');
      for (const phrase of recognition?.yes ?? []) matcher.add(phrase, 'yes');
    }
    matcher.add('ok', 'yes');
    matcher.add('okay', 'yes');
    answerMatchers.set(lang, matcher);
  }
  return matcher.matches(text)[0];
}

/** A German (5 digits) or Norwegian (4 digits) postcode in the text, if it is the main content. */
export function findPostcode(text: string): string | undefined {
  const match = text.trim().match(/^(?:(?:d|de|n|no)[\s-]?)?(\d{4,5})(?:\s+\p{L}[\p{L}\s-]*)?$/iu);
  return match?.[1];
}

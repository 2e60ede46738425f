import { isTopicId, type TopicId } from '../topics';
import { PhraseMatcher } from './phrase-matcher';
import type { WordFormRules } from './word-forms';

/** The kinds of danger the bot answers with emergency numbers first. */
export const DANGER_KINDS = ['suicide', 'self-harm', 'overdose', 'medical', 'violence'] as const;
export type DangerKind = (typeof DANGER_KINDS)[number];

/**
 * What a language's `recognition.json` holds: the words people type, per purpose. Every list entry is a phrase
 * (see {@link PhraseMatcher}): base forms, `*` for "and any ending", `?` before a topic entry for a weak hint.
 */
export interface RecognitionData {
  /** Word endings and prefixes of the language (see {@link WordFormRules}). */
  forms?: WordFormRules;
  /**
   * Named sets of single words that any phrase of the file may use as one word, written `@name`: with
   * `"pills": ["pill*", "tablet*", "meds"]` and `"swallowed": ["swallow*", "took"]`, the one phrase
   * `"@swallowed #10+ @pills"` covers "took 20 tablets" and "swallowed 15 pills".
   */
  concepts?: Record<string, string[]>;
  /** Concern topics: topic id → phrases. An entry starting with `?` is a hint only: alone, the bot asks. */
  topics: Record<string, string[]>;
  /** Phrases that name no concern although they contain a topic word ("kein Problem", "lost my papers"). */
  notTopics?: string[];
  /** Danger now, by kind. */
  danger: Partial<Record<DangerKind, string[]>>;
  /** Idioms and negations that contain danger words but are no danger ("this headache is killing me"). */
  notDanger?: string[];
  /** Words that tell of the past ("years ago", "used to"): with no word of {@link now}, no alarm. */
  past?: string[];
  /** Words that tell it is happening now ("right now", "again"): an alarm even with a word of the past. */
  now?: string[];
  /**
   * Words that deny what follows ("not", "never", Arabic «ما»): a danger phrase right after one, or with one
   * between its words ("je veux pas mourir"), is no danger. A phrase that itself contains the word ("don't want
   * to live") stays a danger.
   */
  negation?: string[];
  /** Phrases saying it is over and the person is well now ("now I'm fine"): danger told elsewhere is the past. */
  recovered?: string[];
  yes: string[];
  no: string[];
}

/** One language's concern lists, ready to match. */
export interface TopicLexicon {
  topics: PhraseMatcher<{ topic: TopicId; weak: boolean }>;
  notTopics: PhraseMatcher<true>;
}

/** One language's danger lists (or the part of them written in one script), ready to match. */
export interface DangerLexicon {
  danger: PhraseMatcher<DangerKind>;
  notDanger: PhraseMatcher<true>;
  past: PhraseMatcher<true>;
  now: PhraseMatcher<true>;
  negation: PhraseMatcher<true>;
  recovered: PhraseMatcher<true>;
}

export function buildTopicLexicon(data: RecognitionData): TopicLexicon {
  const rules = data.forms ?? {};
  const topics = new PhraseMatcher<{ topic: TopicId; weak: boolean }>(rules, data.concepts);
  for (const [topic, phrases] of Object.entries(data.topics)) {
    if (!isTopicId(topic)) continue;
    for (const phrase of phrases) {
      const weak = phrase.startsWith('?');
      topics.add(weak ? phrase.slice(1) : phrase, { topic, weak });
    }
  }
  return { topics, notTopics: listOf(data.notTopics, data) };
}

/**
 * The danger lists; with `keep`, only the phrases it accepts (a cold start reads every language's danger lists
 * for a message in Latin letters, but of Arabic or Ukrainian only their Latin-script phrases).
 */
export function buildDangerLexicon(
  data: RecognitionData,
  keep: (phrase: string) => boolean = () => true,
): DangerLexicon {
  const danger = new PhraseMatcher<DangerKind>(data.forms ?? {}, data.concepts);
  for (const kind of DANGER_KINDS)
    for (const phrase of data.danger[kind] ?? []) if (keep(phrase)) danger.add(phrase, kind);
  const list = (phrases: string[] | undefined) => listOf(phrases?.filter(keep), data);
  return {
    danger,
    notDanger: list(data.notDanger),
    past: list(data.past),
    now: list(data.now),
    negation: list(data.negation),
    recovered: list(data.recovered),
  };
}

export function buildAnswers(data: RecognitionData): PhraseMatcher<'yes' | 'no'> {
  const answers = new PhraseMatcher<'yes' | 'no'>(data.forms ?? {}, data.concepts);
  // "no" phrases first: "no thanks" must not count as "yes" because of "thanks".
  for (const phrase of data.no) answers.add(phrase, 'no');
  for (const phrase of data.yes) answers.add(phrase, 'yes');
  return answers;
}

function listOf(phrases: string[] | undefined, data: RecognitionData): PhraseMatcher<true> {
  const matcher = new PhraseMatcher<true>(data.forms ?? {}, data.concepts);
  for (const phrase of phrases ?? []) matcher.add(phrase, true);
  return matcher;
}

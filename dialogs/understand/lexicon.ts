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
  yes: string[];
  no: string[];
}

/** One language's lists, ready to match. */
export interface Lexicon {
  topics: PhraseMatcher<{ topic: TopicId; weak: boolean }>;
  notTopics: PhraseMatcher<true>;
  danger: PhraseMatcher<DangerKind>;
  notDanger: PhraseMatcher<true>;
  past: PhraseMatcher<true>;
  now: PhraseMatcher<true>;
  answers: PhraseMatcher<'yes' | 'no'>;
}

export function buildLexicon(data: RecognitionData): Lexicon {
  const rules = data.forms ?? {};
  const topics = new PhraseMatcher<{ topic: TopicId; weak: boolean }>(rules);
  for (const [topic, phrases] of Object.entries(data.topics)) {
    if (!isTopicId(topic)) continue;
    for (const phrase of phrases) {
      const weak = phrase.startsWith('?');
      topics.add(weak ? phrase.slice(1) : phrase, { topic, weak });
    }
  }
  const danger = new PhraseMatcher<DangerKind>(rules);
  for (const kind of DANGER_KINDS) for (const phrase of data.danger[kind] ?? []) danger.add(phrase, kind);
  const answers = new PhraseMatcher<'yes' | 'no'>(rules);
  // "no" phrases first: "no thanks" must not count as "yes" because of "thanks".
  for (const phrase of data.no) answers.add(phrase, 'no');
  for (const phrase of data.yes) answers.add(phrase, 'yes');
  return {
    topics,
    notTopics: listOf(data.notTopics, rules),
    danger,
    notDanger: listOf(data.notDanger, rules),
    past: listOf(data.past, rules),
    now: listOf(data.now, rules),
    answers,
  };
}

function listOf(phrases: string[] | undefined, rules: WordFormRules): PhraseMatcher<true> {
  const matcher = new PhraseMatcher<true>(rules);
  for (const phrase of phrases ?? []) matcher.add(phrase, true);
  return matcher;
}

import { type Language, SUPPORTED_LANGUAGES } from '../languages';
import type { TopicId } from '../topics';
import { detectLanguage } from './detect-language';
import {
  buildAnswers,
  buildDangerLexicon,
  buildTopicLexicon,
  type DangerKind,
  type DangerLexicon,
  type RecognitionData,
  type TopicLexicon,
} from './lexicon';
import { normalizeText, wordsOf } from './normalize';
import { masked, type PhraseMatch, type PhraseMatcher, type PreparedText } from './phrase-matcher';

export type { DangerKind } from './lexicon';

/** What the bot makes of a typed message. */
export interface Understanding {
  /** Danger now: answer with the emergency numbers before anything else. */
  danger?: DangerKind;
  /** Concerns the person named, in the order they named them. */
  topics: TopicId[];
  /** Concerns the message only hints at (when it names none for sure): ask, do not search. */
  guesses: TopicId[];
}

/** A language's word lists (its `recognition.json`), read outside the dialog; undefined when it has none. */
export type WordListSource = (lang: Language) => RecognitionData | undefined;

/** How the bot reads typed text, with the word lists it was given. */
export interface Recognizer {
  understand(text: string, lang: Language): Understanding;
  /** The kind of danger a message signals now, or undefined. */
  recognizeDanger(text: string, lang?: Language): DangerKind | undefined;
  /** Concern topics named for sure in typed text, e.g. "I have sugar disease" → ["diabetes"]. */
  recognizeTopics(text: string, lang: Language): TopicId[];
  recognizeYesNo(text: string, lang: Language): 'yes' | 'no' | undefined;
}

/**
 * A recognizer over the given word lists. The lists are compiled on first use, per language and purpose (a
 * cold start builds only what its message needs), and kept for the recognizer's life.
 */
export function createRecognizer(source: WordListSource): Recognizer {
  const lexicons = new Lexicons(source);
  return {
    understand: (text, lang) => understand(lexicons, text, lang),
    recognizeDanger: (text, lang = 'en') => findDanger(lexicons, text, topicLanguages(lang, text).full).kind,
    recognizeTopics: (text, lang) => understand(lexicons, text, lang).topics,
    recognizeYesNo: (text, lang) => recognizeYesNo(lexicons, text, lang),
  };
}

/** The compiled lists of one recognizer. */
class Lexicons {
  private readonly topics = new Map<Language, TopicLexicon>();
  private readonly dangers = new Map<string, DangerLexicon>();
  private readonly answers = new Map<Language, PhraseMatcher<'yes' | 'no'>>();

  constructor(private readonly source: WordListSource) {}

  topicsOf(lang: Language): TopicLexicon | undefined {
    return this.cached(this.topics, lang, lang, buildTopicLexicon);
  }

  answersOf(lang: Language): PhraseMatcher<'yes' | 'no'> | undefined {
    return this.cached(this.answers, lang, lang, buildAnswers);
  }

  /**
   * A language's danger lists for a text: for a language written in another script, only its phrases in Latin
   * letters when the text has no letter of that script, only its own-script phrases when the text has no Latin
   * letter, else all.
   */
  dangerOf(lang: Language, text: string): DangerLexicon | undefined {
    const own = SCRIPT[lang];
    const latin = LATIN.test(text);
    const part = !own ? 'all' : !latin ? 'own' : own.test(text) ? 'all' : 'latin';
    // Concept names (`@pills`) are no letters of the phrase; a phrase of concepts only is kept in every part.
    const lettersOf = (p: string) => p.replace(/@[a-z][a-z0-9-]*/gi, '');
    const keep =
      part === 'all'
        ? undefined
        : part === 'latin'
          ? (p: string) => LATIN.test(lettersOf(p)) || !/\p{L}/u.test(lettersOf(p))
          : (p: string) => !LATIN.test(lettersOf(p));
    return this.cached(this.dangers, `${lang}|${part}`, lang, (data) => buildDangerLexicon(data, keep));
  }

  private cached<K, V>(
    cache: Map<K, V>,
    key: K,
    lang: Language,
    build: (data: RecognitionData) => V,
  ): V | undefined {
    let value = cache.get(key);
    if (value === undefined) {
      const data = this.source(lang);
      if (!data) return undefined;
      value = build(data);
      cache.set(key, value);
    }
    return value;
  }
}

/** Languages whose speakers often use each other's words (and keyboards). */
const NEIGHBOURS: Partial<Record<Language, Language[]>> = {
  uk: ['ru'],
  ru: ['uk'],
  fa: ['prs'],
  prs: ['fa'],
  nb: ['nn'],
  nn: ['nb'],
};

/** The script a language is written in; every language may also be typed in Latin letters. */
const SCRIPT: Partial<Record<Language, RegExp>> = {
  ar: /\p{Script=Arabic}/u,
  fa: /\p{Script=Arabic}/u,
  prs: /\p{Script=Arabic}/u,
  ps: /\p{Script=Arabic}/u,
  ckb: /\p{Script=Arabic}/u,
  uk: /\p{Script=Cyrillic}/u,
  ru: /\p{Script=Cyrillic}/u,
  ti: /\p{Script=Ethiopic}/u,
};
const LATIN = /\p{Script=Latin}/u;

function mayBeWrittenIn(lang: Language, text: string): boolean {
  return LATIN.test(text) || (SCRIPT[lang]?.test(text) ?? false);
}

/**
 * Whose word lists read a message about concerns: the user's language and its neighbours, and the language the
 * message is written in. English and German lists only for text in those languages, and, for people whose own
 * language is not written in Latin letters, for the longer English and German words they may type ("Diabetes",
 * "Jobcenter"): short ones are ordinary words elsewhere (Norwegian "men" is "but", Somali "war" is "news").
 */
function topicLanguages(lang: Language, text: string): { full: Language[]; longWordsOnly: Language[] } {
  const detected = detectLanguage(text);
  const full = unique([
    lang,
    ...(NEIGHBOURS[lang] ?? []),
    ...(detected ? [detected, ...(NEIGHBOURS[detected] ?? [])] : []),
  ]);
  const latinTypist = SCRIPT[lang] !== undefined && LATIN.test(text);
  const longWordsOnly = latinTypist ? (['en', 'de'] as Language[]).filter((l) => !full.includes(l)) : [];
  return { full, longWordsOnly };
}

/**
 * Reads a typed message: danger first (in every language the text may be written in, since a person in crisis
 * may switch to their first language), then the concerns it names.
 */
function understand(lexicons: Lexicons, text: string, lang: Language): Understanding {
  const { full, longWordsOnly } = topicLanguages(lang, text);
  const danger = findDanger(lexicons, text, full);
  const sure: PhraseMatch<TopicId>[] = [];
  const weak: PhraseMatch<TopicId>[] = [];
  for (const source of [...full, ...longWordsOnly]) {
    const lexicon = lexicons.topicsOf(source);
    if (!lexicon) continue;
    const prepared = lexicon.topics.prepare(text);
    const unmasked = masked(prepared, lexicon.notTopics.find(prepared));
    for (const match of lexicon.topics.find(unmasked)) {
      if (longWordsOnly.includes(source) && !isLong(unmasked, match)) continue;
      (match.value.weak ? weak : sure).push({ ...match, value: match.value.topic });
    }
  }
  // Violence, now or told as past, is also the person's concern (the violence groups and help lines).
  const violenceAt = danger.pastViolence ?? (danger.kind === 'violence' ? danger.at : undefined);
  if (violenceAt !== undefined) sure.push({ value: 'violence', start: violenceAt, end: violenceAt });
  const topics = inTextOrder(sure);
  return {
    ...(danger.kind ? { danger: danger.kind } : {}),
    topics,
    guesses: topics.length > 0 ? [] : inTextOrder(weak).slice(0, 3),
  };
}

interface DangerFinding {
  kind?: DangerKind;
  /** The word where the danger was told. */
  at?: number;
  /** Where violence was told as past: it leads to the violence topic, not to an alarm. */
  pastViolence?: number;
}

/** How many words from a danger phrase a word of the present ("right now") may stand and still speak of it. */
const NOW_NEAR = 6;

/**
 * Laughter ("haha", "ptdr", «ههه», "хаха", Tigrinya ሃሃ, 😂): the person is joking ("my boss will kill me haha"), not in danger.
 * Repeated syllables only, so a name or word that merely contains "ha" does not count.
 */
const LAUGHTER =
  /(?<!\p{L})(?:a?(?:ha){2,}h?|a?(?:ah){2,}|(?:he){2,}h?|(?:hi){2,}|(?:ja){2,}|а?(?:ха){2,}х?|а?(?:ах){2,}|(?:хе){2,}|lol|lmao|rofl|ptdr|mdr|xd|k{4,})(?!\p{L})|ه{3,}|خ{3,}|(?:[ሃሓሂ]){2,}|[\u{1F602}\u{1F923}\u{1F606}\u{1F605}\u{1F639}]/iu;

/**
 * Danger in any language's list. Idioms and negations of every language are blanked out first ("I don't want
 * to die"), and a phrase right after a word of negation, or with one between its words, is no danger; then a
 * danger told in the past ("he used to beat me") raises no alarm unless a word says it is happening now. When
 * unsure, the alarm stands: a miss costs more than a false alarm.
 */
function findDanger(lexicons: Lexicons, text: string, own: Language[]): DangerFinding {
  if (LAUGHTER.test(text)) return {};
  const candidates = SUPPORTED_LANGUAGES.filter((l) => mayBeWrittenIn(l, text));
  const prepared = new Map<Language, { lexicon: DangerLexicon; text: PreparedText }>();
  for (const lang of candidates) {
    const lexicon = lexicons.dangerOf(lang, text);
    if (lexicon) prepared.set(lang, { lexicon, text: lexicon.danger.prepare(text) });
  }
  const spans = [...prepared.values()].flatMap(({ lexicon, text }) => lexicon.notDanger.find(text));
  const found: { lang: Language; match: PhraseMatch<DangerKind> }[] = [];
  for (const [lang, { lexicon, text }] of prepared) {
    for (const match of lexicon.danger.find(masked(text, spans))) found.push({ lang, match });
  }
  if (found.length === 0) return {};
  const markers = unique([...own, ...found.map((f) => f.lang)]).filter((l) => prepared.has(l));
  const markersOf = (list: 'past' | 'now' | 'negation' | 'recovered', except: PhraseMatch<true>[] = []) =>
    markers.flatMap((lang) => {
      const entry = prepared.get(lang);
      return entry ? entry.lexicon[list].find(masked(entry.text, except)) : [];
    });
  const clauseOf = clausesOf(text);
  const denied = new Set(markersOf('negation').flatMap((m) => m.words ?? [m.start]));
  const negated = (match: PhraseMatch<DangerKind>) => {
    const own = new Set(match.words);
    for (let i = match.start + 1; i < match.end; i++) if (denied.has(i) && !own.has(i)) return true;
    // Right before the phrase, with the run of denying words it ends ("not never") starting in its clause.
    let before = match.start - 1;
    while (denied.has(before - 1)) before--;
    return denied.has(match.start - 1) && clauseOf.of(before) === clauseOf.of(match.start);
  };
  // A denial holds for its own clause: "я не хочу умирать, я хочу жить" holds no "не хочу … жить". (Other
  // phrases may run over a comma: "il fait une crise, il tremble".)
  const withinClause = (match: PhraseMatch<DangerKind>) =>
    !(match.words ?? []).some((w) => denied.has(w)) || clauseOf.of(match.start) === clauseOf.of(match.end);
  const affirmed = found
    .filter((f) => withinClause(f.match) && !negated(f.match))
    .sort((a, b) => a.match.start - b.match.start);
  if (affirmed.length === 0) return {};
  const recovered = markersOf('recovered');
  const clausesWith = (matches: PhraseMatch<true>[]) => new Set(matches.map((m) => clauseOf.of(m.start)));
  const past = clausesWith(markersOf('past'));
  // "now I'm fine" says it is over: its "now" is not a danger happening now.
  const nowMarkers = markersOf('now', recovered);
  // A word of the present speaks of the danger when it stands in its clause, outside the phrase's own words
  // and near it: in "he used to beat me but I left him years ago and I'm safe now" the "now" is about safety.
  const nowBeside = (match: PhraseMatch<DangerKind>) =>
    nowMarkers.some(
      (m) =>
        clauseOf.of(m.start) === clauseOf.of(match.start) &&
        !(match.words ?? []).includes(m.start) &&
        m.start >= match.start - NOW_NEAR &&
        m.start <= match.end + NOW_NEAR,
    );
  // Told as over, in its own clause ("he used to beat me, now I am safe"), unless a word near it says it is
  // now. A short clause is a fragment of the one beside it ("they beat me, that was long ago"; "vor 2 Jahren
  // habe ich versucht, mich umzubringen"): a word of the past there counts for it too. Pills taken are never
  // over: "I took 20 pills, now I'm fine" still gets the numbers.
  const over = (match: PhraseMatch<DangerKind>) => {
    const clause = clauseOf.of(match.start);
    if (nowBeside(match)) return false;
    if (recovered.length > 0 && match.value !== 'overdose') return true;
    if (past.has(clause)) return true;
    return clauseOf.size(clause) <= 3 && (past.has(clause - 1) || past.has(clause + 1));
  };
  const current = affirmed.find((f) => !over(f.match));
  if (current) return { kind: current.match.value, at: current.match.start };
  const violence = affirmed.find((f) => f.match.value === 'violence');
  return violence ? { pastViolence: violence.match.start } : {};
}

/**
 * Which clause each word of the text is in (clauses end at . , ; ! ? and line breaks, in every script), so a
 * word of the past in one clause does not calm a danger told in another; and how many words a clause has.
 * One clause when the counts disagree.
 */
function clausesOf(text: string): { of: (word: number) => number; size: (clause: number) => number } {
  const sizes = text.split(/[.,;:!?\n،؛؟۔።፣፤፥]+/).map((clause) => wordsOf(normalizeText(clause)).length);
  const total = sizes.reduce((sum, n) => sum + n, 0);
  if (total !== wordsOf(normalizeText(text)).length) return { of: () => 0, size: () => total };
  const ends: number[] = [];
  let end = 0;
  for (const n of sizes) {
    end += n;
    ends.push(end);
  }
  return {
    of: (word) => {
      const index = ends.findIndex((e) => word < e);
      return index === -1 ? ends.length : index;
    },
    size: (clause) => sizes[clause] ?? 0,
  };
}

/** A match of an English or German list read for someone else: only when one of its words is long. */
function isLong(text: PreparedText, match: PhraseMatch<unknown>): boolean {
  return text.slice(match.start, match.end + 1).some((forms) => (forms[0]?.length ?? 0) >= 5);
}

function inTextOrder(matches: PhraseMatch<TopicId>[]): TopicId[] {
  return unique(matches.sort((a, b) => a.start - b.start).map((m) => m.value));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/**
 * "yes" or "no" typed in the user's own language (and its neighbours). English and German words are left out
 * here on purpose: in Nynorsk "no" means "now".
 */
function recognizeYesNo(lexicons: Lexicons, text: string, lang: Language): 'yes' | 'no' | undefined {
  for (const source of unique([lang, ...(NEIGHBOURS[lang] ?? [])])) {
    const answer = lexicons.answersOf(source)?.matches(text)[0];
    if (answer) return answer;
  }
  const typed = text.trim().toLowerCase();
  return typed === 'ok' || typed === 'okay' ? 'yes' : undefined;
}

/** A German (5 digits) or Norwegian (4 digits) postcode in the text, if it is the main content. */
export function findPostcode(text: string): string | undefined {
  // Postcodes typed with Arabic-Indic or Persian digits count too.
  const digits = text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
  const match = digits.trim().match(/^(?:(?:d|de|n|no)[\s-]?)?(\d{4,5})(?:\s+\p{L}[\p{L}\s-]*)?$/iu);
  return match?.[1];
}

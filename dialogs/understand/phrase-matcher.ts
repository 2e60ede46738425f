import { normalizeText, wordsOf } from './normalize';
import { consonantsOf, formsOf, type WordFormRules } from './word-forms';

/** A typed text made ready for one language's lists: each word with the forms it may stand for. */
export type PreparedText = readonly (readonly string[])[];

/** Where a phrase was found: its value, the first and last word it covers, and the words that are its own. */
export interface PhraseMatch<T> {
  value: T;
  start: number;
  end: number;
  /** The typed words the phrase's words matched (the others between start and end are gaps). */
  words?: readonly number[];
}

interface Word {
  text: string;
  /** `true` for a word written with a trailing `*`: any typed word that starts with it. */
  open: boolean;
  /** For a word written `#N+`: any typed number of at least N ("took #10+ pills"). */
  atLeast?: number;
  /** For a word written `@name`: any word of the language's concept of that name ("@swallowed @pills"). */
  anyOf?: Word[];
  /** The concept's words compiled for matching (a concept may hold a hundred words, tried at every gap). */
  concept?: CompiledConcept;
}

interface CompiledConcept {
  exact: ReadonlySet<string>;
  /** The open words (`word*`): a form matches when one of its beginnings is in the set. */
  prefixes: ReadonlySet<string>;
  /** The longest open word, so a form is cut only up to it. */
  longestPrefix: number;
  /** The smallest `#N+` of the concept, if it has one. */
  atLeast?: number;
}

function compileConcept(words: readonly Word[]): CompiledConcept {
  const numbers = words.flatMap((w) => (w.atLeast === undefined ? [] : [w.atLeast]));
  return {
    exact: new Set(words.filter((w) => !w.open && w.atLeast === undefined).map((w) => w.text)),
    prefixes: new Set(words.filter((w) => w.open).map((w) => w.text)),
    longestPrefix: Math.max(0, ...words.filter((w) => w.open).map((w) => w.text.length)),
    ...(numbers.length > 0 ? { atLeast: Math.min(...numbers) } : {}),
  };
}

interface Entry<T> {
  words: Word[];
  value: T;
  order: number;
  /** Written with a leading `=`: its words stand next to each other, nothing in between. */
  adjacent: boolean;
}

/** Placeholders that survive normalising: `*` after a word, `#N+` for a number, `@name` for a concept. */
const OPEN_MARK = 'ǂ';
const NUMBER_MARK = 'ǁ';
const CONCEPT_MARK = 'ǃ';
/** A `*` standing alone between words. */
const LONE_OPEN_MARK = /(^|\s)ǂ(?=\s|$)/g;

/** Concepts read once per language's data (see PhraseMatcher.conceptWords). */
const CONCEPT_CACHE = new WeakMap<
  Record<string, string[]>,
  Map<string, { words: Word[]; compiled: CompiledConcept }>
>();

/** How many other words may stand between the words of a phrase ("my husband is hitting me right now"). */
export const WORDS_BETWEEN = 2;

/**
 * Finds phrases in typed text, for one language. A phrase is a few words in order; other words may stand between
 * them (up to {@link WORDS_BETWEEN}). A word of a phrase matches a typed word when one of the typed word's forms
 * (itself, or itself without the language's prefixes and endings) is that word; a phrase word ending in `*`
 * matches every typed word that starts with it ("Selbstmord*" matches "Selbstmordgedanken").
 */
export class PhraseMatcher<T> {
  private readonly exact = new Map<string, Entry<T>[]>();
  /** Phrases by their first word when it is open (`word*`), keyed by the word without the star. */
  private readonly open = new Map<string, Entry<T>[]>();
  private longestOpen = 0;
  /** Phrases that start with a number word (`#10+ pills`): tried at every typed number. */
  private readonly numbered: Entry<T>[] = [];
  private count = 0;

  readonly rules: WordFormRules;

  /** Named sets of words a phrase may use as one word: `@pills` for any of "pills", "tablets", "meds". */
  private readonly concepts: Record<string, string[]>;
  /** Concept names travel through normalising as numbers (names are not words of any language). */
  private readonly conceptNames: string[] = [];

  constructor(rules: WordFormRules = {}, concepts: Record<string, string[]> = {}) {
    // Affixes are compared with normalised words, so they are normalised too (an Arabic ending written with ي).
    const fold = (affixes: string[] | undefined) => affixes?.map(normalizeText).filter(Boolean);
    const prefixes = fold(rules.prefixes);
    const suffixes = fold(rules.suffixes);
    this.rules = { ...rules, ...(prefixes ? { prefixes } : {}), ...(suffixes ? { suffixes } : {}) };
    this.concepts = concepts;
  }

  /**
   * A concept's words, read when a phrase first names it and shared by every list of the language (a language
   * has up to a hundred concepts and six lists: reading them all for each list cost most of a cold start).
   */
  private conceptWords(name: string): { words: Word[]; compiled: CompiledConcept } {
    let read = CONCEPT_CACHE.get(this.concepts);
    if (!read) {
      read = new Map();
      CONCEPT_CACHE.set(this.concepts, read);
    }
    let concept = read.get(name);
    if (!concept) {
      const source = Object.entries(this.concepts).find(([key]) => key.toLowerCase() === name)?.[1] ?? [];
      const words = source
        .flatMap((word) => this.wordsOf(word))
        .filter((w) => w.text !== '' || w.atLeast !== undefined);
      concept = { words, compiled: compileConcept(words) };
      read.set(name, concept);
    }
    return concept;
  }

  add(phrase: string, value: T): void {
    const adjacent = phrase.trimStart().startsWith('=');
    const words = this.wordsOf(phrase.replace(/^\s*=/, ''));
    const [first] = words;
    if (!first || words.some((w) => w.text === '' && w.atLeast === undefined && !w.anyOf?.length)) return;
    const entry = { words, value, order: this.count++, adjacent };
    for (const start of first.anyOf ?? [first]) this.index(start, entry);
  }

  private index(first: Word, entry: Entry<T>): void {
    if (first.atLeast !== undefined) {
      if (!this.numbered.includes(entry)) this.numbered.push(entry);
      return;
    }
    const index = first.open ? this.open : this.exact;
    const key = first.text;
    if (first.open) this.longestOpen = Math.max(this.longestOpen, key.length);
    const list = index.get(key);
    if (!list) index.set(key, [entry]);
    else if (!list.includes(entry)) list.push(entry);
  }

  /** A phrase's words: `*` ends an open word, `#N+` is a number, `@name` a concept. */
  private wordsOf(phrase: string): Word[] {
    const marked = phrase
      .replace(/\*(?=\s|$)/g, OPEN_MARK)
      .replace(/#(\d+)\+/g, `${NUMBER_MARK}$1`)
      .replace(/@([a-z][a-z0-9-]*)/gi, (_, name: string) => `${CONCEPT_MARK}${this.conceptIndex(name)}`);
    // A lone `*` would be "any one word": the gap between words already allows that, so it is left out.
    return wordsOf(normalizeText(marked.replace(LONE_OPEN_MARK, ' '))).map((raw): Word => {
      if (raw.startsWith(NUMBER_MARK)) return { text: '', open: false, atLeast: Number(raw.slice(1)) };
      if (raw.startsWith(CONCEPT_MARK)) {
        const name = this.conceptNames[Number(raw.slice(1))] ?? '';
        const { words, compiled } = this.conceptWords(name);
        return { text: '', open: false, anyOf: words, concept: compiled };
      }
      const open = raw.endsWith(OPEN_MARK);
      const text = this.spelled(open ? raw.slice(0, -1) : raw);
      return { text: this.rules.consonants ? consonantsOf(text) : text, open };
    });
  }

  /** The number a concept name travels as. */
  private conceptIndex(name: string): number {
    const lower = name.toLowerCase();
    const at = this.conceptNames.indexOf(lower);
    if (at !== -1) return at;
    this.conceptNames.push(lower);
    return this.conceptNames.length - 1;
  }

  /** The typed text's words with their forms under this language's rules. */
  prepare(text: string): PreparedText {
    return wordsOf(normalizeText(text)).map((word) => formsOf(this.spelled(word), this.rules));
  }

  /** A word in the language's own spelling variants folded (Norwegian "paa" → "pa", as "på" is). */
  private spelled(word: string): string {
    let out = word;
    for (const [from, to] of Object.entries(this.rules.spelling ?? {})) out = out.replaceAll(from, to);
    return out;
  }

  /** Every phrase found, the first place each occurs, in the order of the text. */
  find(text: PreparedText): PhraseMatch<T>[] {
    const found: (PhraseMatch<T> & { order: number })[] = [];
    const seen = new Set<Entry<T>>();
    for (let i = 0; i < text.length; i++) {
      for (const entry of this.candidates(text[i] ?? [])) {
        if (seen.has(entry)) continue;
        const words = matchFrom(entry.words, text, i, entry.adjacent ? 0 : WORDS_BETWEEN);
        if (words === undefined) continue;
        seen.add(entry);
        found.push({
          value: entry.value,
          start: i,
          end: words[words.length - 1] ?? i,
          words,
          order: entry.order,
        });
      }
    }
    return found.sort((a, b) => a.start - b.start || a.order - b.order);
  }

  /** The values of the phrases found, each once, in the order of the text. */
  matches(text: string): T[] {
    return [...new Set(this.find(this.prepare(text)).map((m) => m.value))];
  }

  private candidates(forms: readonly string[]): Entry<T>[] {
    const out: Entry<T>[] = [];
    for (const form of forms) {
      out.push(...(this.exact.get(form) ?? []));
      // Every phrase whose open first word begins this form: one lookup per beginning of the form.
      for (let length = 1; length <= Math.min(form.length, this.longestOpen); length++)
        out.push(...(this.open.get(form.slice(0, length)) ?? []));
    }
    if (this.numbered.length > 0 && forms.some((f) => /^\d+$/.test(f))) out.push(...this.numbered);
    return out;
  }
}

/** Where each of `words` occurs when they occur from `start` on (with gaps), else undefined. */
function matchFrom(words: Word[], text: PreparedText, start: number, between: number): number[] | undefined {
  if (!wordMatches(words[0], text[start])) return undefined;
  let at = start;
  const positions = [start];
  for (const word of words.slice(1)) {
    let next: number | undefined;
    for (let j = at + 1; j <= at + 1 + between && j < text.length; j++) {
      if (wordMatches(word, text[j])) {
        next = j;
        break;
      }
    }
    if (next === undefined) return undefined;
    at = next;
    positions.push(at);
  }
  return positions;
}

function wordMatches(word: Word | undefined, forms: readonly string[] | undefined): boolean {
  if (!word || !forms) return false;
  const { concept } = word;
  if (concept) return forms.some((form) => conceptMatches(concept, form));
  const { atLeast } = word;
  if (atLeast !== undefined) return forms.some((form) => /^\d+$/.test(form) && Number(form) >= atLeast);
  return forms.some((form) => (word.open ? form.startsWith(word.text) : form === word.text));
}

function conceptMatches(concept: CompiledConcept, form: string): boolean {
  if (concept.exact.has(form)) return true;
  if (hasPrefixIn(concept.prefixes, concept.longestPrefix, form)) return true;
  return concept.atLeast !== undefined && /^\d+$/.test(form) && Number(form) >= concept.atLeast;
}

/** The text with the words from `start` to `end` of each match blanked out, so other lists no longer see them. */
export function masked(text: PreparedText, spans: readonly { start: number; end: number }[]): PreparedText {
  if (spans.length === 0) return text;
  return text.map((forms, i) => (spans.some((s) => i >= s.start && i <= s.end) ? [] : forms));
}

/** True when one of the beginnings of `form` (up to `longest` letters) is in `prefixes`. */
function hasPrefixIn(prefixes: ReadonlySet<string>, longest: number, form: string): boolean {
  for (let length = 1; length <= Math.min(form.length, longest); length++)
    if (prefixes.has(form.slice(0, length))) return true;
  return false;
}

import { normalizeText, wordsOf } from './normalize';

/** Arabic-script prefixes that attach to a word: the article and "and/with/for" (وال, بال, لل, ال, و, ب). */
const ATTACHED_PREFIXES = ['وال', 'بال', 'فال', 'لل', 'ال', 'و', 'ب'];

/** Variants of a word without attached prefixes, so "والسكري" matches "سكري". */
function variantsOf(word: string): string[] {
  const variants = [word];
  for (const prefix of ATTACHED_PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 3) variants.push(word.slice(prefix.length));
  }
  return variants;
}

/**
 * Finds phrases in typed text. A phrase matches when its words appear in order as whole words; the last word of a
 * phrase, when long enough, may also start a longer word ("Diabetesgruppe", "depressiv", "диабетом").
 */
export class PhraseMatcher<T> {
  private readonly entries: { words: string[]; value: T }[] = [];

  add(phrase: string, value: T): void {
    const words = wordsOf(normalizeText(phrase));
    if (words.length > 0) this.entries.push({ words, value });
  }

  /** All values whose phrase occurs in `text`, each once, in the order they were added. */
  matches(text: string): T[] {
    const words = wordsOf(normalizeText(text)).map(variantsOf);
    const found = new Set<T>();
    for (const entry of this.entries) {
      if (!found.has(entry.value) && occursIn(entry.words, words)) found.add(entry.value);
    }
    return [...found];
  }
}

function occursIn(phrase: string[], text: string[][]): boolean {
  for (let start = 0; start + phrase.length <= text.length; start++) {
    if (phrase.every((word, i) => wordMatches(word, text[start + i] ?? [], i === phrase.length - 1)))
      return true;
  }
  return false;
}

function wordMatches(expected: string, variants: string[], last: boolean): boolean {
  return variants.some(
    (typed) => typed === expected || (last && expected.length >= 5 && typed.startsWith(expected)),
  );
}

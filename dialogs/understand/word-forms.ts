/**
 * A language's word endings and attached prefixes, so that a typed word is found under its base form:
 * Arabic "وبالسكري" → "سكري", Turkish "şekerimden" → "şeker", Ukrainian "депресією" → "депресі".
 * Light affix stripping, not a full stemmer: the word lists hold base forms (or a start with `*`), and a
 * typed word matches when one of its forms equals an entry.
 */
export interface WordFormRules {
  /** Attached at the start of a word (Arabic article and conjunctions, Tigrinya ን-/ብ-), longest first is not needed. */
  prefixes?: string[];
  /** Endings (case, possessive, plural, person); up to three are taken off one after another. */
  suffixes?: string[];
  /** The shortest base form left after taking affixes off (default 3 letters). */
  minStem?: number;
  /**
   * Tigrinya: compare the last two syllables of words by their consonants, since an ending changes the vowel
   * of the syllable before it (ቀተለ and ቀቲሉ end in ት ል). Applies to the word lists and to typed words alike.
   */
  consonants?: boolean;
  /**
   * Spellings of the language folded before matching, in the word lists and in typed words alike: Norwegian
   * `{ "aa": "a" }` reads "paa" as "på" (which normalising already made "pa").
   */
  spelling?: Record<string, string>;
}

const MAX_SUFFIXES = 3;
const MAX_PREFIXES = 2;

/** The forms a typed word may stand for: itself and itself without the language's affixes. */
export function formsOf(word: string, rules: WordFormRules): string[] {
  const minStem = rules.minStem ?? 3;
  const forms = new Set<string>([word]);
  let layer = [word];
  for (let i = 0; i < MAX_PREFIXES && rules.prefixes?.length; i++) {
    layer = layer
      .flatMap((w) => strip(w, rules.prefixes ?? [], minStem, 'start'))
      .filter((w) => !forms.has(w));
    for (const w of layer) forms.add(w);
  }
  layer = [...forms];
  for (let i = 0; i < MAX_SUFFIXES && rules.suffixes?.length; i++) {
    layer = layer.flatMap((w) => strip(w, rules.suffixes ?? [], minStem, 'end')).filter((w) => !forms.has(w));
    for (const w of layer) forms.add(w);
  }
  return rules.consonants ? [...forms].map(consonantsOf) : [...forms];
}

function strip(word: string, affixes: string[], minStem: number, side: 'start' | 'end'): string[] {
  const out: string[] = [];
  for (const affix of affixes) {
    if (word.length - affix.length < minStem) continue;
    if (side === 'start' && word.startsWith(affix)) out.push(word.slice(affix.length));
    if (side === 'end' && word.endsWith(affix)) out.push(word.slice(0, -affix.length));
  }
  return out;
}

/** An Ethiopic word with its last two syllables reduced to their consonants (the sixth order): ቀቲሉ → ቀትል. */
export function consonantsOf(word: string): string {
  const chars = [...word];
  return chars
    .map((c, i) => {
      const code = c.charCodeAt(0);
      // Only the last two syllables: endings change their vowels; the stem before them stays as written.
      if (i < chars.length - 2 || code < 0x1200 || code > 0x135a) return c;
      return String.fromCharCode(code - ((code - 0x1200) % 8) + 5);
    })
    .join('');
}

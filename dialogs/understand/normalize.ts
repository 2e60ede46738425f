/**
 * Folds text for matching typed words, the same way for the word lists and for what people type:
 * - lower case; Latin diacritics dropped (ü→u, ş→s, å→a), ß→ss, æ→ae, œ→oe ("cœur" stays "coeur"), ø→o, ı→i;
 * - Arabic script: no tashkeel or tatweel; one form of the letters people type interchangeably (ي/ی/ى/ئ, ك/ک,
 *   ة/ه/ھ, hamza carriers); Pashto and Sorani letters that a Persian keyboard lacks folded to the letters typed
 *   instead (ګ→گ, ې/ێ/ۍ→ی, ښ→ش, ە→ه, ۆ→و, ټ→ت, ډ→د, ړ/ڕ→ر, ږ→ژ, ڼ→ن, ڵ→ل, ځ→ز, څ→س, ڤ→ف, a word-initial
 *   ئ→ا); the zero-width non-joiner dropped, and
 *   the Persian verb prefix «می»/«نمی» joined to its verb, so "می‌خواهم", "میخواهم" and "می خواهم" are one word,
 *   plural endings typed apart joined to their word, and the object marker «را/رو/ره» left out;
 * - Cyrillic: apostrophes inside words dropped ("м'ясо", "мʼясо", "м’ясо"); letters that Ukrainian and Russian
 *   typists swap folded together (ї/і/ы→и, є/э→е, ґ→г, ё→е, ъ→ь), and a Latin "i" between Cyrillic letters read
 *   as Cyrillic;
 * - Ethiopic: the letters Tigrinya writers use interchangeably folded to one (ሐ/ኀ→ሀ, ሠ→ሰ, ፀ→ጸ, ኣ→አ, ቐ→ቀ, ኸ→ከ,
 *   ዐ→አ);
 * - Arabic-Indic and Persian digits as ASCII digits; punctuation to spaces, single spaces. Digits stay (Arabizi
 *   writes ع as 3: "3ndi").
 */
export function normalizeText(text: string): string {
  let out = text.toLowerCase();
  // Fast paths: most texts are in one script, and the rules below are only for some scripts.
  const cyrillic = CYRILLIC.test(out);
  if (cyrillic) {
    out = out
      .replace(/(\p{Script=Cyrillic})['’ʼ`´](?=\p{Script=Cyrillic})/gu, '$1')
      .replace(/(?<=\p{Script=Cyrillic})i|i(?=\p{Script=Cyrillic})/gu, 'і');
  }
  if (NOT_ASCII.test(out)) {
    // A word-initial ئ (Sorani's vowel carrier) is typed as ا on a Persian keyboard (ئا as one ا).
    if (out.includes('ئ')) out = out.replace(/(^|[^\p{L}])ئا?/gu, '$1ا');
    // Latin and Cyrillic combining marks go (keeps й→и and ё→е folded, which typists mix up too); then one
    // pass over the letters with the table of single-letter folds.
    let folded = '';
    for (const char of out.normalize('NFKD')) folded += FOLD.get(char) ?? char;
    out = folded;
  }
  out = out.replace(/[^\p{L}\p{N}]+/gu, ' ');
  if (ARABIC.test(out)) {
    out = out
      .replace(/(^| )(ن?می) (?=\p{Script=Arabic})/gu, '$1$2')
      // Persian plural endings typed apart are joined to their word ("سال ها" is "سالها"); the object marker
      // «را» (spoken «رو», Dari «ره») is left out, so it neither splits a phrase nor uses up its gap.
      .replace(/(\p{Script=Arabic}) (ها|های|هایم|هایت|هایش|هامون|هاتون|هاشون)(?= |$)/gu, '$1$2')
      .replace(/(^| )(را|رو|ره)(?= |$)/gu, '$1')
      .replace(/ {2,}/g, ' ');
  }
  return out.trim();
}

const CYRILLIC = /[\u0400-\u04ff]/;
const ARABIC = /[\u0600-\u06ff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is what this tests for.
const NOT_ASCII = /[^\u0000-\u007f]/;

/** Single letters folded to another (or to nothing), as listed in the comment of {@link normalizeText}. */
const FOLD: ReadonlyMap<string, string> = (() => {
  const fold = new Map<string, string>();
  const map = (letters: string, to: string) => {
    for (const letter of letters) fold.set(letter, to);
  };
  map('ß', 'ss');
  map('ø', 'o');
  map('œ', 'oe');
  map('æ', 'ae');
  map('ı', 'i');
  for (let code = 0x300; code <= 0x36f; code++) fold.set(String.fromCharCode(code), '');
  map('їіы', 'и');
  map('єэ', 'е');
  map('ґ', 'г');
  map('ъ', 'ь');
  // Arabic diacritics (tashkeel), superscript alef and tatweel; the zero-width non-joiner.
  for (let code = 0x64b; code <= 0x65f; code++) fold.set(String.fromCharCode(code), '');
  map('\u0670\u0640\u200c', '');
  map('يىئېێۍ', 'ی');
  map('ك', 'ک');
  map('ةھە', 'ه');
  map('أإآٱ', 'ا');
  map('ؤۆ', 'و');
  map('ګ', 'گ');
  map('ښ', 'ش');
  map('ټ', 'ت');
  map('ډ', 'د');
  map('ړڕ', 'ر');
  map('ږ', 'ژ');
  map('ڼ', 'ن');
  map('ڵ', 'ل');
  // Pashto ځ and څ typed on a Persian keyboard; Sorani ڤ.
  map('ځ', 'ز');
  map('څ', 'س');
  map('ڤ', 'ف');
  // Ethiopic: ሐ and ኀ series → ሀ, ሠ → ሰ, ፀ → ጸ; ቐ and ኸ typed as ቀ and ከ, ዐ and ኣ as አ.
  const series = (from: number, to: number) => {
    for (let i = 0; i < 8; i++) fold.set(String.fromCharCode(from + i), String.fromCharCode(to + i));
  };
  series(0x1210, 0x1200);
  series(0x1280, 0x1200);
  series(0x1220, 0x1230);
  series(0x1340, 0x1338);
  series(0x1250, 0x1240);
  series(0x12b8, 0x12a8);
  series(0x12d0, 0x12a0);
  fold.set('ኣ', 'አ');
  fold.set('ዓ', 'አ');
  // Arabic-Indic and Persian digits as ASCII digits ("٢٠ حبة" is "20 حبة").
  for (let d = 0; d <= 9; d++) {
    fold.set(String.fromCharCode(0x660 + d), String(d));
    fold.set(String.fromCharCode(0x6f0 + d), String(d));
  }
  return fold;
})();

/** Words of a normalized text. */
export function wordsOf(normalized: string): string[] {
  return normalized.split(' ').filter(Boolean);
}

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
 * - punctuation to spaces, single spaces. Digits stay (Arabizi writes ع as 3: "3ndi").
 */
export function normalizeText(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/ø/g, 'o')
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/ı/g, 'i')
      .replace(/(\p{Script=Cyrillic})['’ʼ`´](?=\p{Script=Cyrillic})/gu, '$1')
      .replace(/(?<=\p{Script=Cyrillic})i|i(?=\p{Script=Cyrillic})/gu, 'і')
      .normalize('NFKD')
      // Latin and Cyrillic combining marks (keeps й→и and ё→е folded, which typists mix up too).
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[їіы]/g, 'и')
      .replace(/[єэ]/g, 'е')
      .replace(/ґ/g, 'г')
      .replace(/ъ/g, 'ь')
      // Arabic diacritics (tashkeel), superscript alef and tatweel.
      .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
      // A word-initial ئ (Sorani's vowel carrier) is typed as ا on a Persian keyboard.
      .replace(/(^|[^\p{L}])ئ/gu, '$1ا')
      .replace(/[يىئېێۍ]/g, 'ی')
      .replace(/ك/g, 'ک')
      .replace(/[ةھە]/g, 'ه')
      .replace(/[أإآٱ]/g, 'ا')
      .replace(/[ؤۆ]/g, 'و')
      .replace(/ګ/g, 'گ')
      .replace(/ښ/g, 'ش')
      .replace(/ټ/g, 'ت')
      .replace(/ډ/g, 'د')
      .replace(/[ړڕ]/g, 'ر')
      .replace(/ږ/g, 'ژ')
      .replace(/ڼ/g, 'ن')
      .replace(/ڵ/g, 'ل')
      // Pashto ځ and څ typed on a Persian keyboard; Sorani ڤ.
      .replace(/ځ/g, 'ز')
      .replace(/څ/g, 'س')
      .replace(/ڤ/g, 'ف')
      .replace(/\u200c/g, '')
      .replace(/[\u1210-\u1217]/g, (c) => shift(c, -0x10))
      .replace(/[\u1280-\u1287]/g, (c) => shift(c, -0x80))
      .replace(/[\u1220-\u1227]/g, (c) => shift(c, 0x10))
      .replace(/[\u1340-\u1347]/g, (c) => shift(c, -0x08))
      // ቐ and ኸ typed as ቀ and ከ, ዐ as አ, where a keyboard lacks them.
      .replace(/[\u1250-\u1257]/g, (c) => shift(c, -0x10))
      .replace(/[\u12b8-\u12bf]/g, (c) => shift(c, -0x10))
      .replace(/[\u12d0-\u12d7]/g, (c) => shift(c, -0x30))
      .replace(/ኣ/g, 'አ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .replace(/(^| )(ن?می) (?=\p{Script=Arabic})/gu, '$1$2')
      // Persian plural endings typed apart are joined to their word ("سال ها" is "سالها"); the object marker
      // «را» (spoken «رو», Dari «ره») is left out, so it neither splits a phrase nor uses up its gap.
      .replace(/(\p{Script=Arabic}) (ها|های|هایم|هایت|هایش|هامون|هاتون|هاشون)(?= |$)/gu, '$1$2')
      .replace(/(^| )(را|رو|ره)(?= |$)/gu, '$1')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

function shift(char: string, by: number): string {
  return String.fromCharCode(char.charCodeAt(0) + by);
}

/** Words of a normalized text. */
export function wordsOf(normalized: string): string[] {
  return normalized.split(' ').filter(Boolean);
}

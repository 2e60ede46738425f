/**
 * Folds text for matching typed words: lower case, no Latin diacritics (ü→u, ø→o, ß→ss), one form of Arabic and
 * Persian letters that people type interchangeably (ي/ی, ك/ک, ة/ه, hamza carriers), no tashkeel or tatweel,
 * Cyrillic ё→е and Ukrainian ґ→г, punctuation to spaces, single spaces.
 */
export function normalizeText(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/[øœ]/g, 'o')
      .replace(/æ/g, 'ae')
      .replace(/ı/g, 'i')
      .normalize('NFKD')
      // Latin and Cyrillic combining marks (keeps й→и and ё→е folded, which typists mix up too).
      .replace(/[\u0300-\u036f]/g, '')
      // Arabic diacritics (tashkeel), superscript alef and tatweel.
      .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
      .replace(/[يىئ]/g, 'ی')
      .replace(/ك/g, 'ک')
      .replace(/[ةھ]/g, 'ه')
      .replace(/[أإآٱ]/g, 'ا')
      .replace(/ؤ/g, 'و')
      .replace(/ґ/g, 'г')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** Words of a normalized text. */
export function wordsOf(normalized: string): string[] {
  return normalized.split(' ').filter(Boolean);
}

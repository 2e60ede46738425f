/**
 * Text normalisation for the gazetteer: one function turns whatever a user typed into a lookup key, and the
 * same functions turn the place names of the data into index keys, so both sides always meet.
 *
 * Why not fold "oe" to "o" in the key? Because "Neuenkirchen" would then meet "Neunkirchen". Instead the index
 * holds each name in every spelling of its special letters (Köln → "koln" and "koeln"; Måløy → "maloy",
 * "maaloy", "maloey", "maaloey"), and the typed text is only stripped of its marks.
 */

/** Letters with a common two-letter spelling: each index name is stored with both spellings. */
const EXPANSIONS: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  å: 'aa',
  ø: 'oe',
};

/** Letters that Unicode does not decompose into a base letter and a mark. */
const LETTER_MAP: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  // Arabic and Persian: one letter for the regional forms of yeh, kaf, heh and teh marbuta.
  ی: 'ي',
  ى: 'ي',
  ې: 'ي',
  ک: 'ك',
  ة: 'ه',
  ە: 'ه',
  ۀ: 'ه',
  ہ: 'ه',
  ھ: 'ه',
  ٱ: 'ا',
};
const LETTER_PATTERN = new RegExp(`[${Object.keys(LETTER_MAP).join('')}]`, 'gu');

/** Tatweel, zero-width (non-)joiners and the byte order mark: invisible, so dropped. */
const INVISIBLE = /[\u0640\u200b-\u200f\u2060\ufeff]/g;
const MARKS = /\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Most place names are plain ASCII: they skip the Unicode steps, which the data load runs 30,000 times. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII digits, so "٢٠٠٩٥" is a postcode too. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/**
 * The lookup key of a typed text: lower case, marks stripped (ö→o, ё→е, أ→ا), regional Arabic letters
 * unified, punctuation and hyphens turned into single spaces, "st" read as "sankt".
 *
 * @example normalizeKey(' Hamburg-Altona ') === 'hamburg altona'
 * @example normalizeKey('Кёльн') === 'кельн'
 */
export function normalizeKey(text: string): string {
  const folded = (
    PLAIN_ASCII.test(text) ? text.toLowerCase().replace(/[^a-z0-9]+/g, ' ') : foldUnicode(text)
  ).trim();
  if (folded === '') return '';
  return folded.includes('st') ? folded.replace(/(^| )st(?= |$)/g, '$1sankt') : folded;
}

function foldUnicode(text: string): string {
  return asciiDigits(text.normalize('NFKC').toLowerCase())
    .replace(LETTER_PATTERN, (letter) => LETTER_MAP[letter] ?? letter)
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(INVISIBLE, '')
    .replace(SEPARATORS, ' ');
}

/**
 * Every key under which a place name is indexed: the plain key and each mix of two-letter spellings of
 * ä, ö, ü, å and ø (at most 16 keys; names with more special letters get the plain and the fully expanded key).
 *
 * @example spellingKeys('Måløy') // ['maloy', 'maaloy', 'maloey', 'maaloey']
 */
export function spellingKeys(name: string): string[] {
  if (PLAIN_ASCII.test(name)) {
    const key = normalizeKey(name);
    return key === '' ? [] : [key];
  }
  const lower = name.normalize('NFKC').toLowerCase().normalize('NFC');
  const chars = [...lower];
  const positions = chars.flatMap((char, index) => (char in EXPANSIONS ? [index] : []));
  const keys = new Set<string>();
  if (positions.length > 4) {
    keys.add(normalizeKey(lower));
    keys.add(normalizeKey(chars.map((char) => EXPANSIONS[char] ?? char).join('')));
    return [...keys];
  }
  for (let mask = 0; mask < 1 << positions.length; mask += 1) {
    const variant = [...chars];
    positions.forEach((position, bit) => {
      const char = chars[position];
      if (char !== undefined && mask & (1 << bit)) variant[position] = EXPANSIONS[char] ?? char;
    });
    keys.add(normalizeKey(variant.join('')));
  }
  keys.delete('');
  return [...keys];
}

/** Words that join a town to the river, region or hill that tells it apart ("Frankfurt am Main", "Mo i Rana"). */
const QUALIFIER =
  /^(.+?)\s+(?:am|an der|an den|an|auf der|auf|bei|im|in der|in den|in|i|ob der|unter|vor der|a\.\s?d\.|a\.|v\.\s?d\.)\s+(.+)$/i;

/**
 * The shorter names a place is also known by: "Frankfurt am Main" → "Frankfurt", "Frankfurt Main";
 * "Halle (Saale)" → "Halle"; "Neustadt/Vogtland" → "Neustadt"; "Kristiansand S" → "Kristiansand";
 * "Bautzen - Budyšin" → "Bautzen", "Budyšin". The full name itself is not included.
 */
export function shortNames(name: string): string[] {
  const result = new Set<string>();
  const parts = name.split(/\s+-\s+/).filter((part) => part.trim() !== '');
  if (parts.length > 1) for (const part of parts) result.add(part.trim());
  for (const part of parts) {
    const paren = /^(.+?)\s*\(.*\)\s*$/.exec(part);
    if (paren?.[1]) result.add(paren[1]);
    const slash = /^(.+?)\s*\/\s*\S.*$/.exec(part);
    if (slash?.[1]) result.add(slash[1]);
    const qualified = QUALIFIER.exec(part);
    if (qualified?.[1] && qualified[2]) {
      result.add(qualified[1]);
      result.add(`${qualified[1]} ${qualified[2]}`);
    }
    const letter = /^(.{3,}?)\s+[A-ZÆØÅ]$/.exec(part);
    if (letter?.[1]) result.add(letter[1]);
  }
  result.delete(name);
  return [...result];
}

/** Words before a place name that carry no meaning for the lookup ("in Hamburg", "i Oslo", "في برلين"). */
const LEADING_WORDS = new Set(
  [
    'in',
    'i',
    'im',
    'nach',
    'aus',
    'bei',
    'near',
    'from',
    'at',
    'to',
    'fi',
    'في',
    'в',
    'у',
    'во',
    'در',
    'من',
  ].map((word) => normalizeKey(word)),
);

/** Words after a place name that carry no meaning for the lookup ("Oslo, Norway", "Bergen kommune"). */
const TRAILING_WORDS = new Set(
  [
    'germany',
    'deutschland',
    'norway',
    'norge',
    'noreg',
    'tyskland',
    'almanya',
    'norvec',
    'kommune',
    'stadt',
    'city',
    'ألمانيا',
    'المانيا',
    'النرويج',
    'آلمان',
    'نروژ',
    'германия',
    'норвегия',
    'німеччина',
    'норвегія',
  ].map((word) => normalizeKey(word)),
);

/**
 * The key without filler words around the name: "in Hamburg" → "hamburg", "Oslo Norway" → "oslo".
 * Returns the key unchanged when nothing would be left.
 */
export function stripFillerWords(key: string): string {
  const words = key.split(' ');
  let start = 0;
  let end = words.length;
  while (end - start > 1 && LEADING_WORDS.has(words[start] ?? '')) start += 1;
  while (end - start > 1 && TRAILING_WORDS.has(words[end - 1] ?? '')) end -= 1;
  return words.slice(start, end).join(' ');
}

/**
 * The words after the last "in"-like word of a short sentence, where people name their town:
 * "ich wohne in hamburg" → "hamburg", "jeg bor i bergen" → "bergen". Undefined when there is none, the
 * sentence is long, or more than three words follow.
 */
export function afterPlaceWord(key: string): string | undefined {
  const words = key.split(' ');
  if (words.length > 8) return undefined;
  for (let index = words.length - 2; index >= 0; index -= 1) {
    if (LEADING_WORDS.has(words[index] ?? '')) {
      const rest = words.slice(index + 1);
      return rest.length <= 3 ? rest.join(' ') : undefined;
    }
  }
  return undefined;
}

/**
 * Damerau-Levenshtein distance (with adjacent transpositions), stopping early once it exceeds `max`.
 * Used only for the one-letter typo rule, so `max` is small.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i += 1) {
    let rowMin = Number.POSITIVE_INFINITY;
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
  }
  return (d[rows - 1] as number[])[cols - 1] as number;
}

import type { Language } from '../languages';
import { normalizeText, wordsOf } from './normalize';

/**
 * Guesses which of our languages a text is written in, or undefined when unsure.
 *
 * Not a general-purpose detector: the small npm detectors we measured (tinyld light) took Farsi, Pashto and
 * Sorani for Arabic, Ukrainian for Russian, Somali for Turkish and Kurmanji for French. Here non-Latin scripts
 * are told apart by the letters only one language uses, and Latin-script languages by their most common small
 * words. Farsi and Dari are not told apart (same script and words); the caller treats them as one.
 */
export function detectLanguage(text: string): Language | undefined {
  if (/[\u1200-\u137f]/.test(text)) return 'ti';
  if (/[\u0400-\u04ff]/.test(text)) return detectCyrillic(text);
  if (/[\u0600-\u06ff]/.test(text)) return detectArabicScript(text);
  return detectLatin(text);
}

function detectCyrillic(text: string): Language | undefined {
  if (/[іїєґ]/i.test(text)) return 'uk';
  if (/[ыэъё]/i.test(text)) return 'ru';
  return undefined;
}

function detectArabicScript(text: string): Language | undefined {
  if (/[ەێۆڵڕڤ]/.test(text)) return 'ckb';
  if (/[ټډړږښګڼېۍ]/.test(text)) return 'ps';
  if (/[پچژگ]|ی/.test(text)) return 'fa';
  if (/[ةىي]/.test(text)) return 'ar';
  return undefined;
}

/** Frequent small words: a text counts as a language when at least two of its words are on that list. */
const COMMON_WORDS: Partial<Record<Language, readonly string[]>> = {
  de: [
    'ich',
    'und',
    'der',
    'die',
    'das',
    'nicht',
    'ist',
    'habe',
    'mit',
    'ein',
    'eine',
    'bin',
    'mein',
    'meine',
    'wir',
    'auch',
    'fur',
    'auf',
    'suche',
    'bitte',
  ],
  en: [
    'i',
    'and',
    'the',
    'is',
    'have',
    'my',
    'with',
    'am',
    'not',
    'for',
    'to',
    'you',
    'me',
    'looking',
    'want',
    'please',
    'need',
  ],
  fr: [
    'je',
    'et',
    'le',
    'la',
    'les',
    'un',
    'une',
    'est',
    'suis',
    'pas',
    'avec',
    'pour',
    'mon',
    'ma',
    'ai',
    'des',
    'cherche',
  ],
  tr: [
    've',
    'bir',
    'bu',
    'ben',
    'benim',
    'var',
    'yok',
    'icin',
    'cok',
    'ile',
    'degil',
    'istiyorum',
    'ariyorum',
    'lutfen',
  ],
  kmr: [
    'ez',
    'u',
    'min',
    'bi',
    'li',
    'ji',
    'ku',
    'heye',
    'nine',
    'dixwazim',
    'ji',
    'em',
    'tu',
    'ev',
    'digerim',
  ],
  // Tigrinya typed in Latin letters.
  ti: [
    'iye',
    'aleni',
    'yeblen',
    'yebleyn',
    'kulu',
    'ane',
    'kab',
    'hagezuni',
    'kemey',
    'entay',
    'zeleku',
    'gele',
  ],
  so: ['waxaan', 'iyo', 'ka', 'ku', 'waa', 'aan', 'qabaa', 'raadinayaa', 'leeyahay', 'ah', 'ayaan', 'baan'],
  nb: ['jeg', 'og', 'ikke', 'er', 'har', 'en', 'et', 'det', 'som', 'med', 'pa', 'til', 'meg', 'min', 'etter'],
  nn: [
    'eg',
    'og',
    'ikkje',
    'er',
    'har',
    'ein',
    'eit',
    'det',
    'som',
    'med',
    'pa',
    'til',
    'meg',
    'min',
    'etter',
  ],
};

function detectLatin(text: string): Language | undefined {
  const words = wordsOf(normalizeText(text));
  const scores = Object.entries(COMMON_WORDS)
    .map(([lang, list]) => ({
      lang: lang as Language,
      hits: words.filter((word) => list.includes(word)).length,
    }))
    .sort((a, b) => b.hits - a.hits);
  const [best, second] = scores;
  if (!best || best.hits < 2 || (second && second.hits === best.hits)) return undefined;
  return best.lang;
}

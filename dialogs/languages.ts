/** Languages the bot speaks. The first ones are complete; the rest arrive with the language issue. */
export const SUPPORTED_LANGUAGES = [
  'de',
  'en',
  'ar',
  'fa',
  'prs',
  'ps',
  'uk',
  'ru',
  'tr',
  'kmr',
  'ckb',
  'ti',
  'so',
  'nb',
  'nn',
  'fr',
] as const;

export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** Scripts written right to left: their messages wrap numbers and names in Unicode isolates. */
export const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set<Language>(['ar', 'fa', 'prs', 'ps', 'ckb']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Maps a channel's language tag (Telegram `language_code` such as "uk" or "pt-BR", Teams `locale` such as
 * "ar-SA") to a supported language, or undefined when none matches.
 */
export function languageFromTag(tag: string | undefined | null): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase().replace('_', '-');
  if (isLanguage(lower)) return lower;
  const [base, region] = lower.split('-');
  // Norwegian: plain "no"/"nb" is Bokmål; "nn" Nynorsk. Dari is often tagged fa-AF.
  if (base === 'no') return 'nb';
  if (base === 'fa' && region === 'af') return 'prs';
  if (base === 'ku') return 'kmr';
  return isLanguage(base) ? base : undefined;
}

/** Where a language borrows missing texts from before English. */
export const FALLBACKS: Partial<Record<Language, Language[]>> = {
  prs: ['fa'],
  nn: ['nb'],
};

export function fallbackChain(lang: Language): Language[] {
  const chain: Language[] = [lang, ...(FALLBACKS[lang] ?? []), 'en'];
  return chain.filter((l, i) => chain.indexOf(l) === i);
}

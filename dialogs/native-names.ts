import type { Language } from './languages';

/** Each language's name in itself, for the language menu (a user may not read the current language). */
export const NATIVE_NAMES: Record<Language, string> = {
  de: 'Deutsch',
  en: 'English',
  ar: 'العربية',
  fa: 'فارسی',
  prs: 'دری',
  ps: 'پښتو',
  uk: 'Українська',
  ru: 'Русский',
  tr: 'Türkçe',
  kmr: 'Kurmancî',
  ckb: 'کوردی (سۆرانی)',
  ti: 'ትግርኛ',
  so: 'Soomaali',
  nb: 'Norsk bokmål',
  nn: 'Norsk nynorsk',
  fr: 'Français',
};

import { type Language, SUPPORTED_LANGUAGES } from './languages';
import { normalizeText } from './understand/normalize';

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

/** A language typed by its own name or its code ("deutsch", "العربية", "uk"). */
export function languageNamed(text: string): Language | undefined {
  const typed = normalizeText(text);
  return SUPPORTED_LANGUAGES.find((lang) => lang === typed || normalizeText(NATIVE_NAMES[lang]) === typed);
}

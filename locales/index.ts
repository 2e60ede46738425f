import type { Language } from '../dialogs/languages';
import enRecognition from './en/recognition.json';
import enTranslation from './en/translation.json';

/** The display texts of one language (i18next resources, nested keys). */
export type Translation = typeof enTranslation;

/** Words the bot recognises in typed text, per language. */
export interface Recognition {
  topics: Record<string, string[]>;
  danger: Record<string, string[]>;
  yes: string[];
  no: string[];
}

export interface LocaleResources {
  translation: Record<string, unknown>;
  recognition: Recognition;
}

/**
 * Every language's resources, bundled with the code (they are small, and a cold start should not read files).
 * A language missing here falls back along `FALLBACKS` and finally to English.
 */
export const LOCALES: Partial<Record<Language, LocaleResources>> = {
  en: { translation: enTranslation, recognition: enRecognition },
};

/** Where a language borrows missing texts from before English. */
export const FALLBACKS: Partial<Record<Language, Language[]>> = {
  prs: ['fa'],
  nn: ['nb'],
};

export function fallbackChain(lang: Language): Language[] {
  const chain: Language[] = [lang, ...(FALLBACKS[lang] ?? []), 'en'];
  return chain.filter((l, i) => chain.indexOf(l) === i);
}

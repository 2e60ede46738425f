import type { Language } from '../dialogs/languages';
import deRecognition from './de/recognition.json';
import deTranslation from './de/translation.json';
import enRecognition from './en/recognition.json';
import enTranslation from './en/translation.json';
import ukRecognition from './uk/recognition.json';
import ukTranslation from './uk/translation.json';
import ruRecognition from './ru/recognition.json';
import ruTranslation from './ru/translation.json';
import trRecognition from './tr/recognition.json';
import trTranslation from './tr/translation.json';
import kmrRecognition from './kmr/recognition.json';
import kmrTranslation from './kmr/translation.json';
import tiRecognition from './ti/recognition.json';
import tiTranslation from './ti/translation.json';
import soRecognition from './so/recognition.json';
import soTranslation from './so/translation.json';
import nbRecognition from './nb/recognition.json';
import nbTranslation from './nb/translation.json';
import nnRecognition from './nn/recognition.json';
import nnTranslation from './nn/translation.json';
import frRecognition from './fr/recognition.json';
import frTranslation from './fr/translation.json';

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
  de: { translation: deTranslation, recognition: deRecognition },
  en: { translation: enTranslation, recognition: enRecognition },
  uk: { translation: ukTranslation, recognition: ukRecognition },
  ru: { translation: ruTranslation, recognition: ruRecognition },
  tr: { translation: trTranslation, recognition: trRecognition },
  kmr: { translation: kmrTranslation, recognition: kmrRecognition },
  ti: { translation: tiTranslation, recognition: tiRecognition },
  so: { translation: soTranslation, recognition: soRecognition },
  nb: { translation: nbTranslation, recognition: nbRecognition },
  nn: { translation: nnTranslation, recognition: nnRecognition },
  fr: { translation: frTranslation, recognition: frRecognition },
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

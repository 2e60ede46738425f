import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Language, SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import type { RecognitionData } from '../../dialogs/understand/lexicon';

/** Words the bot recognises in typed text, per language (the shape of `recognition.json`). */
export type Recognition = RecognitionData;

export interface LocaleResources {
  /** The display texts (i18next resources, nested keys). */
  translation: Record<string, unknown>;
  recognition: Recognition;
}

/**
 * Where the language folders are: `LOCALES_DIR`; beside the Lambda bundle (`<bundle>/locales`, copied there by
 * the stack); or the repository's `locales/` when running from source. The texts are read from files, not bundled: a cold start
 * reads only the languages it needs, and the bundle stays small.
 */
export function localesDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.LOCALES_DIR
    ? [env.LOCALES_DIR]
    : [path.join(__dirname, 'locales'), path.join(__dirname, '..', '..', 'locales')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'en', 'translation.json')));
  if (!found) {
    throw new Error(
      `No locales found in ${candidates.join(' or ')}. Set LOCALES_DIR to the folder with en/, de/, ...`,
    );
  }
  return found;
}

function readLocale(dir: string, lang: Language): LocaleResources {
  const read = (file: string) => JSON.parse(readFileSync(path.join(dir, lang, file), 'utf8'));
  return { translation: read('translation.json'), recognition: read('recognition.json') as Recognition };
}

/**
 * Every language's resources, read on first use of that language. `Object.keys(LOCALES)` lists the languages
 * that have texts; reading a property loads that language once.
 */
export const LOCALES: Partial<Record<Language, LocaleResources>> = (() => {
  const dir = localesDir();
  const present = new Set(readdirSync(dir));
  const locales: Partial<Record<Language, LocaleResources>> = {};
  for (const lang of SUPPORTED_LANGUAGES.filter((l) => present.has(l))) {
    let loaded: LocaleResources | undefined;
    Object.defineProperty(locales, lang, {
      enumerable: true,
      get: () => {
        loaded ??= readLocale(dir, lang);
        return loaded;
      },
    });
  }
  return locales;
})();

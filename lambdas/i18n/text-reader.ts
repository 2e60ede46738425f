import { createTextReader, type TextReader } from '../../dialogs/understand/text-reader';
import { LOCALES } from './locales';

/**
 * The dialog's reader of typed text over the language files (read per language on first use). One per process:
 * a warm function keeps the compiled word lists.
 */
export const textReader: TextReader = createTextReader({
  wordLists: (lang) => LOCALES[lang]?.recognition,
  texts: (lang) => LOCALES[lang]?.translation,
});

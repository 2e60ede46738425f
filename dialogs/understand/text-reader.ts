import type { Language } from '../languages';
import { createRecognizer, type Recognizer, type WordListSource } from './recognizer';
import { createTypedButtons, type TextSource } from './typed-buttons';

/** The language data the dialog reads typed text with; loaded outside the dialog and passed in. */
export interface LanguageData {
  /** A language's word lists (`recognition.json`). */
  wordLists: WordListSource;
  /** A language's display texts (`translation.json`): typed button labels are read with them. */
  texts: TextSource;
}

/** Everything the dialog makes of typed text: danger, concerns, yes or no, a button's label typed. */
export interface TextReader extends Recognizer {
  /** The button whose label was typed instead of pressed, or undefined. */
  typedButton(text: string, lang: Language): string | undefined;
}

export function createTextReader(data: LanguageData): TextReader {
  return { ...createRecognizer(data.wordLists), typedButton: createTypedButtons(data.texts) };
}

import { SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import { recognizeDanger } from '../../dialogs/understand/recognizer';
import { LOCALES } from '../../locales';

type Tree = { [key: string]: string | Tree };
const values = (tree: Tree): string[] =>
  Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : values(value)));

/** Everyday sentences of people in danger, written for this test (not copied from the word lists). */
const IN_DANGER: [string, string][] = [
  ['en', 'I just want to die'],
  ['en', 'my husband hits me and I am in danger'],
  ['de', 'Ich will nicht mehr leben'],
  ['de', 'Mein Mann schlägt mich'],
  ['fr', 'Je veux mourir'],
  ['nb', 'Jeg vil ikke leve lenger'],
  ['uk', 'Я не хочу жити'],
  ['ru', 'Я не хочу жить'],
  ['tr', 'Artık yaşamak istemiyorum'],
  ['ar', 'أريد أن أموت'],
  ['fa', 'می‌خواهم خودم را بکشم'],
];

/** Ordinary sentences of a group search that must not bring up emergency numbers. */
const ORDINARY: string[] = [
  'I am looking for a group for my mother with dementia',
  'Ich suche eine Gruppe für Diabetes in Hamburg',
  'Gibt es eine Gruppe auf Arabisch?',
  'Je cherche un groupe de parole pour le deuil',
  'Шукаю групу для батьків',
  'أبحث عن مجموعة للنساء في دورتموند',
  'Jeg leter etter en gruppe i Florø',
];

test.each(IN_DANGER)('recognises danger in %s: "%s"', (_lang, sentence) => {
  expect(recognizeDanger(sentence)).toBeDefined();
});

test.each(ORDINARY)('does not raise the alarm for "%s"', (sentence) => {
  expect(recognizeDanger(sentence)).toBeUndefined();
});

test.each(SUPPORTED_LANGUAGES.filter((lang) => lang !== 'en'))(
  'no text the bot itself says in %s sounds like danger',
  (lang) => {
    const resources = LOCALES[lang];
    const texts = values((resources?.translation ?? {}) as Tree);
    expect(texts.filter((text) => recognizeDanger(text) !== undefined)).toEqual([]);
  },
);

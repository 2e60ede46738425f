import type { Language } from '../../dialogs/languages';
import { SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import { LOCALES } from '../../lambdas/i18n/locales';
import { textReader } from '../../lambdas/i18n/text-reader';

const { recognizeDanger } = textReader;

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

describe('words that deny, laugh or say it is over', () => {
  test.each([
    ['en', 'I would never hurt myself'],
    ['fr', 'je veux pas mourir, je veux vivre'],
    ['de', 'ich will nicht sterben, ich will nur Ruhe'],
    ['ru', 'я не хочу умирать, я хочу жить нормально'],
  ])(
    'a danger phrase denied by a word before it or between its words is no alarm (%s: "%s")',
    (lang, text) => {
      expect(recognizeDanger(text, lang as Language)).toBeUndefined();
    },
  );

  test.each([
    ['en', "I don't want to live anymore"],
    ['de', 'Ich will nicht mehr leben'],
    ['ru', 'Я не хочу жить'],
  ])('a phrase that itself contains the denying word stays a danger (%s: "%s")', (lang, text) => {
    expect(recognizeDanger(text, lang as Language)).toBeDefined();
  });

  test('laughter turns a killing idiom into a joke, while the same words without it raise the alarm', () => {
    expect(recognizeDanger('sjefen kjem til å drepe meg når han ser dette haha', 'nn')).toBeUndefined();
    expect(recognizeDanger('my boss will kill me 😂', 'en')).toBeUndefined();
    expect(recognizeDanger('he will kill me', 'en')).toBe('violence');
  });

  test('"now I am fine" makes an earlier wish to die a story of the past, but never pills just taken', () => {
    expect(recognizeDanger('I wanted to kill myself when I was 20 but now I am fine', 'en')).toBeUndefined();
    expect(recognizeDanger('berê min dixwest xwe bikujim, lê niha baş im', 'kmr')).toBeUndefined();
    expect(recognizeDanger('I want to kill myself', 'en')).toBe('suicide');
    expect(recognizeDanger('I took 30 pills, now I am fine', 'en')).toBe('overdose');
  });
});

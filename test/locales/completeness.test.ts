import { SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import { TOPIC_IDS } from '../../dialogs/topics';
import { DANGER_KINDS } from '../../dialogs/understand/lexicon';
import { LOCALES } from '../../lambdas/i18n/locales';
import reviewStatus from '../../locales/review-status.json';
import { TEAMS_LANGUAGES, TEAMS_TEXT_LIMITS } from '../../scripts/teams-package';

type Tree = { [key: string]: string | Tree };

/** Flattens nested keys: { a: { b: 'x' } } → { 'a.b': 'x' }. */
function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string'
        ? [[`${prefix}${key}`, value]]
        : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string) => key.replace(PLURAL_SUFFIX, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const english = flatten(LOCALES.en?.translation as Tree);
const englishBases = [...new Set(Object.keys(english).map(baseKey))].sort();

/** Values that are the same in every language: names, abbreviations, symbols. */
const SAME_AS_ENGLISH = new Set([
  'topics.hiv',
  'topics.lgbtq',
  'topicsInText.hiv',
  'topicsInText.lgbtq',
  'menu.language',
  'emergency.service',
]);
/** Words a language really shares with English (checked with the translators). */
const SAME_AS_ENGLISH_IN: Partial<Record<string, string[]>> = {
  tr: ['group.online'],
  kmr: ['group.online'],
  nb: ['topicsInText.diabetes', 'topicsInText.stress'],
  nn: ['topicsInText.diabetes', 'topicsInText.stress'],
};

describe.each(SUPPORTED_LANGUAGES.filter((lang) => lang !== 'en'))('the %s texts', (lang) => {
  const resources = LOCALES[lang];
  const texts = flatten((resources?.translation ?? {}) as Tree);

  test('exist', () => {
    expect(resources).toBeDefined();
  });

  test('have every key of English and no other', () => {
    expect([...new Set(Object.keys(texts).map(baseKey))].sort()).toEqual(englishBases);
  });

  test('use the same placeholders as English', () => {
    const differing = Object.entries(texts).filter(([key, value]) => {
      const source = english[key] ?? english[`${baseKey(key)}_other`] ?? '';
      return JSON.stringify(placeholders(value)) !== JSON.stringify(placeholders(source));
    });
    expect(differing).toEqual([]);
  });

  test('have no empty value and none left in English by mistake', () => {
    const suspicious = Object.entries(texts).filter(
      ([key, value]) =>
        value.trim() === '' ||
        (value === english[key] &&
          !SAME_AS_ENGLISH.has(key) &&
          !SAME_AS_ENGLISH_IN[lang]?.includes(key) &&
          value.length > 3),
    );
    expect(suspicious).toEqual([]);
  });

  test('use only the plural forms the language has (CLDR)', () => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
    const forms = Object.keys(texts).flatMap((key) => key.match(PLURAL_SUFFIX)?.[1] ?? []);
    for (const form of forms) expect(categories).toContain(form);
  });

  test('recognise words for every topic and every kind of danger', () => {
    const recognition = resources?.recognition;
    for (const topic of TOPIC_IDS) expect(recognition?.topics[topic]?.length ?? 0).toBeGreaterThan(0);
    for (const kind of DANGER_KINDS) expect(recognition?.danger[kind]?.length ?? 0).toBeGreaterThan(0);
    expect(recognition?.yes.length).toBeGreaterThan(0);
    expect(recognition?.no.length).toBeGreaterThan(0);
  });

  test('have a review status', () => {
    expect(reviewStatus.languages).toHaveProperty(lang);
  });
});

/** Texts Teams shows in its app store: cut short by `npm run teams:package` when too long, so keep them within. */
describe.each(['en', ...TEAMS_LANGUAGES] as const)('the %s name and short description of the bot', (lang) => {
  const channel = (LOCALES[lang]?.translation as Tree | undefined)?.channel as
    | Record<string, string>
    | undefined;

  test('fit the Teams limits', () => {
    expect(channel?.name?.length ?? 0).toBeLessThanOrEqual(TEAMS_TEXT_LIMITS.shortName);
    expect(channel?.shortDescription?.length ?? 0).toBeLessThanOrEqual(TEAMS_TEXT_LIMITS.shortDescription);
    expect(channel?.description?.length ?? 0).toBeLessThanOrEqual(TEAMS_TEXT_LIMITS.fullDescription);
  });
});

/** The privacy text must say what happens to messages written to staff (they stay in the contact point's Teams). */
test.each(SUPPORTED_LANGUAGES)(
  'the %s privacy text names Microsoft Teams, where messages to staff are kept',
  (lang) => {
    const translation = LOCALES[lang]?.translation as { privacy?: { text?: string } } | undefined;
    const privacy = translation?.privacy?.text ?? '';
    expect(privacy).toContain('Teams');
  },
);

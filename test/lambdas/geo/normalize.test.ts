import {
  editDistance,
  normalizeKey,
  shortNames,
  spellingKeys,
  stripFillerWords,
} from '../../../lambdas/geo/normalize';
import { postcodeCandidates } from '../../../lambdas/geo/postcode';

describe('normalizeKey', () => {
  test.each([
    [' Hamburg-Altona ', 'hamburg altona'],
    ['KÖLN', 'koln'],
    ['Straße', 'strasse'],
    ['Tromsø', 'tromso'],
    ['St. Augustin', 'sankt augustin'],
    ['Halle (Saale)', 'halle saale'],
    ['Кёльн', 'кельн'],
    ['أوسلو', 'اوسلو'],
    ['إوسلو', 'اوسلو'],
    ['برلین', 'برلين'],
    ['کلن', 'كلن'],
    ['أوسـلو', 'اوسلو'],
    ['بیله‌فلد', 'بيلهفلد'],
    ['مَدِينَة', 'مدينه'],
    ['２００９５', '20095'],
    ['٢٠٠٩٥', '20095'],
  ])('turns %j into %j', (input, key) => {
    expect(normalizeKey(input)).toBe(key);
  });
});

describe('spellingKeys', () => {
  test('indexes each special letter in both spellings', () => {
    expect(spellingKeys('Måløy').sort()).toEqual(['maaloey', 'maaloy', 'maloey', 'maloy']);
    expect(spellingKeys('Köln').sort()).toEqual(['koeln', 'koln']);
  });

  test('indexes a plain ASCII name once', () => {
    expect(spellingKeys('Hamburg')).toEqual(['hamburg']);
  });
});

describe('shortNames', () => {
  test.each([
    ['Frankfurt am Main', ['Frankfurt', 'Frankfurt Main']],
    ['Halle (Saale)', ['Halle']],
    ['Neustadt/Vogtland', ['Neustadt']],
    ['Kristiansand S', ['Kristiansand']],
    ['Mo i Rana', ['Mo', 'Mo Rana']],
    ['Hamburg', []],
  ])('derives from %j the names %j', (name, expected) => {
    expect(shortNames(name)).toEqual(expected);
  });
});

describe('stripFillerWords', () => {
  test.each([
    ['in hamburg', 'hamburg'],
    ['i oslo', 'oslo'],
    ['oslo norway', 'oslo'],
    ['bergen kommune', 'bergen'],
    ['in', 'in'],
  ])('turns %j into %j', (key, expected) => {
    expect(stripFillerWords(key)).toBe(expected);
  });
});

describe('editDistance', () => {
  test.each([
    ['dortmund', 'dortmnud', 1],
    ['leipzig', 'leipzg', 1],
    ['hamburg', 'hamburg', 0],
    ['hamburg', 'bremen', 2],
  ])('measures %j to %j as %i (capped at 2)', (a, b, distance) => {
    expect(editDistance(a, b, 1)).toBe(distance);
  });
});

describe('postcodeCandidates', () => {
  test.each([
    [' 20095 ', undefined, [{ country: 'DE', code: '20095' }]],
    ['D-20095', undefined, [{ country: 'DE', code: '20095' }]],
    ['N-6900', undefined, [{ country: 'NO', code: '6900' }]],
    ['NO 6900', 'DE', [{ country: 'NO', code: '6900' }]],
    ['6900', undefined, [{ country: 'NO', code: '6900' }]],
    [
      '1067',
      'DE',
      [
        { country: 'DE', code: '01067' },
        { country: 'NO', code: '1067' },
      ],
    ],
    ['N-20095', undefined, []],
    ['phone 015112345678', undefined, []],
    ['12 345', undefined, []],
  ] as const)('reads %j (hint %s) as %j', (input, hint, expected) => {
    expect(postcodeCandidates(input, hint)).toEqual(expected);
  });
});

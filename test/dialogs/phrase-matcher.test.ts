import { normalizeText } from '../../dialogs/understand/normalize';
import { masked, PhraseMatcher } from '../../dialogs/understand/phrase-matcher';
import { findPostcode } from '../../dialogs/understand/recognizer';
import { consonantsOf, formsOf } from '../../dialogs/understand/word-forms';

function matcher(phrases: string[], rules = {}) {
  const m = new PhraseMatcher<string>(rules);
  for (const phrase of phrases) m.add(phrase, phrase);
  return m;
}

describe('a phrase', () => {
  test.each([
    ['hitting me', 'my husband is hitting me right now', true],
    ['husband hitting me', 'my husband is hitting me right now', true],
    ['husband me', 'husband is really always hitting me', false],
    ['=kill myself', 'kill really myself', false],
    ['=kill myself', 'i want to kill myself', true],
    ['selbstmord*', 'Selbstmordgedanken', true],
    ['1*', 'ich nahm 15 stück', true],
    ['took #10+ pills', 'i took 20 pills', true],
    ['took #10+ pills', 'i took 2 pills', false],
    ['#10+ tabletter', 'tok 15 tabletter', true],
  ])('"%s" in "%s": %s', (phrase, text, expected) => {
    expect(matcher([phrase]).matches(text)).toEqual(expected ? [phrase] : []);
  });

  test('matches typed words under their base form when the language’s endings come off', () => {
    const m = matcher(['şeker'], { suffixes: ['im', 'den', 'ler'] });
    expect(m.matches('şekerlerimden')).toEqual(['şeker']);
  });

  test('folds a language’s own spelling variants on both sides', () => {
    const m = matcher(['på jobb'], { spelling: { aa: 'a' } });
    expect(m.matches('paa jobb')).toEqual(['på jobb']);
  });

  test('stays silent where other lists blanked the words out', () => {
    const m = matcher(['want to die']);
    const text = m.prepare("I don't want to die");
    expect(m.find(masked(text, [{ start: 1, end: 4 }]))).toEqual([]);
  });
});

describe('normalising', () => {
  test.each([
    ['می‌خواهم', 'میخواهم'],
    ['می خواهم', 'میخواهم'],
    ['cœur', 'coeur'],
    ['мʼясо', 'мясо'],
    ['м’ясо', 'мясо'],
    ['ሐዘን', 'ሀዘን'],
    ['ኣነ', 'አነ'],
    ['ګرځم', 'گرزم'],
    ['زۆر خەمبارم', 'زور خهمبارم'],
  ])('reads "%s" as "%s"', (typed, folded) => {
    expect(normalizeText(typed)).toBe(folded);
  });

  test('reduces an Ethiopic word to its consonants, so vowel changes of endings do not matter', () => {
    expect(consonantsOf('ቀተለ')).toBe(consonantsOf('ቀቲሉ'));
    expect(formsOf('ቀቲሉ', { consonants: true })).toContain(consonantsOf('ቀተለ'));
  });
});

test('takes endings off in their normalised spelling (an Arabic ending written with ي)', () => {
  const m = new PhraseMatcher<string>({ suffixes: ['ي'] });
  m.add('سكر', 'diabetes');
  expect(m.matches('سكري')).toEqual(['diabetes']);
});

test('reads Arabic-Indic and Persian digits as numbers ("#10+" matches ٢٠)', () => {
  const m = new PhraseMatcher<string>();
  m.add('#10+ حبة', 'overdose');
  expect(m.matches('بلعت ٢٠ حبة')).toEqual(['overdose']);
  expect(findPostcode('۲۰۰۹۵')).toBe('20095');
});

describe('a concept', () => {
  const concepts = {
    pills: ['pill*', 'tablet*', 'meds'],
    swallowed: ['swallow*', 'took'],
    many: ['#10+', 'all'],
  };
  const withConcepts = (phrase: string) => {
    const m = new PhraseMatcher<string>({}, concepts);
    m.add(phrase, phrase);
    return m;
  };

  test.each([
    ['i took 20 tablets', true],
    ['he swallowed all the pills', true],
    ['i took all my meds', true],
    ['i took 2 tablets', false],
    ['i took all the money', false],
  ])('"@swallowed @many @pills" in "%s": %s', (text, expected) => {
    expect(withConcepts('@swallowed @many @pills').matches(text)).toEqual(
      expected ? ['@swallowed @many @pills'] : [],
    );
  });

  test('a phrase may start with a concept and an unknown concept matches nothing', () => {
    expect(withConcepts('@pills overdose').matches('tablets overdose')).toEqual(['@pills overdose']);
    expect(withConcepts('@nothing here').matches('here')).toEqual([]);
  });
});

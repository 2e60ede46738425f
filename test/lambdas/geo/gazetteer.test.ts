import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Country, Place } from '../../../dialogs/types';
import {
  createGazetteer,
  GazetteerDataError,
  loadDefaultGazetteer,
  resolveGazetteerDir,
} from '../../../lambdas/geo/gazetteer';

const DATA_DIR = path.resolve(__dirname, '../../../data/gazetteer');
const gazetteer = createGazetteer({ dataDir: DATA_DIR });

/** Great-circle distance in km, to check coordinates without pinning the last decimals. */
function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return 6371 * Math.hypot(x, y);
}

const CENTRES = {
  hamburg: { lat: 53.5511, lon: 9.9937 },
  dortmund: { lat: 51.5136, lon: 7.4653 },
  dresden: { lat: 51.0504, lon: 13.7373 },
  leipzig: { lat: 51.3397, lon: 12.3731 },
  berlin: { lat: 52.52, lon: 13.405 },
  koeln: { lat: 50.9375, lon: 6.9603 },
  oslo: { lat: 59.9139, lon: 10.7522 },
  floro: { lat: 61.5996, lon: 5.0328 },
  maaloy: { lat: 61.9353, lon: 5.1136 },
  altona: { lat: 53.5503, lon: 9.9354 },
};

describe('postcode lookup', () => {
  test.each([
    ['20095', '20095 Hamburg', CENTRES.hamburg],
    ['44135', '44135 Dortmund', CENTRES.dortmund],
    ['01067', '01067 Dresden', CENTRES.dresden],
    ['04109', '04109 Leipzig', CENTRES.leipzig],
  ])('finds the German postcode %s with its town in the label', (code, label, centre) => {
    const place = gazetteer.postcode(code);
    expect(place).toMatchObject({ country: 'DE', label, postcode: code });
    expect(km(place as Place, centre)).toBeLessThan(5);
  });

  test.each([
    ['6900', '6900 Florø', CENTRES.floro],
    ['6700', '6700 Måløy', CENTRES.maaloy],
    ['0150', '0150 Oslo', CENTRES.oslo],
  ])('finds the Norwegian postcode %s with its postal town in the label', (code, label, centre) => {
    const place = gazetteer.postcode(code);
    expect(place).toMatchObject({ country: 'NO', label, postcode: code });
    expect(km(place as Place, centre)).toBeLessThan(5);
  });

  test.each([' 20095 ', 'D-20095', 'DE-20095', 'de 20095', 'DE20095', '٢٠٠٩٥', '20095 Hamburg'])(
    'reads %j as the German postcode 20095',
    (input) => {
      expect(gazetteer.postcode(input)?.postcode).toBe('20095');
    },
  );

  test.each(['N-6900', 'NO 6900', 'no-6900', ' 6900 ', '6900 Florø'])(
    'reads %j as the Norwegian postcode 6900',
    (input) => {
      expect(gazetteer.postcode(input)).toMatchObject({ country: 'NO', postcode: '6900' });
    },
  );

  test('treats a postcode the source only placed at Germany’s centre as unknown', () => {
    expect(gazetteer.postcode('60310')).toBeUndefined();
  });

  test.each(['0009', '0014'])('treats the retired Norwegian code %s as unknown', (code) => {
    expect(gazetteer.postcode(code)).toBeUndefined();
  });

  test.each(['99999', '00000', '123', '123456', '0150 0150', 'abc', '', 'N-20095', 'Hamburg'])(
    'finds nothing for %j',
    (input) => {
      expect(gazetteer.postcode(input)).toBeUndefined();
    },
  );

  test('reads four digits as Norwegian, and as a German code that lost its zero only when Germany is hinted', () => {
    expect(gazetteer.postcode('1067')).toMatchObject({ country: 'NO', label: '1067 Oslo' });
    expect(gazetteer.postcode('1067', 'DE')).toMatchObject({ country: 'DE', label: '01067 Dresden' });
    expect(gazetteer.postcode('D-1067')).toMatchObject({ country: 'DE', postcode: '01067' });
  });

  test('lets the country hint break ties only: it never overrides what the digits say', () => {
    expect(gazetteer.postcode('6900', 'DE')).toMatchObject({ country: 'NO', postcode: '6900' });
    expect(gazetteer.postcode('20095', 'NO')).toMatchObject({ country: 'DE', postcode: '20095' });
  });
});

describe('place-name lookup', () => {
  test.each<[string, string, Country]>([
    ['Hamburg', 'Hamburg', 'DE'],
    ['  hamburg ', 'Hamburg', 'DE'],
    ['HAMBURG', 'Hamburg', 'DE'],
    ['in Hamburg', 'Hamburg', 'DE'],
    ['Köln', 'Köln', 'DE'],
    ['Koeln', 'Köln', 'DE'],
    ['Koln', 'Köln', 'DE'],
    ['Cologne', 'Köln', 'DE'],
    ['Düsseldorf', 'Düsseldorf', 'DE'],
    ['Duesseldorf', 'Düsseldorf', 'DE'],
    ['Dusseldorf', 'Düsseldorf', 'DE'],
    ['München', 'München', 'DE'],
    ['Muenchen', 'München', 'DE'],
    ['Munich', 'München', 'DE'],
    ['Nürnberg', 'Nürnberg', 'DE'],
    ['Nuremberg', 'Nürnberg', 'DE'],
    ['Frankfurt', 'Frankfurt am Main', 'DE'],
    ['Frankfurt/Main', 'Frankfurt am Main', 'DE'],
    ['Frankfurt (Oder)', 'Frankfurt (Oder)', 'DE'],
    ['Halle/Saale', 'Halle (Saale)', 'DE'],
    ['St. Augustin', 'Sankt Augustin', 'DE'],
    ['Måløy', 'Måløy', 'NO'],
    ['Maaloy', 'Måløy', 'NO'],
    ['Maloy', 'Måløy', 'NO'],
    ['Florø', 'Florø', 'NO'],
    ['Floro', 'Florø', 'NO'],
    ['Floroe', 'Florø', 'NO'],
    ['Førde', 'Førde', 'NO'],
    ['Tromso', 'Tromsø', 'NO'],
    ['i Oslo', 'Oslo', 'NO'],
    ['Oslo, Norway', 'Oslo', 'NO'],
    ['Kristiansand', 'Kristiansand', 'NO'],
  ])('finds %j as %s', (input, label, country) => {
    expect(gazetteer.place(input)).toMatchObject({ label, country });
  });

  test.each<[string, string]>([
    ['هامبورغ', 'Hamburg'],
    ['هامبورج', 'Hamburg'],
    ['هامبورگ', 'Hamburg'],
    ['Гамбург', 'Hamburg'],
    ['Дрезден', 'Dresden'],
    ['دريسدن', 'Dresden'],
    ['Лейпциг', 'Leipzig'],
    ['لايبزيغ', 'Leipzig'],
    ['دورتموند', 'Dortmund'],
    ['برلين', 'Berlin'],
    ['برلین', 'Berlin'],
    ['Берлин', 'Berlin'],
    ['Берлін', 'Berlin'],
    ['Кёльн', 'Köln'],
    ['Кельн', 'Köln'],
    ['ميونخ', 'München'],
    ['بیله‌فلد', 'Bielefeld'],
    ['Осло', 'Oslo'],
    ['أوسلو', 'Oslo'],
    ['اوسلو', 'Oslo'],
    ['إوسلو', 'Oslo'],
    ['أوسـلو', 'Oslo'],
    ['Тромсё', 'Tromsø'],
    ['في هامبورغ', 'Hamburg'],
  ])('finds %j, written in another script, as %s', (input, label) => {
    expect(gazetteer.place(input)?.label).toBe(label);
  });

  test('finds Hamburg-Altona as the district Altona, not the centre of Hamburg', () => {
    for (const input of [
      'Hamburg-Altona',
      'hamburg altona',
      'Altona, Hamburg',
      'Altona',
      'Гамбург-Альтона',
    ]) {
      const place = gazetteer.place(input);
      expect(place).toMatchObject({ country: 'DE', label: 'Hamburg-Altona' });
      expect(km(place as Place, CENTRES.altona)).toBeLessThan(3);
    }
  });

  test('finds city districts of Norwegian cities from the postcode data', () => {
    expect(gazetteer.place('Oslo Grünerløkka')).toMatchObject({ country: 'NO', label: 'Grünerløkka, Oslo' });
    expect(gazetteer.place('Grunerlokka')).toMatchObject({ label: 'Grünerløkka, Oslo' });
  });

  test('falls back to a large city when the district after it is unknown', () => {
    expect(gazetteer.place('Hamburg-Irgendwo')).toMatchObject({ label: 'Hamburg' });
    expect(gazetteer.place('München Schwabing')).toMatchObject({ label: 'München' });
  });

  test('does not fall back to a small town of the same first name ("Halle Westfalen" is not Halle an der Saale)', () => {
    expect(gazetteer.place('Halle Westfalen')).toBeUndefined();
  });

  test('picks the largest of several places that share a name', () => {
    expect(gazetteer.place('Bergen')).toMatchObject({ country: 'NO', label: 'Bergen' });
    expect(gazetteer.place('Bergen auf Rügen')).toMatchObject({ country: 'DE', label: 'Bergen auf Rügen' });
    expect(gazetteer.place('Halle')).toMatchObject({ label: 'Halle (Saale)' });
    expect(km(gazetteer.place('Hamburg') as Place, CENTRES.hamburg)).toBeLessThan(5);
  });

  test('keeps names apart that only a careless folding of "ue" would merge', () => {
    expect(gazetteer.place('Neuenkirchen')?.label).toBe('Neuenkirchen');
    expect(gazetteer.place('Neunkirchen')?.label).toBe('Neunkirchen');
  });

  test('finds a municipality at its main town (Kinn is Florø, not the islet Kinn)', () => {
    expect(km(gazetteer.place('Kinn') as Place, CENTRES.floro)).toBeLessThan(3);
  });

  test.each([
    ['Dortmnud', 'Dortmund'],
    ['Leipzg', 'Leipzig'],
    ['Hamburgg', 'Hamburg'],
    ['Drezden', 'Dresden'],
  ])('forgives the one-letter typo %j in the name of a large place', (input, label) => {
    expect(gazetteer.place(input)?.label).toBe(label);
  });

  test.each(['Bonnn', 'Esen', 'Oslp'])('does not guess from a typo in the short name %j', (input) => {
    expect(gazetteer.place(input)).toBeUndefined();
  });

  test.each([
    'asdfgh',
    'xyzzy',
    'yes',
    'no',
    'ja',
    'nein',
    'hello',
    'help',
    'Hilfe',
    'takk',
    'danke',
    'depression',
    '',
    '   ',
    '!!!',
    'Hamburg'.repeat(20),
  ])('finds nothing for %j', (input) => {
    expect(gazetteer.place(input)).toBeUndefined();
  });

  test.each([
    ['ich wohne in Hamburg', 'Hamburg'],
    ['I live in Oslo', 'Oslo'],
    ['jeg bor i Bergen', 'Bergen'],
    ['أعيش في هامبورغ', 'Hamburg'],
  ])('finds the town at the end of the short sentence %j', (input, label) => {
    expect(gazetteer.place(input)?.label).toBe(label);
  });

  test('reads a postcode typed with the name as that postcode', () => {
    expect(gazetteer.place('20095 Hamburg')).toMatchObject({ label: '20095 Hamburg', postcode: '20095' });
    expect(gazetteer.place('Florø 6900')).toMatchObject({ label: '6900 Florø', postcode: '6900' });
  });

  test('returns a fresh object each time, so a caller cannot change the next answer', () => {
    const first = gazetteer.place('Dresden') as Place;
    first.lat = 0;
    expect(gazetteer.place('Dresden')?.lat).toBeCloseTo(CENTRES.dresden.lat, 1);
  });
});

describe('data folder', () => {
  const saved = process.env.GAZETTEER_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.GAZETTEER_DIR;
    else process.env.GAZETTEER_DIR = saved;
  });

  test('finds the committed data when running from source', () => {
    expect(resolveGazetteerDir(undefined, {})).toBe(DATA_DIR);
    expect(loadDefaultGazetteer().postcode('20095')?.label).toBe('20095 Hamburg');
  });

  test('gives the same default gazetteer to every caller', () => {
    expect(loadDefaultGazetteer()).toBe(loadDefaultGazetteer());
  });

  test('uses GAZETTEER_DIR when it is set', () => {
    expect(resolveGazetteerDir(undefined, { GAZETTEER_DIR: DATA_DIR })).toBe(DATA_DIR);
  });

  test('reads nothing before the first lookup, then names the folders it tried', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'gazetteer-'));
    try {
      const missing = createGazetteer({ dataDir: empty });
      let error: unknown;
      try {
        missing.postcode('20095');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(GazetteerDataError);
      expect((error as GazetteerDataError).tried).toEqual([empty]);
      expect((error as Error).message).toContain(empty);
      expect((error as Error).message).toContain('npm run build:gazetteer');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('a wrong GAZETTEER_DIR fails loudly instead of silently using other data', () => {
    process.env.GAZETTEER_DIR = '/nonexistent/gazetteer';
    expect(() => createGazetteer().place('Hamburg')).toThrow(/\/nonexistent\/gazetteer/);
  });

  test('keeps the committed data under 1 MB', () => {
    const bytes = readdirSync(DATA_DIR).reduce(
      (sum, file) => sum + statSync(path.join(DATA_DIR, file)).size,
      0,
    );
    expect(bytes).toBeLessThan(1_000_000);
  });
});

describe('aliases.json', () => {
  const aliases = JSON.parse(readFileSync(path.join(DATA_DIR, 'aliases.json'), 'utf8')) as {
    cities: { name: string; country: Country; aliases: string[] }[];
    districts: { city: string; country: Country; name: string; postcode: string; aliases: string[] }[];
  };

  test('loads without conflicts', () => {
    expect(() => createGazetteer({ dataDir: DATA_DIR }).preload()).not.toThrow();
  });

  test('leads every spelling to its own city', () => {
    for (const city of aliases.cities) {
      const target = gazetteer.place(city.name);
      expect(target).toMatchObject({ country: city.country });
      for (const alias of city.aliases) {
        expect({ alias, found: gazetteer.place(alias) }).toEqual({ alias, found: target });
      }
    }
  });

  test('places every district inside its city', () => {
    for (const district of aliases.districts) {
      const city = gazetteer.place(district.city) as Place;
      const byPostcode = gazetteer.postcode(district.postcode);
      expect({ district: district.name, label: byPostcode?.label }).toEqual({
        district: district.name,
        label: `${district.postcode} ${city.label}`,
      });
      const found = gazetteer.place(`${district.city}-${district.name}`) as Place;
      expect(found.label).toBe(`${city.label}-${district.name}`);
      expect(km(found, city)).toBeLessThan(20);
    }
  });
});

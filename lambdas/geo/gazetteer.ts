import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import type { Country, Gazetteer, Place } from '../../dialogs/types';
import { GAZETTEER_FILES, type PostcodeRow, parsePlaces, parsePostcodes } from './files';
import {
  afterPlaceWord,
  editDistance,
  normalizeKey,
  shortNames,
  spellingKeys,
  stripFillerWords,
} from './normalize';
import { postcodeCandidates } from './postcode';

/**
 * The gazetteer: German and Norwegian postcodes and place names to coordinates.
 *
 * The tables live in files beside the code (`data/gazetteer/`, built by `npm run build:gazetteer`) and are
 * read synchronously on the first lookup, so they never enter the Lambda bundle.
 *
 * @example
 * const gazetteer = loadDefaultGazetteer();
 * gazetteer.postcode('D-20095'); // { lat: 53.55, lon: 10.0, country: 'DE', label: '20095 Hamburg', postcode: '20095' }
 * gazetteer.place('Hamburg-Altona'); // { lat: 53.55, lon: 9.94, country: 'DE', label: 'Hamburg-Altona' }
 * gazetteer.place('Дрезден'); // { ..., country: 'DE', label: 'Dresden' }
 */

/** The gazetteer data is missing or broken. The message says where it looked and how to fix it. */
export class GazetteerDataError extends Error {
  constructor(
    message: string,
    /** The folders that were tried, when the data folder was not found. */
    readonly tried: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'GazetteerDataError';
  }
}

/** A gazetteer that can also load its data ahead of the first lookup (for example at a Lambda's cold start). */
export interface LoadableGazetteer extends Gazetteer {
  /** Reads all tables now; throws {@link GazetteerDataError} when they are missing or broken. */
  preload(): void;
}

export interface GazetteerOptions {
  /** Folder with the tables; otherwise `GAZETTEER_DIR`, then the folders beside the code. */
  dataDir?: string;
}

/**
 * The data folder: `dataDir` or else `GAZETTEER_DIR` when given (then only that one, so a wrong setting fails
 * loudly instead of silently using other data); otherwise `gazetteer/` beside this file (the deployed bundle,
 * where the stack copies `data/gazetteer`) and then `../../data/gazetteer` (running from source).
 */
export function resolveGazetteerDir(dataDir?: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = dataDir ?? (env.GAZETTEER_DIR || undefined);
  const candidates =
    given === undefined
      ? [path.join(__dirname, 'gazetteer'), path.join(__dirname, '../../data/gazetteer')]
      : [path.resolve(given)];
  const found = candidates.find((dir) => existsSync(path.join(dir, GAZETTEER_FILES.postcodes.DE)));
  if (found !== undefined) return found;
  throw new GazetteerDataError(
    `Gazetteer data not found: no ${GAZETTEER_FILES.postcodes.DE} in ${candidates.join(' or ')}. ` +
      'Point GAZETTEER_DIR (or the dataDir option) at a copy of data/gazetteer, or rebuild it with ' +
      '`npm run build:gazetteer`; a deployed bundle needs data/gazetteer copied beside it as gazetteer/.',
    candidates,
  );
}

const AliasesSchema = z.object({
  cities: z.array(
    z.object({
      name: z.string().check(z.minLength(1)),
      country: z.enum(['DE', 'NO']),
      aliases: z.array(z.string().check(z.minLength(1))),
    }),
  ),
  districts: z.array(
    z.object({
      city: z.string().check(z.minLength(1)),
      country: z.enum(['DE', 'NO']),
      name: z.string().check(z.minLength(1)),
      postcode: z.string().check(z.regex(/^\d{4,5}$/)),
      standalone: z.boolean(),
      aliases: z.array(z.string().check(z.minLength(1))),
    }),
  ),
});
type Aliases = z.infer<typeof AliasesSchema>;

/** One place that names lead to. */
interface Entry {
  place: Place;
  /** Its own name's key, to find an alias target by name. */
  nameKey: string;
  /** Rough number of inhabitants: among places sharing a name, the largest wins. */
  weight: number;
  /** True for city districts (never alias targets themselves). */
  district: boolean;
  /** Districts by key, for "Hamburg-Altona" and "Oslo Grünerløkka". */
  districts?: Map<string, Entry>;
}

interface PlaceIndex {
  /** Entries by key, the largest first. */
  byKey: Map<string, Entry[]>;
  /** Hand-made spellings, which win over the tables. */
  aliases: Map<string, Entry>;
  /** Keys of places large enough to be guessed from a one-letter typo, filled on first use. */
  fuzzy?: { key: string; entry: Entry }[];
}

type PostcodeTables = Record<Country, Map<string, PostcodeRow>>;

/** A city this large is meant by "City-Something" even when "Something" is not a district we know. */
const CITY_WITH_DISTRICTS = 250_000;
/** Only places this large are guessed from a typo: a small namesake must never win by accident. */
const FUZZY_MIN_WEIGHT = 30_000;
/** A typo is forgiven only in names at least this long (letters, without spaces). */
const FUZZY_MIN_LENGTH = 6;
const MAX_INPUT_LENGTH = 100;
const COUNTRIES: readonly Country[] = ['DE', 'NO'];

function readText(dir: string, file: string): string {
  try {
    return readFileSync(path.join(dir, file), 'utf8');
  } catch (cause) {
    const message = `Cannot read the gazetteer file ${path.join(dir, file)}: rebuild data/gazetteer`;
    throw new GazetteerDataError(message, [dir], { cause });
  }
}

function loadPostcodes(dir: string): PostcodeTables {
  const tables = {} as PostcodeTables;
  for (const country of COUNTRIES) {
    const file = GAZETTEER_FILES.postcodes[country];
    tables[country] = new Map(parsePostcodes(readText(dir, file), file).map((row) => [row.postcode, row]));
  }
  return tables;
}

function postcodePlace(country: Country, row: PostcodeRow): Place {
  const label = row.place === '' ? row.postcode : `${row.postcode} ${row.place}`;
  return { lat: row.lat, lon: row.lon, country, label, postcode: row.postcode };
}

function addKey(index: PlaceIndex, key: string, entry: Entry): void {
  if (key === '') return;
  const list = index.byKey.get(key);
  if (!list) index.byKey.set(key, [entry]);
  else if (!list.includes(entry)) list.push(entry);
}

function namesOf(name: string, alt: readonly string[]): string[] {
  return [name, ...alt].flatMap((each) => [each, ...shortNames(each)]);
}

/** The largest non-district place of a country whose own name is `name`. */
function findByName(index: PlaceIndex, name: string, country: Country): Entry | undefined {
  const key = normalizeKey(name);
  return index.byKey
    .get(key)
    ?.find((entry) => entry.place.country === country && !entry.district && entry.nameKey === key);
}

function addDistrict(city: Entry, keys: readonly string[], district: Entry): void {
  city.districts ??= new Map();
  for (const key of keys) city.districts.set(key, district);
}

function setAlias(index: PlaceIndex, alias: string, entry: Entry): void {
  for (const key of spellingKeys(alias)) {
    const existing = index.aliases.get(key);
    if (existing && existing !== entry) {
      throw new GazetteerDataError(
        `aliases.json: "${alias}" means both ${existing.place.label} and ${entry.place.label}; keep one`,
      );
    }
    index.aliases.set(key, entry);
  }
}

function applyAliases(index: PlaceIndex, aliases: Aliases, postcodes: PostcodeTables): void {
  const target = (name: string, country: Country): Entry => {
    const entry = findByName(index, name, country);
    if (!entry) throw new GazetteerDataError(`aliases.json: no place "${name}" in ${country}; fix the name`);
    return entry;
  };
  for (const city of aliases.cities) {
    const entry = target(city.name, city.country);
    for (const alias of city.aliases) setAlias(index, alias, entry);
  }
  for (const district of aliases.districts) {
    const city = target(district.city, district.country);
    const row = postcodes[district.country].get(district.postcode);
    if (!row) {
      throw new GazetteerDataError(
        `aliases.json: the postcode ${district.postcode} of ${district.name} is unknown`,
      );
    }
    const label = `${city.place.label}-${district.name}`;
    const entry: Entry = {
      place: { lat: row.lat, lon: row.lon, country: district.country, label },
      nameKey: normalizeKey(district.name),
      weight: 0,
      district: true,
    };
    addDistrict(city, [...spellingKeys(district.name), ...district.aliases.flatMap(spellingKeys)], entry);
    setAlias(index, label, entry);
    if (district.standalone) setAlias(index, district.name, entry);
    for (const alias of district.aliases) setAlias(index, alias, entry);
  }
}

function loadPlaces(dir: string, postcodes: PostcodeTables): PlaceIndex {
  const index: PlaceIndex = { byKey: new Map(), aliases: new Map() };
  const districts: { entry: Entry; parent: string; keys: string[] }[] = [];
  for (const country of COUNTRIES) {
    const file = GAZETTEER_FILES.places[country];
    for (const row of parsePlaces(readText(dir, file), file)) {
      const district = row.parent !== '';
      const entry: Entry = {
        place: {
          lat: row.lat,
          lon: row.lon,
          country,
          label: district ? `${row.name}, ${row.parent}` : row.name,
        },
        nameKey: normalizeKey(row.name),
        weight: row.weight,
        district,
      };
      const keys = [...new Set(namesOf(row.name, row.alt).flatMap(spellingKeys))];
      for (const key of keys) addKey(index, key, entry);
      if (district) districts.push({ entry, parent: row.parent, keys });
    }
  }
  for (const list of index.byKey.values()) list.sort((a, b) => b.weight - a.weight);
  for (const { entry, parent, keys } of districts) {
    const city = findByName(index, parent, entry.place.country);
    if (city) addDistrict(city, keys, entry);
  }
  const aliasesFile = GAZETTEER_FILES.aliases;
  const parsed = AliasesSchema.safeParse(JSON.parse(readText(dir, aliasesFile)));
  if (!parsed.success) {
    throw new GazetteerDataError(`${aliasesFile} does not match its schema: ${parsed.error.message}`);
  }
  applyAliases(index, parsed.data, postcodes);
  return index;
}

function exact(index: PlaceIndex, key: string): Entry | undefined {
  return index.aliases.get(key) ?? index.byKey.get(key)?.[0];
}

/** "Hamburg Altona", "Altona Hamburg", "Berlin irgendwo" (→ Berlin); undefined when no split fits. */
function bySplit(index: PlaceIndex, key: string): Entry | undefined {
  const words = key.split(' ');
  for (let cut = 1; cut < words.length; cut += 1) {
    const left = words.slice(0, cut).join(' ');
    const right = words.slice(cut).join(' ');
    const district = exact(index, left)?.districts?.get(right) ?? exact(index, right)?.districts?.get(left);
    if (district) return district;
  }
  for (let cut = words.length - 1; cut >= 1; cut -= 1) {
    const city = exact(index, words.slice(0, cut).join(' '));
    const bigCity = city && !city.district && (city.districts || city.weight >= CITY_WITH_DISTRICTS);
    if (bigCity && words.length - cut <= 3) return city;
  }
  return undefined;
}

function fuzzyKeys(index: PlaceIndex): { key: string; entry: Entry }[] {
  if (!index.fuzzy) {
    const keys = [...index.aliases.entries()].map(([key, entry]) => ({ key, entry }));
    for (const [key, list] of index.byKey) {
      const best = list[0];
      if (best && best.weight >= FUZZY_MIN_WEIGHT && !index.aliases.has(key)) keys.push({ key, entry: best });
    }
    index.fuzzy = keys;
  }
  return index.fuzzy;
}

/** A one-letter typo of a large place ("Dortmnud", "Leipzg"), only when exactly one place is that close. */
function byTypo(index: PlaceIndex, key: string): Entry | undefined {
  const compact = key.replace(/ /g, '');
  if ([...compact].length < FUZZY_MIN_LENGTH) return undefined;
  const matches = new Set<Entry>();
  for (const candidate of fuzzyKeys(index)) {
    if (Math.abs(candidate.key.length - key.length) > 1) continue;
    if (editDistance(key, candidate.key, 1) <= 1) matches.add(candidate.entry);
  }
  return matches.size === 1 ? [...matches][0] : undefined;
}

/** A postcode standing before or after a name: "20095 Hamburg", "Florø 6900". */
const NAME_WITH_POSTCODE = /^(?:.*\D\s+)?(\d{4,5})$/;

/**
 * Creates a gazetteer over the tables in `options.dataDir` (or the default folders, see
 * {@link resolveGazetteerDir}). Nothing is read until the first lookup or {@link LoadableGazetteer.preload}.
 */
export function createGazetteer(options: GazetteerOptions = {}): LoadableGazetteer {
  let dir: string | undefined;
  let postcodes: PostcodeTables | undefined;
  let places: PlaceIndex | undefined;
  const dataDir = (): string => {
    dir ??= resolveGazetteerDir(options.dataDir);
    return dir;
  };
  const postcodeTables = (): PostcodeTables => {
    postcodes ??= loadPostcodes(dataDir());
    return postcodes;
  };
  const placeIndex = (): PlaceIndex => {
    places ??= loadPlaces(dataDir(), postcodeTables());
    return places;
  };

  const postcode = (code: string, countryHint?: Country): Place | undefined => {
    const tables = postcodeTables();
    for (const candidate of postcodeCandidates(code, countryHint)) {
      const row = tables[candidate.country].get(candidate.code);
      if (row) return postcodePlace(candidate.country, row);
    }
    return undefined;
  };

  const place = (name: string): Place | undefined => {
    if (name.length > MAX_INPUT_LENGTH) return undefined;
    const withCode = postcode(name) ?? postcode(NAME_WITH_POSTCODE.exec(name.trim())?.[1] ?? '');
    if (withCode) return withCode;
    const index = placeIndex();
    const key = normalizeKey(name);
    if (key === '') return undefined;
    const stripped = stripFillerWords(key);
    const tail = afterPlaceWord(stripped);
    const entry =
      exact(index, key) ??
      exact(index, stripped) ??
      bySplit(index, stripped) ??
      (tail === undefined ? undefined : (exact(index, tail) ?? bySplit(index, tail))) ??
      (/\d/.test(stripped) ? undefined : byTypo(index, stripped));
    return entry ? { ...entry.place } : undefined;
  };

  return {
    postcode,
    place,
    preload() {
      placeIndex();
    },
  };
}

let defaultGazetteer: LoadableGazetteer | undefined;

/** The process-wide gazetteer over the default data folder, created once (data still read lazily). */
export function loadDefaultGazetteer(): LoadableGazetteer {
  defaultGazetteer ??= createGazetteer();
  return defaultGazetteer;
}

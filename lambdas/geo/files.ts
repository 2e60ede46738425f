import type { Country } from '../../dialogs/types';

/**
 * The files of the gazetteer data directory (`data/gazetteer/`), shared by the build script that writes them
 * and the lookup that reads them. Tab-separated, UTF-8, one header row, coordinates to 4 decimals (~11 m).
 */
export const GAZETTEER_FILES = {
  postcodes: { DE: 'postcodes-de.tsv', NO: 'postcodes-no.tsv' },
  places: { DE: 'places-de.tsv', NO: 'places-no.tsv' },
  /** Hand-written: other spellings and scripts of city names, and city districts. */
  aliases: 'aliases.json',
} as const satisfies {
  postcodes: Record<Country, string>;
  places: Record<Country, string>;
  aliases: string;
};

/** One postcode: its centroid and the name of the place it belongs to (empty when unknown). */
export interface PostcodeRow {
  postcode: string;
  lat: number;
  lon: number;
  place: string;
}

/**
 * One named place: a German town (one spatial cluster of the postcodes carrying its name), a Norwegian
 * postal town, municipality or city district.
 */
export interface PlaceRow {
  name: string;
  lat: number;
  lon: number;
  /** Rough number of inhabitants, used to choose among places of the same name. */
  weight: number;
  /** The city a district belongs to ("Oslo" for "Grünerløkka"); empty for towns. */
  parent: string;
  /** Other names of the same place (the Sorbian name of a bilingual town). */
  alt: string[];
}

const POSTCODE_HEADER = ['postcode', 'lat', 'lon', 'place'];
const PLACE_HEADER = ['name', 'lat', 'lon', 'weight', 'parent', 'alt'];

/** A coordinate as written to the data files. */
export function formatCoordinate(value: number): string {
  return value.toFixed(4);
}

function clean(field: string): string {
  return field.replace(/[\t\r\n|]+/g, ' ').trim();
}

export function formatPostcodes(rows: readonly PostcodeRow[]): string {
  const lines = rows.map((row) =>
    [row.postcode, formatCoordinate(row.lat), formatCoordinate(row.lon), clean(row.place)].join('\t'),
  );
  return `${[POSTCODE_HEADER.join('\t'), ...lines].join('\n')}\n`;
}

export function formatPlaces(rows: readonly PlaceRow[]): string {
  const lines = rows.map((row) =>
    [
      clean(row.name),
      formatCoordinate(row.lat),
      formatCoordinate(row.lon),
      String(Math.round(row.weight)),
      clean(row.parent),
      row.alt.map(clean).join('|'),
    ].join('\t'),
  );
  return `${[PLACE_HEADER.join('\t'), ...lines].join('\n')}\n`;
}

function dataLines(text: string, header: readonly string[], file: string): string[][] {
  const lines = text.split('\n').filter((line) => line !== '');
  if (lines[0] !== header.join('\t')) {
    throw new Error(
      `${file}: expected the header "${header.join(' ')}"; rebuild with npm run build:gazetteer`,
    );
  }
  return lines.slice(1).map((line) => line.split('\t'));
}

function coordinate(field: string | undefined, file: string, line: number): number {
  const value = Number(field);
  if (field === undefined || field === '' || !Number.isFinite(value)) {
    throw new Error(`${file}: line ${line + 2} has no valid coordinate`);
  }
  return value;
}

export function parsePostcodes(text: string, file = 'postcodes'): PostcodeRow[] {
  return dataLines(text, POSTCODE_HEADER, file).map((fields, index) => ({
    postcode: fields[0] ?? '',
    lat: coordinate(fields[1], file, index),
    lon: coordinate(fields[2], file, index),
    place: fields[3] ?? '',
  }));
}

export function parsePlaces(text: string, file = 'places'): PlaceRow[] {
  return dataLines(text, PLACE_HEADER, file).map((fields, index) => ({
    name: fields[0] ?? '',
    lat: coordinate(fields[1], file, index),
    lon: coordinate(fields[2], file, index),
    weight: Number(fields[3] ?? 0) || 0,
    parent: fields[4] ?? '',
    alt: (fields[5] ?? '').split('|').filter((name) => name !== ''),
  }));
}

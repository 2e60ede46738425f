import type { Point } from '../../dialogs/types';
import { distanceKm } from './distance';

/**
 * Geohash cells: the grid that the directory's geo index uses (see keys.ts).
 *
 * A geohash of precision p interleaves ceil(5p/2) longitude bits with floor(5p/2) latitude bits, so every
 * precision is a regular grid of latitude/longitude rectangles. We work with the integer row and column of a
 * cell rather than with strings: the cells around a point are then plain index ranges.
 *
 * @example
 * encodeGeohash({ lat: 53.5507, lon: 10.0017 }, 4) // 'u1x0' (Hamburg centre)
 * cellsCoveringCircle({ lat: 53.5507, lon: 10.0017 }, 10, 4) // the p4 cells within 10 km of it
 */

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** Kilometres per degree of latitude on the sphere that distanceKm uses. */
const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

/**
 * The nearest point of a cell is found by clamping, which on a sphere slightly overestimates the distance to a
 * cell beside the point. A 1 % allowance keeps the cover a superset of the exact one (an extra cell costs one
 * index item; a missing cell would lose a group).
 */
const COVER_ALLOWANCE = 1.01;

/** The rectangle of one cell in degrees. */
export interface CellBounds {
  south: number;
  north: number;
  west: number;
  east: number;
}

interface Grid {
  latBits: number;
  lonBits: number;
  rows: number;
  cols: number;
  latDeg: number;
  lonDeg: number;
}

function grid(precision: number): Grid {
  if (!Number.isInteger(precision) || precision < 1 || precision > 12) {
    throw new RangeError(`geohash precision must be an integer from 1 to 12, got ${precision}`);
  }
  const bits = precision * 5;
  const lonBits = Math.ceil(bits / 2);
  const latBits = Math.floor(bits / 2);
  const rows = 2 ** latBits;
  const cols = 2 ** lonBits;
  return { latBits, lonBits, rows, cols, latDeg: 180 / rows, lonDeg: 360 / cols };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Longitude into [-180, 180). */
const wrapLon = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;

function rowOf(lat: number, g: Grid): number {
  return clamp(Math.floor(((lat + 90) / 180) * g.rows), 0, g.rows - 1);
}

function colOf(lon: number, g: Grid): number {
  return clamp(Math.floor(((wrapLon(lon) + 180) / 360) * g.cols), 0, g.cols - 1);
}

/** The hash of the cell in `row`/`col`: longitude bits on even positions, latitude bits on odd ones. */
function hashOf(row: number, col: number, precision: number, g: Grid): string {
  let hash = '';
  let lonBit = g.lonBits;
  let latBit = g.latBits;
  for (let char = 0; char < precision; char++) {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const position = char * 5 + i;
      // Division instead of shifts: 30 bits of precision 12 would overflow 32-bit shift arithmetic.
      const bit =
        position % 2 === 0 ? Math.floor(col / 2 ** --lonBit) % 2 : Math.floor(row / 2 ** --latBit) % 2;
      value = value * 2 + bit;
    }
    hash += BASE32[value];
  }
  return hash;
}

/** The geohash of the cell that holds `point`, e.g. 'u1x0' for Hamburg at precision 4. */
export function encodeGeohash(point: Point, precision: number): string {
  const g = grid(precision);
  return hashOf(rowOf(point.lat, g), colOf(point.lon, g), precision, g);
}

/** The rectangle a geohash stands for. Throws on characters outside the geohash alphabet. */
export function geohashBounds(hash: string): CellBounds {
  const g = grid(hash.length);
  let row = 0;
  let col = 0;
  let position = 0;
  for (const char of hash) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new RangeError(`"${hash}" is not a geohash: "${char}" is not in ${BASE32}`);
    for (let i = 4; i >= 0; i--, position++) {
      const bit = Math.floor(value / 2 ** i) % 2;
      if (position % 2 === 0) col = col * 2 + bit;
      else row = row * 2 + bit;
    }
  }
  const south = row * g.latDeg - 90;
  const west = col * g.lonDeg - 180;
  return { south, north: south + g.latDeg, west, east: west + g.lonDeg };
}

/**
 * The latitude/longitude rectangle around a circle (longitudes not wrapped: west may be below -180). Used for
 * the cover below and for the search's FilterExpression.
 */
export function boundingBox(center: Point, radiusKm: number): CellBounds {
  const dLat = radiusKm / KM_PER_DEGREE;
  const south = clamp(center.lat - dLat, -90, 90);
  const north = clamp(center.lat + dLat, -90, 90);
  // The circle is widest in longitude on its side nearest a pole.
  const widestLat = Math.min(89.9, Math.max(Math.abs(south), Math.abs(north)));
  const dLon = radiusKm / (KM_PER_DEGREE * Math.cos((widestLat * Math.PI) / 180));
  return { south, north, west: center.lon - dLon, east: center.lon + dLon };
}

/**
 * Every cell of `precision` that comes within `radiusKm` of `center`, the point's own cell first.
 * A thing stored in each of these cells is found by a query for any point within `radiusKm` of it, reading
 * only that point's own cell: this is what lets a search read one partition instead of nine.
 */
export function cellsCoveringCircle(center: Point, radiusKm: number, precision: number): string[] {
  const g = grid(precision);
  const { south, north, west, east } = boundingBox(center, radiusKm);
  const firstCol = Math.floor((west + 180) / g.lonDeg);
  const lastCol = Math.floor((east + 180) / g.lonDeg);
  const colCount = Math.min(g.cols, lastCol - firstCol + 1);

  const own = encodeGeohash(center, precision);
  const cells = new Set<string>([own]);
  for (let row = rowOf(south, g); row <= rowOf(north, g); row++) {
    const cellSouth = row * g.latDeg - 90;
    const nearestLat = clamp(center.lat, cellSouth, cellSouth + g.latDeg);
    for (let step = 0; step < colCount; step++) {
      const unwrapped = firstCol + step;
      const col = ((unwrapped % g.cols) + g.cols) % g.cols;
      const cellWest = unwrapped * g.lonDeg - 180;
      const nearestLon = clamp(center.lon, cellWest, cellWest + g.lonDeg);
      if (distanceKm(center, { lat: nearestLat, lon: nearestLon }) <= radiusKm * COVER_ALLOWANCE) {
        cells.add(hashOf(row, col, precision, g));
      }
    }
  }
  return [...cells];
}

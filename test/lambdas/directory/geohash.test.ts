import { distanceKm } from '../../../lambdas/directory/distance';
import { cellsCoveringCircle, encodeGeohash, geohashBounds } from '../../../lambdas/directory/geohash';

describe('encodeGeohash', () => {
  test.each([
    // The classic reference point (Jutland) and the corners of the value ranges.
    [{ lat: 57.64911, lon: 10.40744 }, 11, 'u4pruydqqvj'],
    [{ lat: 53.5507, lon: 10.0017 }, 4, 'u1x0'],
    [{ lat: 61.6006, lon: 5.0388 }, 4, 'u4gw'],
    [{ lat: -90, lon: -180 }, 3, '000'],
    [{ lat: 90, lon: 179.99 }, 3, 'zzz'],
  ])('encodes %o at precision %i as %s', (point, precision, hash) => {
    expect(encodeGeohash(point, precision)).toBe(hash);
  });

  test('a cell contains the point it was encoded from', () => {
    const point = { lat: 51.5127, lon: 7.475 };
    const bounds = geohashBounds(encodeGeohash(point, 5));
    expect(point.lat).toBeGreaterThanOrEqual(bounds.south);
    expect(point.lat).toBeLessThan(bounds.north);
    expect(point.lon).toBeGreaterThanOrEqual(bounds.west);
    expect(point.lon).toBeLessThan(bounds.east);
  });

  test('refuses a precision the grid does not have and characters outside the alphabet', () => {
    expect(() => encodeGeohash({ lat: 0, lon: 0 }, 0)).toThrow(/precision/);
    expect(() => geohashBounds('u1a')).toThrow(/not a geohash/);
  });
});

describe('cellsCoveringCircle', () => {
  test('starts with the point’s own cell and holds only cells of the asked precision', () => {
    const cells = cellsCoveringCircle({ lat: 53.5507, lon: 10.0017 }, 10, 4);
    expect(cells[0]).toBe('u1x0');
    expect(cells.every((cell) => cell.length === 4)).toBe(true);
  });

  test('includes the neighbour beyond a nearby edge but not a cell further away than the radius', () => {
    const own = geohashBounds('u1x0');
    // 2 km west of the cell's east edge, in the middle of its height.
    const lat = (own.south + own.north) / 2;
    const eastEdge = { lat, lon: own.east };
    const point = { lat, lon: own.east - 2 / (111.2 * Math.cos((lat * Math.PI) / 180)) };
    expect(distanceKm(point, eastEdge)).toBeCloseTo(2, 1);
    const eastNeighbour = encodeGeohash({ lat, lon: own.east + 0.01 }, 4);
    const westNeighbour = encodeGeohash({ lat, lon: own.west - 0.01 }, 4);

    expect(cellsCoveringCircle(point, 3, 4)).toEqual(expect.arrayContaining(['u1x0', eastNeighbour]));
    expect(cellsCoveringCircle(point, 3, 4)).not.toContain(westNeighbour);
    expect(cellsCoveringCircle(point, 1, 4)).toEqual(['u1x0']);
  });

  test('every point within the radius lies in a covered cell (sampled around Florø)', () => {
    const center = { lat: 61.6006, lon: 5.0388 };
    const cells = new Set(cellsCoveringCircle(center, 10, 4));
    for (let bearing = 0; bearing < 360; bearing += 15) {
      for (const km of [2, 6, 9.9]) {
        const rad = (bearing * Math.PI) / 180;
        const point = {
          lat: center.lat + (km * Math.cos(rad)) / 111.2,
          lon: center.lon + (km * Math.sin(rad)) / (111.2 * Math.cos((center.lat * Math.PI) / 180)),
        };
        expect(cells).toContain(encodeGeohash(point, 4));
      }
    }
  });
});

import fc from 'fast-check';
import type { Country, Point } from '../../../dialogs/types';
import { distanceKm } from '../../../lambdas/directory/distance';
import { boundingBox, cellsCoveringCircle, encodeGeohash } from '../../../lambdas/directory/geohash';
import {
  NEAR_PRECISION,
  NEAR_RADIUS_KM,
  placedSk,
  sortKeyRange,
  WIDE_PRECISION,
  WIDE_RADIUS_KM,
} from '../../../lambdas/directory/keys';

/** A fixed seed, as the fuzz tests use (test/fuzz/settings.ts): a red run can be replayed. */
const SEED = 20261123;

/** The point `km` from `from` in direction `bearing` (radians from north) on the sphere distanceKm uses. */
function destination(from: Point, km: number, bearing: number): Point {
  const angle = km / 6371.0088;
  const lat1 = (from.lat * Math.PI) / 180;
  const lon1 = (from.lon * Math.PI) / 180;
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angle) + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearing),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(bearing) * Math.sin(angle) * Math.cos(lat1),
      Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2),
    );
  return { lat: (lat2 * 180) / Math.PI, lon: (lon2 * 180) / Math.PI };
}

describe('sortKeyRange', () => {
  test('holds the sort key of every point inside the box (Z-order), whatever the box', () => {
    const point = fc.record({
      lat: fc.double({ min: 47, max: 71, noNaN: true }),
      lon: fc.double({ min: 4, max: 31, noNaN: true }),
    });
    fc.assert(
      fc.property(
        point,
        fc.double({ min: 0.5, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (center, km, u, v) => {
          const box = boundingBox(center, km);
          const inside = {
            lat: box.south + u * (box.north - box.south),
            lon: box.west + v * (box.east - box.west),
          };
          const { from, to } = sortKeyRange(box);
          const sk = placedSk('some-group', inside);
          return from <= sk && sk <= to;
        },
      ),
      { numRuns: 2000, seed: SEED },
    );
  });

  test('leaves out a place that lies in the same cell but far from the box', () => {
    const { from, to } = sortKeyRange(boundingBox({ lat: 53.55, lon: 10.0 }, 5));
    const farAway = placedSk('g', { lat: 53.9, lon: 9.5 });

    expect(farAway >= from && farAway <= to).toBe(false);
  });
});

describe('a search level', () => {
  // The whole read path of one level: the group's index item is in the user's cell (the cover), its sort key in
  // the Query's range and its coordinates in the FilterExpression's box. If any of the three missed, a group
  // within the radius would silently not be found.
  const levels: { level: string; precision: number; radiusKm: (country: Country) => number }[] = [
    { level: 'near', precision: NEAR_PRECISION, radiusKm: () => NEAR_RADIUS_KM },
    { level: 'wide and language', precision: WIDE_PRECISION, radiusKm: (c) => WIDE_RADIUS_KM[c] },
  ];
  test.each(levels)(
    'the $level Query reads every group within its radius of the user',
    ({ precision, radiusKm }) => {
      fc.assert(
        fc.property(
          fc.record({
            lat: fc.double({ min: 47, max: 71, noNaN: true }),
            lon: fc.double({ min: 4, max: 31, noNaN: true }),
          }),
          fc.constantFrom<Country>('DE', 'NO'),
          // Mostly near the edge of the circle, where a cover, a range or a box would lose a group first.
          fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.97, max: 1, noNaN: true })),
          fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
          (user, country, share, bearing) => {
            const radius = radiusKm(country);
            const group = destination(user, share * radius, bearing);
            if (distanceKm(user, group) > radius) return true; // rounding put it just outside: not owed
            const box = boundingBox(user, radius);
            const { from, to } = sortKeyRange(box);
            const sk = placedSk('gen-000001', group);
            return (
              cellsCoveringCircle(group, radius, precision).includes(encodeGeohash(user, precision)) &&
              from <= sk &&
              sk <= to &&
              box.south <= group.lat &&
              group.lat <= box.north &&
              box.west <= group.lon &&
              group.lon <= box.east
            );
          },
        ),
        { numRuns: 3000, seed: SEED },
      );
    },
  );
});

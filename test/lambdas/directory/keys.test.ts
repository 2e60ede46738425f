import fc from 'fast-check';
import { boundingBox } from '../../../lambdas/directory/geohash';
import { placedSk, sortKeyRange } from '../../../lambdas/directory/keys';

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
      { numRuns: 2000 },
    );
  });

  test('leaves out a place that lies in the same cell but far from the box', () => {
    const { from, to } = sortKeyRange(boundingBox({ lat: 53.55, lon: 10.0 }, 5));
    const farAway = placedSk('g', { lat: 53.9, lon: 9.5 });

    expect(farAway >= from && farAway <= to).toBe(false);
  });
});

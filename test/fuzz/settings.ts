import type fc from 'fast-check';

/**
 * How many cases each property runs. `FUZZ_SCALE=10 npx jest test/fuzz` runs ten times as many (for a longer
 * hunt); `FUZZ_SEED=<seed>` replays the seed of a reported counterexample (add its `path` to shrink at once).
 * `npm test` uses a fixed seed, so a red run can always be replayed; `FUZZ_SEED=random` explores new cases.
 */
const DEFAULT_SEED = 20261123;
export function runs(numRuns: number): Pick<fc.Parameters<unknown>, 'numRuns' | 'seed'> {
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  const seed = process.env.FUZZ_SEED;
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    ...(seed === 'random' ? {} : { seed: seed ? Number(seed) : DEFAULT_SEED }),
  };
}

import type fc from 'fast-check';

/**
 * How many cases each property runs. `FUZZ_SCALE=10 npx jest test/fuzz` runs ten times as many (for a longer
 * hunt); `FUZZ_SEED=<seed>` replays the seed of a reported counterexample (add its `path` to shrink at once).
 * `npm test` uses a fixed seed, so a red run can always be replayed; `FUZZ_SEED=random` explores new cases.
 */
const DEFAULT_SEED = 20261123;

function fuzzScale(): number {
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/**
 * A random seed is drawn here and written to stderr at once (not to Jest's buffered console): fast-check names
 * the seed only when a property fails, and a run that Jest stops at its timeout, or an error while generating
 * cases, would leave no trace of it.
 */
export function runs(numRuns: number): Pick<fc.Parameters<unknown>, 'numRuns' | 'seed'> {
  const scaled = Math.max(1, Math.round(numRuns * fuzzScale()));
  const given = process.env.FUZZ_SEED;
  if (given !== 'random') return { numRuns: scaled, seed: given ? Number(given) : DEFAULT_SEED };
  const seed = Date.now() ^ (Math.random() * 0x100000000);
  const name = expect.getState().currentTestName ?? 'property';
  process.stderr.write(`[fuzz] ${name}: FUZZ_SEED=${seed} (${scaled} runs)\n`);
  return { numRuns: scaled, seed };
}

/**
 * Jest's timeout grows with FUZZ_SCALE as the cases do (180 s at scale 1: a property of 2,500 cases takes about
 * 30 s here, and a CI machine busy with other work once took more than 60 s; a property that Jest stops goes on
 * in the background and disturbs the next tests of the file), and fivefold on Amazon's DynamoDB Local
 * (`TEST_DYNAMODB_ENDPOINT`), which answers each request several times slower than dynalite: call at the top of a
 * fuzz file.
 */
export function scaleTimeout(): void {
  const database = process.env.TEST_DYNAMODB_ENDPOINT ? 5 : 1;
  jest.setTimeout(180_000 * Math.max(1, fuzzScale()) * database);
}

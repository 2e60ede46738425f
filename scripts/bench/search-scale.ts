import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Language } from '../../dialogs/languages';
import type { TopicId } from '../../dialogs/topics';
import type { GroupQuery } from '../../dialogs/types';
import { DynamoDirectory } from '../../lambdas/directory/dynamo-directory';
import { groupItems } from '../../lambdas/directory/group-items';
import type { GroupRecord } from '../../lambdas/directory/records';
import { loadDefaultGazetteer } from '../../lambdas/geo/gazetteer';
import { generateDirectory, loadDirectory } from '../generate-directory';
import type { BenchContext, Measurement, MeasurementResult } from './context';
import { type Figure, mean, median, percentile } from './report';
import { RequestMeter, type RequestTally } from './request-meter';

/** Budget: a search in a directory of 100,000 groups, as a multiple of the same search with 1,000 groups. */
export const SCALE_BUDGET = 1.3;
/** The two directory sizes compared, in groups. */
export const SMALL_DIRECTORY = 1_000;
/** See SMALL_DIRECTORY. */
export const LARGE_DIRECTORY = 100_000;
/** The generator's seed: the same directory every run. */
export const DIRECTORY_SEED = 42;
/**
 * Rounds over all searches, each search run on both directories back to back (alternating which goes first),
 * after WARM_UP_ROUNDS untimed ones. A round takes about 0.1 s: many rounds cost little next to the loading.
 */
export const ROUNDS = 150;
/** Untimed rounds first: JIT, the SDK's first requests, dynalite's caches. */
export const WARM_UP_ROUNDS = 5;

/** One benchmark search: a user's concern(s), language and postcode (or online only). */
export interface BenchSearch {
  label: string;
  topics: TopicId[];
  languages: Language[];
  postcode?: string;
}

/**
 * Searches spread over big cities, a rural place and Norway, in the country's language and in users' mother
 * tongues (which adds the wide mother-tongue query), with one and with two concerns, and one online-only.
 */
export const BENCH_SEARCHES: readonly BenchSearch[] = [
  { label: 'Hamburg depression de', topics: ['depression'], languages: ['de'], postcode: '20095' },
  { label: 'Hamburg migration ar', topics: ['migration'], languages: ['ar'], postcode: '20095' },
  { label: 'Dortmund alcohol tr', topics: ['alcohol'], languages: ['tr'], postcode: '44135' },
  {
    label: 'Berlin anxiety+depression uk',
    topics: ['anxiety', 'depression'],
    languages: ['uk'],
    postcode: '10115',
  },
  { label: 'Leipzig cancer ru', topics: ['cancer'], languages: ['ru'], postcode: '04109' },
  { label: 'Dresden diabetes de', topics: ['diabetes'], languages: ['de'], postcode: '01067' },
  { label: 'München grief fa', topics: ['grief'], languages: ['fa'], postcode: '80331' },
  {
    label: 'Köln trauma+migration ar',
    topics: ['trauma', 'migration'],
    languages: ['ar'],
    postcode: '50667',
  },
  { label: 'Freyung rare-disease de', topics: ['rare-disease'], languages: ['de'], postcode: '94078' },
  { label: 'Bergen depression nb', topics: ['depression'], languages: ['nb'], postcode: '5003' },
  { label: 'Florø migration so', topics: ['migration'], languages: ['so'], postcode: '6900' },
  { label: 'online depression ar', topics: ['depression'], languages: ['ar'] },
];

/** The directory queries of the benchmark searches (first page of five, as the bot asks). */
export function benchQueries(): { label: string; query: GroupQuery }[] {
  const gazetteer = loadDefaultGazetteer();
  return BENCH_SEARCHES.map((search) => {
    const place = search.postcode ? gazetteer.postcode(search.postcode) : undefined;
    if (search.postcode && !place) throw new Error(`The gazetteer does not know postcode ${search.postcode}`);
    return {
      label: search.label,
      query: {
        topics: search.topics,
        languages: search.languages,
        ...(place ? { place } : {}),
        onlineOnly: !place,
        offset: 0,
        limit: 5,
      },
    };
  });
}

/**
 * Records the partition keys (`:pk`) of every Query a client sends: the partitions a search can read. They do
 * not depend on the table's content (only whether a wide query runs does), so running the searches once on an
 * empty table finds them all.
 */
export function recordPartitions(client: DynamoDBClient, into: Set<string>): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') {
        const values = (args.input as { ExpressionAttributeValues?: Record<string, { S?: string }> })
          .ExpressionAttributeValues;
        const pk = values?.[':pk']?.S;
        if (pk) into.add(pk);
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchPartitionRecorder', override: true },
  );
}

/**
 * The groups of a directory that can appear in a search reading only `partitions`: those with at least one
 * index item there. A search reads nothing else (every Query names its partition), so loading only these gives
 * the searches exactly the items, results and costs of the whole directory.
 */
export function groupsInPartitions(
  groups: readonly GroupRecord[],
  partitions: ReadonlySet<string>,
): GroupRecord[] {
  return groups.filter((group) => groupItems(group).index.some((item) => partitions.has(item.pk)));
}

/** One benchmark search on one directory. */
export interface ScaleSearch {
  label: string;
  /** Milliseconds of each timed round, by round (the same index is the same round on both directories). */
  ms: number[];
  /** Of which inside DynamoDB calls (the rest is DynamoDirectory's parsing, distances and ranking). */
  dynamoMs: number[];
  /** Requests, capacity and items read (ScannedCount) of one run: the same every run. */
  tally: RequestTally;
  /** Items the Queries sent back (`Count`: those the FilterExpression kept) in one run. */
  itemsReturned: number;
  results: number;
}

export interface ScaleResult {
  groups: number;
  loadedGroups: number;
  loadedItems: number;
  loadSeconds: number;
  searches: ScaleSearch[];
}

/** Sums the `Count` of the Query responses a client receives: the items a FilterExpression let through. */
function countReturnedItems(client: DynamoDBClient): { take(): number } {
  let count = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as { Count?: unknown };
      if (typeof output.Count === 'number') count += output.Count;
      return result;
    },
    { step: 'initialize', name: 'benchReturnedItems', override: true },
  );
  return {
    take() {
      const taken = count;
      count = 0;
      return taken;
    },
  };
}

async function loadScale(
  context: BenchContext,
  count: number,
  partitions: ReadonlySet<string> | undefined,
): Promise<{ table: string; result: Omit<ScaleResult, 'searches'> }> {
  const tables = await context.env.freshTables({ seed: false });
  const all = generateDirectory(count, DIRECTORY_SEED);
  const groups = partitions ? groupsInPartitions(all, partitions) : all;
  context.progress(
    `search: loading ${groups.length.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} groups`,
  );
  const started = performance.now();
  const loaded = await loadDirectory(context.env.client, tables.directory, groups, {
    onProgress: (done, total) => {
      if (done % 20_000 === 0 || done === total) context.progress(`search: loaded ${done}/${total} groups`);
    },
  });
  return {
    table: tables.directory,
    result: {
      groups: count,
      loadedGroups: loaded.groups,
      loadedItems: loaded.items,
      loadSeconds: (performance.now() - started) / 1000,
    },
  };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

/**
 * Search at scale: the same searches on a directory of 1,000 and of 100,000 generated groups (the generator's
 * fast loader into dynalite), timed in alternating rounds, with requests, consumed capacity
 * (ReturnConsumedCapacity added by the meter) and items read per search.
 */
export const searchScale: Measurement = {
  id: 'search',
  title: 'Search at scale',
  async run(context): Promise<MeasurementResult> {
    const queries = benchQueries();

    // Which partitions can the searches read? Ask an empty table.
    const partitions = new Set<string>();
    const probe = context.env.newClient();
    recordPartitions(probe, partitions);
    const empty = await context.env.freshTables({ seed: false });
    const probeDirectory = new DynamoDirectory({ client: probe, tableName: empty.directory });
    for (const { query } of queries) await probeDirectory.search(query);
    probe.destroy();

    const small = await loadScale(context, SMALL_DIRECTORY, undefined);
    const large = await loadScale(
      context,
      LARGE_DIRECTORY,
      context.options.fullScale ? undefined : partitions,
    );

    const client = context.env.newClient();
    const meter = new RequestMeter({ consumedCapacity: true }).attach(client);
    const returned = countReturnedItems(client);
    const scales = [small, large].map((scale) => ({
      directory: new DynamoDirectory({ client, tableName: scale.table }),
      result: { ...scale.result, searches: [] } as ScaleResult,
    }));
    try {
      for (let round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
        if (round % 50 === 0) context.progress(`search: round ${round}/${ROUNDS}`);
        for (const [q, { label, query }] of queries.entries()) {
          // The same search on both directories back to back, so a burst of load from elsewhere on the machine
          // hits both sides of a pair alike; which goes first alternates.
          const order = (round + q) % 2 === 0 ? [0, 1] : [1, 0];
          for (const index of order) {
            const { directory, result } = scales[index] ?? {};
            if (!directory || !result) continue;
            meter.take();
            returned.take();
            const started = performance.now();
            const found = await directory.search(query);
            const elapsed = performance.now() - started;
            const tally = meter.take();
            const itemsReturned = returned.take();
            if (round < 0) {
              result.searches[q] ??= {
                label,
                ms: [],
                dynamoMs: [],
                tally,
                itemsReturned,
                results: found.groups.length,
              };
              continue;
            }
            result.searches[q]?.ms.push(elapsed);
            result.searches[q]?.dynamoMs.push(tally.milliseconds);
          }
        }
      }
    } finally {
      client.destroy();
    }
    const [first, second] = scales;
    if (!first || !second) throw new Error('unreachable: two scales');
    return compareScales(first.result, second.result, context.options.fullScale);
  },
};

/**
 * Latency ratio of each timed round: the summed milliseconds of all searches at 100,000 groups ÷ the same
 * searches at 1,000, run in the same round. Pairing within a round compares like with like (same user points,
 * same moment of the shared machine); the median over rounds is robust to the bursts of load that hit some.
 */
export function roundRatios(small: ScaleResult, large: ScaleResult): number[] {
  const rounds = Math.min(...[...small.searches, ...large.searches].map((search) => search.ms.length));
  const total = (result: ScaleResult, round: number) =>
    result.searches.reduce((sum, search) => sum + (search.ms[round] ?? 0), 0);
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) ratios.push(total(large, round) / total(small, round));
  return ratios;
}

/** The figures: latency and requests at 100,000 groups as multiples of 1,000, with capacity and items read. */
export function compareScales(small: ScaleResult, large: ScaleResult, fullScale: boolean): MeasurementResult {
  const all = (result: ScaleResult) => result.searches.flatMap((search) => search.ms);
  const perSearch = (result: ScaleResult, pick: (search: ScaleSearch) => number) =>
    mean(result.searches.map(pick));
  const ratios = roundRatios(small, large);
  const latencyRatio = median(ratios);
  const latency = { small: median(all(small)), large: median(all(large)) };
  const meanLatency = { small: mean(all(small)), large: mean(all(large)) };
  const inDynamo = (result: ScaleResult) => median(result.searches.flatMap((search) => search.dynamoMs));
  const requests = {
    small: perSearch(small, (s) => s.tally.requests),
    large: perSearch(large, (s) => s.tally.requests),
  };
  const rcu = {
    small: perSearch(small, (s) => s.tally.readCapacityUnits),
    large: perSearch(large, (s) => s.tally.readCapacityUnits),
  };
  const items = {
    small: perSearch(small, (s) => s.tally.itemsRead),
    large: perSearch(large, (s) => s.tally.itemsRead),
  };
  const returned = {
    small: perSearch(small, (s) => s.itemsReturned),
    large: perSearch(large, (s) => s.itemsReturned),
  };
  const rounds = ratios.length;
  const figures: Figure[] = [
    {
      id: 'search.latency',
      what: 'search latency: 100,000 ÷ 1,000 groups (median of per-round ratios)',
      value: latencyRatio,
      unit: '×',
      budget: { max: SCALE_BUDGET },
      detail:
        `rounds ${percentile(ratios, 25).toFixed(2)}–${percentile(ratios, 75).toFixed(2)}× (quartiles); ` +
        `median search ${ms(latency.large)} vs ${ms(latency.small)}; ` +
        `${BENCH_SEARCHES.length} searches × ${rounds} rounds`,
    },
    {
      id: 'search.requests',
      what: 'search requests: 100,000 ÷ 1,000 groups (mean)',
      value: requests.large / requests.small,
      unit: '×',
      budget: { max: SCALE_BUDGET },
      detail:
        `${requests.large.toFixed(2)} vs ${requests.small.toFixed(2)} requests; RCU ${rcu.large.toFixed(1)} vs ` +
        `${rcu.small.toFixed(1)}; items read ${items.large.toFixed(1)} vs ${items.small.toFixed(1)}`,
    },
  ];
  const lines = small.searches.map((s, i) => {
    const l = large.searches[i];
    if (!l) return '';
    return (
      `${s.label}: ${ms(median(l.ms))}/${ms(median(s.ms))} = ${(median(l.ms) / median(s.ms)).toFixed(2)}×, ` +
      `requests ${l.tally.requests}/${s.tally.requests}, items read ${l.tally.itemsRead}/${s.tally.itemsRead}, ` +
      `returned ${l.itemsReturned}/${s.itemsReturned}, RCU ${l.tally.readCapacityUnits}/${s.tally.readCapacityUnits}`
    );
  });
  const findings = [
    `Search latency ratio ${latencyRatio.toFixed(2)}×: in each of ${rounds} rounds every search ran on both ` +
      `directories back to back (after ${WARM_UP_ROUNDS} warm-up rounds); a round's ratio is the summed time ` +
      `of its ${BENCH_SEARCHES.length} searches at 100,000 ÷ at 1,000 groups, and the figure is the median over ` +
      `rounds (quartiles ${percentile(ratios, 25).toFixed(2)}–${percentile(ratios, 75).toFixed(2)}×, extremes ` +
      `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×), robust to load from other ` +
      `processes on the machine. Pooled over all runs: median ${ms(latency.large)} vs ${ms(latency.small)} ` +
      `(${(latency.large / latency.small).toFixed(2)}×), mean ${ms(meanLatency.large)} vs ` +
      `${ms(meanLatency.small)} (${(meanLatency.large / meanLatency.small).toFixed(2)}×).`,
    `Median search at 100,000 groups ${ms(latency.large)} (DynamoDB calls ${ms(inDynamo(large))}; the rest is ` +
      `DynamoDirectory parsing the items, distances, ranking) vs ${ms(latency.small)} at 1,000 (DynamoDB ` +
      `${ms(inDynamo(small))}). Per search, items read (ScannedCount) ${items.large.toFixed(1)} vs ` +
      `${items.small.toFixed(1)}, of which the FilterExpression returned ${returned.large.toFixed(1)} vs ` +
      `${returned.small.toFixed(1)}; read capacity ${rcu.large.toFixed(1)} vs ${rcu.small.toFixed(1)} RCU, ` +
      `requests ${requests.large.toFixed(2)} vs ${requests.small.toFixed(2)}. What is returned is mostly groups ` +
      'within the radius (more of them the denser the directory); the rest of what is read is the Z-order ' +
      "range's overhang beyond the search's box.",
    `Search per query at 100,000/1,000 groups (median latency, requests, items read, items returned, RCU): ` +
      lines.join(' · '),
    fullScale
      ? `Directory of 100,000 groups loaded in full (${large.loadedItems.toLocaleString('en-US')} items, ` +
        `${large.loadSeconds.toFixed(0)} s).`
      : `Directory of 100,000 groups: the ${large.loadedGroups.toLocaleString('en-US')} groups ` +
        `(${large.loadedItems.toLocaleString('en-US')} items, loaded in ${large.loadSeconds.toFixed(0)} s) ` +
        'with an index item in a partition these searches read; the others cannot change a search (every ' +
        'Query names its partition). `npm run bench -- --full-scale` loads all of them (slow).',
  ];
  return {
    figures,
    findings,
    data: {
      latencyRatio: { medianOfRounds: latencyRatio, rounds: ratios },
      latencyMs: latency,
      meanLatencyMs: meanLatency,
      requestsPerSearch: requests,
      readCapacityUnitsPerSearch: rcu,
      itemsReadPerSearch: items,
      itemsReturnedPerSearch: returned,
      small: { ...small, searches: small.searches.map(summarizeSearch) },
      large: { ...large, searches: large.searches.map(summarizeSearch) },
    },
  };
}

function summarizeSearch(search: ScaleSearch) {
  return {
    label: search.label,
    medianMs: median(search.ms),
    requests: search.tally.requests,
    byOperation: search.tally.byOperation,
    readCapacityUnits: search.tally.readCapacityUnits,
    itemsRead: search.tally.itemsRead,
    itemsReturned: search.itemsReturned,
    results: search.results,
  };
}

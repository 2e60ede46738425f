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
import { type Figure, mean, median } from './report';
import { RequestMeter, type RequestTally } from './request-meter';

/** Budget: a search in a directory of 100,000 groups, as a multiple of the same search with 1,000 groups. */
export const SCALE_BUDGET = 1.3;
/** The two directory sizes compared, in groups. */
export const SMALL_DIRECTORY = 1_000;
/** See SMALL_DIRECTORY. */
export const LARGE_DIRECTORY = 100_000;
/** The generator's seed: the same directory every run. */
export const DIRECTORY_SEED = 42;
/** Timed rounds over all searches per directory (after one round of warm-up). */
const ROUNDS = 30;

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

interface ScaleResult {
  groups: number;
  loadedGroups: number;
  loadedItems: number;
  loadSeconds: number;
  /**
   * Per search: every timed run's milliseconds, of which inside DynamoDB calls (the rest is DynamoDirectory's
   * parsing, distances and ranking), and the tally of one run.
   */
  searches: { label: string; ms: number[]; dynamoMs: number[]; tally: RequestTally; results: number }[];
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
    const scales = [small, large].map((scale) => ({
      directory: new DynamoDirectory({ client, tableName: scale.table }),
      result: { ...scale.result, searches: [] } as ScaleResult,
    }));
    try {
      for (let round = 0; round <= ROUNDS; round++) {
        if (round % 5 === 0) context.progress(`search: round ${round}/${ROUNDS}`);
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const index of order) {
          const { directory, result } = scales[index] ?? {};
          if (!directory || !result) continue;
          for (const [q, { label, query }] of queries.entries()) {
            meter.take();
            const started = performance.now();
            const found = await directory.search(query);
            const elapsed = performance.now() - started;
            const tally = meter.take();
            if (round === 0) {
              result.searches[q] = { label, ms: [], dynamoMs: [], tally, results: found.groups.length };
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

/** The figures: latency and requests at 100,000 groups as multiples of 1,000, with capacity and items read. */
export function compareScales(small: ScaleResult, large: ScaleResult, fullScale: boolean): MeasurementResult {
  const all = (result: ScaleResult) => result.searches.flatMap((search) => search.ms);
  const perSearch = (result: ScaleResult, pick: (tally: RequestTally) => number) =>
    mean(result.searches.map((search) => pick(search.tally)));
  const latency = { small: median(all(small)), large: median(all(large)) };
  const inDynamo = (result: ScaleResult) => median(result.searches.flatMap((search) => search.dynamoMs));
  const requests = {
    small: perSearch(small, (t) => t.requests),
    large: perSearch(large, (t) => t.requests),
  };
  const rcu = {
    small: perSearch(small, (t) => t.readCapacityUnits),
    large: perSearch(large, (t) => t.readCapacityUnits),
  };
  const items = { small: perSearch(small, (t) => t.itemsRead), large: perSearch(large, (t) => t.itemsRead) };
  const figures: Figure[] = [
    {
      id: 'search.latency',
      what: 'search latency: 100,000 ÷ 1,000 groups (median)',
      value: latency.large / latency.small,
      unit: '×',
      budget: { max: SCALE_BUDGET },
      detail: `${ms(latency.large)} vs ${ms(latency.small)}; ${BENCH_SEARCHES.length} searches × ${ROUNDS} rounds`,
    },
    {
      id: 'search.requests',
      what: 'search requests: 100,000 ÷ 1,000 groups (mean)',
      value: requests.large / requests.small,
      unit: '×',
      budget: { max: SCALE_BUDGET },
      detail:
        `${requests.large.toFixed(2)} vs ${requests.small.toFixed(2)} requests; RCU ${rcu.large.toFixed(1)} vs ` +
        `${rcu.small.toFixed(1)}; items read ${items.large.toFixed(0)} vs ${items.small.toFixed(0)}`,
    },
  ];
  const lines = small.searches.map((s, i) => {
    const l = large.searches[i];
    if (!l) return '';
    return (
      `${s.label}: ${ms(median(l.ms))}/${ms(median(s.ms))} = ${(median(l.ms) / median(s.ms)).toFixed(2)}×, ` +
      `requests ${l.tally.requests}/${s.tally.requests}, items ${l.tally.itemsRead}/${s.tally.itemsRead}, ` +
      `RCU ${l.tally.readCapacityUnits}/${s.tally.readCapacityUnits}`
    );
  });
  const findings = [
    `Median search at 100,000 groups ${ms(latency.large)} (DynamoDB calls ${ms(inDynamo(large))}; the rest is ` +
      `DynamoDirectory parsing the items, distances, ranking) vs ${ms(latency.small)} at 1,000 (DynamoDB ` +
      `${ms(inDynamo(small))}). Per search, items read ${items.large.toFixed(0)} vs ${items.small.toFixed(0)}, read ` +
      `capacity ${rcu.large.toFixed(1)} vs ${rcu.small.toFixed(1)} RCU, requests ${requests.large.toFixed(2)} vs ` +
      `${requests.small.toFixed(2)}: the partitions a search reads hold more groups the denser the directory is.`,
    `Search per query at 100,000/1,000 groups (median latency, requests, items read, RCU): ${lines.join(' · ')}`,
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
      latencyMs: latency,
      requestsPerSearch: requests,
      readCapacityUnitsPerSearch: rcu,
      itemsReadPerSearch: items,
      small: { ...small, searches: small.searches.map(summarizeSearch) },
      large: { ...large, searches: large.searches.map(summarizeSearch) },
    },
  };
}

function summarizeSearch(search: ScaleResult['searches'][number]) {
  return {
    label: search.label,
    medianMs: median(search.ms),
    requests: search.tally.requests,
    byOperation: search.tally.byOperation,
    readCapacityUnits: search.tally.readCapacityUnits,
    itemsRead: search.tally.itemsRead,
    results: search.results,
  };
}

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { TOPIC_IDS, type TopicId } from '../dialogs/topics';
import type { Country } from '../dialogs/types';
import { tableNamesFromEnv } from '../lambdas/config/tables';
import { batchWrite, putRequest } from '../lambdas/directory/batch-write';
import { groupItems } from '../lambdas/directory/group-items';
import { formatCsv } from '../lambdas/directory/import/csv';
import type { GroupRecord } from '../lambdas/directory/records';
import { GAZETTEER_FILES, type PostcodeRow, parsePostcodes } from '../lambdas/geo/files';
import { resolveGazetteerDir } from '../lambdas/geo/gazetteer';
import { createDynamoClient } from '../lambdas/store/client';
import { ensureTables } from '../lambdas/store/ensure-tables';
import { quietSdkVersionWarning } from './quiet-sdk-warning';

/**
 * A synthetic directory for the benchmark: `generateDirectory(100_000, 42)` gives the same 100,000 fictional
 * groups every time, spread over German and Norwegian postcodes. Postcodes are drawn uniformly within a
 * country and countries by population (DE 94 %, NO 6 %); since postcode areas are small where people live
 * densely, this puts most groups in cities, as in the real directories. About 5 % are online.
 *
 * `loadDirectory` writes them straight into a Directory table with parallel BatchWriteItem calls, using the
 * same item layout as the importer (lambdas/directory/group-items.ts): about 7.5 items per group (see keys.ts),
 * so 100,000 groups are about 0.75 million items.
 *
 * CLI: `tsx scripts/generate-directory.ts --count 100000 --seed 42 (--out groups.csv | --load)`; `--load`
 * writes to DYNAMODB_ENDPOINT / DIRECTORY_TABLE.
 */

/** Share of people, and so of groups, per country. */
const COUNTRY_SHARE: Record<Country, number> = { DE: 0.94, NO: 0.06 };
const ONLINE_SHARE = 0.05;

/** Rough shares of concerns among self-help groups: addiction and psychosocial groups are the most common. */
const TOPIC_WEIGHTS: Partial<Record<TopicId, number>> = {
  alcohol: 8,
  depression: 8,
  anxiety: 5,
  cancer: 5,
  'addiction-relatives': 4,
  'chronic-pain': 4,
  rheumatism: 4,
  diabetes: 4,
  'caring-relatives': 4,
  parenting: 4,
  'rare-disease': 4,
  migration: 4,
  trauma: 4,
  grief: 3,
  stress: 3,
  disability: 3,
  'child-disability': 3,
  drugs: 3,
  heart: 3,
};

/** Languages of groups that are not in the country's own language, by rough frequency. */
const OTHER_LANGUAGES = [
  ['ar', 6],
  ['tr', 5],
  ['ru', 5],
  ['uk', 5],
  ['fa', 3],
  ['prs', 2],
  ['en', 3],
  ['kmr', 2],
  ['ckb', 1],
  ['ps', 1],
  ['ti', 1],
  ['so', 1],
  ['fr', 1],
] as const;

const SCHEDULES = [
  'Every 2nd Tuesday, 18:00',
  'Jeden 1. Montag, 18:00',
  'Mittwochs, 17:00',
  'Jeden 3. Donnerstag, 19:00',
  'Thursdays, 17:30',
  'Samstags, 11:00',
];

/** mulberry32: a tiny seeded PRNG, so the same seed always gives the same directory. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(entries: readonly (readonly [T, number])[], next: () => number): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = next() * total;
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (entries[entries.length - 1] as readonly [T, number])[0];
}

let postcodeCache: Record<Country, PostcodeRow[]> | undefined;

/** The gazetteer's postcode tables (read once): the places groups are spread over. */
function postcodes(): Record<Country, PostcodeRow[]> {
  if (!postcodeCache) {
    const dir = resolveGazetteerDir();
    const read = (country: Country) =>
      parsePostcodes(readFileSync(path.join(dir, GAZETTEER_FILES.postcodes[country]), 'utf8')).filter(
        (row) => row.place !== '',
      );
    postcodeCache = { DE: read('DE'), NO: read('NO') };
  }
  return postcodeCache;
}

/**
 * `count` fictional groups, the same for the same seed. In-person groups carry postcode, city and coordinates
 * (jittered up to ~1.5 km around the postcode's centre, so they do not all stand on one point).
 */
export function generateDirectory(count: number, seed: number): GroupRecord[] {
  const next = random(seed);
  const tables = postcodes();
  const topicEntries = TOPIC_IDS.map((topic) => [topic, TOPIC_WEIGHTS[topic] ?? 2] as const);
  const countries = Object.entries(COUNTRY_SHARE) as [Country, number][];
  const groups: GroupRecord[] = [];
  for (let i = 0; i < count; i++) {
    const country = weighted(countries, next);
    const topicCount = weighted(
      [
        [1, 70],
        [2, 25],
        [3, 5],
      ],
      next,
    );
    const topics = new Set<TopicId>();
    while (topics.size < topicCount) topics.add(weighted(topicEntries, next));
    const national = country === 'DE' ? 'de' : next() < 0.85 ? 'nb' : 'nn';
    const roll = next();
    const other = weighted(OTHER_LANGUAGES, next);
    const languages = roll < 0.82 ? [national] : roll < 0.92 ? [other, national] : [other];
    const online = next() < ONLINE_SHARE;
    const id = `gen-${String(i).padStart(6, '0')}`;
    const [firstTopic] = topics;
    const base = {
      id,
      name: `Gruppe ${firstTopic} ${i} (Demo)`,
      topics: [...topics],
      languages,
      country,
      online,
      schedule: SCHEDULES[i % SCHEDULES.length],
      description: 'Generated fictional group for the benchmark.',
    };
    if (online) {
      groups.push({ ...base, contact_point: `gen-cp-${country}` });
      continue;
    }
    const table = tables[country];
    const where = table[Math.floor(next() * table.length)] as PostcodeRow;
    groups.push({
      ...base,
      postcode: where.postcode,
      city: where.place,
      lat: Math.round((where.lat + (next() - 0.5) * 0.02) * 1e5) / 1e5,
      lon: Math.round((where.lon + (next() - 0.5) * 0.03) * 1e5) / 1e5,
      contact_point: `gen-cp-${where.place.replace(/[^A-Za-z0-9]/g, '').slice(0, 30) || country}`,
    });
  }
  return groups;
}

/** Columns of the CSV the generator writes: the import contract's. */
export const GENERATED_CSV_COLUMNS = [
  'id',
  'name',
  'topics',
  'languages',
  'country',
  'postcode',
  'city',
  'lat',
  'lon',
  'online',
  'schedule',
  'contact_point',
  'description',
] as const;

/**
 * Writes groups into a Directory table as fast as the endpoint allows: all items of a slice of groups in
 * parallel BatchWriteItem calls, no reads, no content-hash comparison (the table is assumed fresh).
 * Returns the number of groups and of items written.
 */
export async function loadDirectory(
  client: DynamoDBClient,
  tableName: string,
  groups: readonly GroupRecord[],
  options: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ groups: number; items: number }> {
  const slice = 2000;
  let items = 0;
  for (let start = 0; start < groups.length; start += slice) {
    const requests: WriteRequest[] = [];
    for (const record of groups.slice(start, start + slice)) {
      const { group, index } = groupItems(record);
      for (const item of index) requests.push(putRequest(item));
      requests.push(putRequest(group));
    }
    await batchWrite(client, tableName, requests, { concurrency: options.concurrency ?? 16 });
    items += requests.length;
    options.onProgress?.(Math.min(groups.length, start + slice), groups.length);
  }
  return { groups: groups.length, items };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string' },
      load: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || (!values.out && !values.load)) {
    console.error('Usage: tsx scripts/generate-directory.ts --count N --seed S (--out FILE.csv | --load)');
    process.exitCode = 2;
    return;
  }
  const groups = generateDirectory(count, seed);
  if (values.out) {
    await writeFile(values.out, formatCsv(GENERATED_CSV_COLUMNS, groups));
    console.log(`Wrote ${groups.length} groups to ${values.out}`);
  }
  if (values.load) {
    const client = createDynamoClient();
    const tables = tableNamesFromEnv();
    if (process.env.DYNAMODB_ENDPOINT) await ensureTables(client, tables);
    const started = Date.now();
    const loaded = await loadDirectory(client, tables.directory, groups);
    const seconds = (Date.now() - started) / 1000;
    console.log(`Loaded ${loaded.groups} groups as ${loaded.items} items in ${seconds.toFixed(1)} s`);
    client.destroy();
  }
}

if (require.main === module) {
  quietSdkVersionWarning();
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

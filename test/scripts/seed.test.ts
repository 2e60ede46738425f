import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import { TOPIC_IDS } from '../../dialogs/topics';
import type { GroupQuery } from '../../dialogs/types';
import type { TableNames } from '../../lambdas/config/tables';
import { DynamoDirectory } from '../../lambdas/directory/dynamo-directory';
import { parseCsv } from '../../lambdas/directory/import/csv';
import { loadDefaultGazetteer } from '../../lambdas/geo/gazetteer';
import { DEMO_DATA_DIR, seedDemoData } from '../../scripts/local/seed';
import { countRequests } from '../lambdas/directory/support';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';

const gazetteer = loadDefaultGazetteer();
let dynamo: TestDynamo;
let tables: TableNames;
let directory: DynamoDirectory;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  tables = await dynamo.freshTables();
  directory = new DynamoDirectory({ client: dynamo.client, tableName: tables.directory });
});
afterAll(() => dynamo.close());

/** The demo groups file as objects keyed by its header. */
async function demoGroups() {
  const [header, ...rows] = parseCsv(await readFile(path.join(DEMO_DATA_DIR, 'groups.csv'), 'utf8')).records;
  return rows.map((row) =>
    Object.fromEntries((header?.fields ?? []).map((name, i) => [name, row.fields[i] ?? ''])),
  );
}

test('the demo data imports without a single refused row, and a second run writes nothing', async () => {
  const seeded = await seedDemoData(dynamo.client, tables, gazetteer);
  const counter = countRequests(dynamo.client);

  const again = await seedDemoData(dynamo.client, tables, gazetteer);
  counter.stop();

  expect(seeded.groups).toBeGreaterThanOrEqual(150);
  expect(seeded.contactPoints).toBeGreaterThanOrEqual(10);
  expect(again).toEqual(seeded);
  expect(new Set(counter.commands)).toEqual(new Set(['GetItemCommand']));
});

test('the demo groups cover every topic and every language the bot speaks, and every one is marked fictional', async () => {
  const groups = await demoGroups();

  const topics = new Set(groups.flatMap((g) => String(g.topics).split(';')));
  const languages = new Set(groups.flatMap((g) => String(g.languages).split(';')));
  expect([...TOPIC_IDS].filter((topic) => !topics.has(topic))).toEqual([]);
  expect(SUPPORTED_LANGUAGES.filter((language) => !languages.has(language))).toEqual([]);
  expect(groups.filter((g) => !String(g.name).endsWith('(Demo)'))).toEqual([]);
  expect(groups.filter((g) => g.online === 'true').length).toBeGreaterThanOrEqual(15);
});

describe('the seeded demo directory', () => {
  const search = (
    postcode: string,
    topic: GroupQuery['topics'][number],
    language: GroupQuery['languages'][number],
  ) => {
    const place = gazetteer.postcode(postcode);
    if (!place) throw new Error(`demo postcode ${postcode} unknown to the gazetteer`);
    return directory.search({
      topics: [topic],
      languages: [language],
      place,
      onlineOnly: false,
      offset: 0,
      limit: 5,
    });
  };

  test.each([
    ['20095', 'depression', 'ar', 'Hamburg'],
    ['44137', 'trauma', 'ar', 'Dortmund'],
    ['01067', 'migration', 'uk', 'Dresden'],
    ['04109', 'migration', 'uk', 'Leipzig'],
    ['6900', 'migration', 'nn', 'Florø'],
    ['6700', 'parenting', 'uk', 'Måløy'],
  ] as const)(
    'answers %s %s in %s with a local group in that language first (%s)',
    async (postcode, topic, language, city) => {
      const [first] = (await search(postcode, topic, language)).groups;

      expect(first).toMatchObject({ online: false, city });
      expect(first?.languages).toContain(language);
    },
  );

  test('offers the Dortmund contact point to someone in Dortmund', async () => {
    expect(await directory.nearestContactPoint(gazetteer.postcode('44145'), 'DE')).toMatchObject({
      id: 'do-mitte',
      phone: '+49 231 000000',
    });
  });
});

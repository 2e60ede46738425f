import { DynamoDirectory } from '../../lambdas/directory/dynamo-directory';
import { GroupRecordSchema } from '../../lambdas/directory/records';
import { generateDirectory, loadDirectory } from '../../scripts/generate-directory';
import { startTestDynamo } from '../support/dynamo';

describe('generateDirectory', () => {
  test('gives the same groups for the same seed and other groups for another seed', () => {
    expect(generateDirectory(50, 7)).toEqual(generateDirectory(50, 7));
    expect(generateDirectory(50, 8)).not.toEqual(generateDirectory(50, 7));
  });

  test('spreads valid groups over both countries, about 5 % of them online', () => {
    const groups = generateDirectory(4000, 42);

    const online = groups.filter((g) => g.online).length / groups.length;
    const norway = groups.filter((g) => g.country === 'NO').length / groups.length;
    expect(online).toBeGreaterThan(0.03);
    expect(online).toBeLessThan(0.07);
    expect(norway).toBeGreaterThan(0.03);
    expect(norway).toBeLessThan(0.1);
    expect(groups.filter((g) => !GroupRecordSchema.safeParse(g).success)).toEqual([]);
    expect(groups.filter((g) => !g.online && (g.lat === undefined || g.postcode === undefined))).toEqual([]);
    expect(new Set(groups.map((g) => g.id)).size).toBe(groups.length);
  });
});

test('loadDirectory writes groups straight into the table, findable by search', async () => {
  const dynamo = await startTestDynamo();
  try {
    const { directory: tableName } = await dynamo.freshTables();
    const groups = generateDirectory(300, 1);

    const loaded = await loadDirectory(dynamo.client, tableName, groups);

    expect(loaded.groups).toBe(300);
    expect(loaded.items).toBeGreaterThan(300 * 5);
    const target = groups.find((g) => !g.online && g.languages.includes('de'));
    if (!target || target.lat === undefined || target.lon === undefined)
      throw new Error('no local group generated');
    const directory = new DynamoDirectory({ client: dynamo.client, tableName });
    const found = await directory.search({
      topics: target.topics.slice(0, 1),
      languages: ['de'],
      place: { lat: target.lat, lon: target.lon, country: target.country },
      onlineOnly: false,
      offset: 0,
      limit: 50,
    });
    expect(found.groups.map((g) => g.id)).toContain(target.id);
  } finally {
    await dynamo.close();
  }
});

import type { Place } from '../../../dialogs/types';
import { DynamoDirectory, ONLINE_CANDIDATES } from '../../../lambdas/directory/dynamo-directory';
import { DirectoryTableNotFoundError } from '../../../lambdas/directory/errors';
import { NATIONAL_CONTACT_POINTS } from '../../../lambdas/directory/national-contact-points';
import { ContactPointRecordSchema } from '../../../lambdas/directory/records';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';
import { countRequests, east, groupRecord, HAMBURG } from './support';

let dynamo: TestDynamo;
let directory: DynamoDirectory;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());
beforeEach(async () => {
  const tables = await dynamo.freshTables();
  directory = new DynamoDirectory({ client: dynamo.client, tableName: tables.directory });
});

const MUNICH: Place = { lat: 48.1374, lon: 11.5755, country: 'DE' };

function query(overrides: Partial<Parameters<DynamoDirectory['search']>[0]> = {}) {
  return {
    topics: ['depression' as const],
    languages: ['de' as const],
    place: HAMBURG,
    onlineOnly: false,
    offset: 0,
    limit: 5,
    ...overrides,
  };
}

const ids = (result: { groups: { id: string }[] }) => result.groups.map((g) => g.id);

describe('search', () => {
  test('finds groups of the topic near the user, not those of another topic or far away', async () => {
    await directory.putGroup(groupRecord('near', {}, 2));
    await directory.putGroup(groupRecord('other-topic', { topics: 'anxiety' }, 2));
    await directory.putGroup(groupRecord('munich', { lat: MUNICH.lat, lon: MUNICH.lon }));

    const result = await directory.search(query());

    expect(ids(result)).toEqual(['near']);
    expect(result.groups[0]?.distanceKm).toBe(2);
    expect(result.widened).toBe(false);
  });

  test('offers a mother-tongue group 25 km away before German-only groups next door', async () => {
    for (const km of [1, 2, 3]) await directory.putGroup(groupRecord(`german-${km}`, {}, km));
    await directory.putGroup(groupRecord('arabic', { languages: 'ar;de' }, 25));

    const arabic = await directory.search(query({ languages: ['ar'] }));
    const german = await directory.search(query({ languages: ['de'] }));

    expect(ids(arabic)).toEqual(['arabic', 'german-1', 'german-2', 'german-3']);
    expect(arabic.groups[0]?.distanceKm).toBe(25);
    expect(arabic.widened).toBe(false);
    expect(ids(german).slice(0, 3)).toEqual(['german-1', 'german-2', 'german-3']);
  });

  test('offers online groups in the user’s language alongside local ones', async () => {
    await directory.putGroup(groupRecord('local', { languages: 'ar' }, 1));
    await directory.putGroup(groupRecord('online-ar', { online: true, languages: 'ar', lat: '', lon: '' }));
    await directory.putGroup(groupRecord('online-de', { online: true, languages: 'de', lat: '', lon: '' }));

    const result = await directory.search(query({ languages: ['ar'] }));

    expect(ids(result)).toEqual(['local', 'online-ar']);
    expect(result.groups[1]).toMatchObject({ online: true });
    expect(result.groups[1]?.distanceKm).toBeUndefined();
  });

  test('gives only online groups when the user asks for online groups', async () => {
    await directory.putGroup(groupRecord('local', { languages: 'ar' }, 1));
    await directory.putGroup(groupRecord('online-ar', { online: true, languages: 'ar' }));

    const result = await directory.search(query({ languages: ['ar'], onlineOnly: true }));

    expect(ids(result)).toEqual(['online-ar']);
  });

  test('reads a bounded number of online groups, however many the directory holds', async () => {
    for (let i = 0; i < ONLINE_CANDIDATES + 5; i++) {
      await directory.putGroup(groupRecord(`online-${i}`, { online: true, languages: 'ar' }));
    }

    const result = await directory.search(query({ languages: ['ar'], onlineOnly: true, limit: 100 }));

    expect(result.groups).toHaveLength(ONLINE_CANDIDATES);
  });

  test('offers online groups for every concern of the search, not only the first', async () => {
    await directory.putGroup(groupRecord('online-depression', { online: true, languages: 'uk' }));
    await directory.putGroup(
      groupRecord('online-anxiety', { online: true, languages: 'uk', topics: 'anxiety' }),
    );

    const result = await directory.search(
      query({ languages: ['uk'], topics: ['depression', 'anxiety'], onlineOnly: true }),
    );

    expect(ids(result).sort()).toEqual(['online-anxiety', 'online-depression']);
  });

  test('offers online groups of the person’s country only', async () => {
    await directory.putGroup(groupRecord('online-de', { online: true, languages: 'nn' }));
    await directory.putGroup(groupRecord('online-no', { online: true, languages: 'nn', country: 'NO' }));

    const inHamburg = await directory.search(query({ languages: ['nn'] }));
    const withoutPlace = await directory.search(
      query({ languages: ['nn'], place: undefined, country: 'NO' }),
    );

    expect(ids(inHamburg)).toEqual(['online-de']);
    expect(ids(withoutPlace)).toEqual(['online-no']);
  });

  test('does not call the list "further away" when a group near the person was found', async () => {
    await directory.putGroup(groupRecord('near', {}, 1));
    await directory.putGroup(groupRecord('far', {}, 25));

    const result = await directory.search(query());

    expect(ids(result)).toEqual(['near', 'far']);
    expect(result.widened).toBe(false);
  });

  test('widens the radius when nothing is near and tells how far each group is', async () => {
    await directory.putGroup(groupRecord('far', {}, 25));
    await directory.putGroup(groupRecord('too-far', {}, 45));

    const result = await directory.search(query());

    expect(result.widened).toBe(true);
    expect(result.groups.map((g) => [g.id, g.distanceKm])).toEqual([['far', 25]]);
  });

  test('finds every group just inside the near radius all around the user, and none just outside', async () => {
    // Eight directions: the Z-order range and the box filter (on lat/lon, which the Query does not send back)
    // must keep each of them.
    for (let i = 0; i < 8; i++) {
      const angle = (i * Math.PI) / 4;
      const at = (km: number) => ({
        lat: HAMBURG.lat + (km * Math.cos(angle)) / 111.195,
        lon: HAMBURG.lon + (km * Math.sin(angle)) / (111.195 * Math.cos((HAMBURG.lat * Math.PI) / 180)),
      });
      await directory.putGroup(groupRecord(`in-${i}`, at(4.9)));
      await directory.putGroup(groupRecord(`out-${i}`, at(5.3)));
    }

    const result = await directory.search(query({ limit: 50 }));

    expect(ids(result).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `in-${i}`));
    expect(result.groups.every((g) => (g.distanceKm ?? 99) <= 5)).toBe(true);
  });

  test('pages through the ranked list with offset and limit', async () => {
    for (const km of [1, 2, 3, 4, 5, 6, 7]) await directory.putGroup(groupRecord(`g${km}`, {}, km / 2));

    const first = await directory.search(query({ offset: 0, limit: 5 }));
    const second = await directory.search(query({ offset: 5, limit: 5 }));

    expect(ids(first)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    expect(first.hasMore).toBe(true);
    expect(ids(second)).toEqual(['g6', 'g7']);
    expect(second.hasMore).toBe(false);
  });

  test('a search for one topic issues at most 3 requests, all of them Queries', async () => {
    // Sparse and in another language: near, online, then the widened query.
    await directory.putGroup(groupRecord('far', { languages: 'ar' }, 20));
    await directory.putGroup(groupRecord('online', { online: true, languages: 'ar' }));
    const counter = countRequests(dynamo.client);

    const result = await directory.search(query({ languages: ['ar'] }));
    counter.stop();

    expect(ids(result)).toEqual(['far', 'online']);
    expect(counter.commands).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand']);
  });

  test('a search for several concerns costs one near query per concern, at most two', async () => {
    const counter = countRequests(dynamo.client);

    await directory.search(
      query({ topics: ['depression', 'anxiety', 'grief', 'stress'], languages: ['ar'] }),
    );
    counter.stop();

    // 2 near + 1 online, then 1 wide because nothing was near: with session load and save, 6 for the turn.
    expect(counter.commands).toHaveLength(4);
  });

  test('finds groups of the second concern too, ranking those that match both first', async () => {
    await directory.putGroup(groupRecord('anxiety-only', { topics: 'anxiety' }, 1));
    await directory.putGroup(groupRecord('both', { topics: 'anxiety;depression' }, 4));

    const result = await directory.search(query({ topics: ['depression', 'anxiety'] }));

    expect(ids(result)).toEqual(['both', 'anxiety-only']);
  });
});

describe('writing groups', () => {
  test('writes nothing when an unchanged group is put again', async () => {
    expect(await directory.putGroup(groupRecord('g'))).toBe('created');
    const counter = countRequests(dynamo.client);

    const outcome = await directory.putGroup(groupRecord('g'));
    counter.stop();

    expect(outcome).toBe('unchanged');
    expect(counter.commands).toEqual(['GetItemCommand']);
  });

  test('moving a group removes it from the index cells of its old place', async () => {
    const dresden: Place = { lat: 51.0575, lon: 13.7171, country: 'DE' };
    await directory.putGroup(groupRecord('moving', {}, 1));

    expect(await directory.putGroup(groupRecord('moving', { lat: dresden.lat, lon: dresden.lon }))).toBe(
      'updated',
    );

    expect(ids(await directory.search(query()))).toEqual([]);
    expect(ids(await directory.search(query({ place: dresden })))).toEqual(['moving']);
  });

  test('retiring the groups of a contact point deletes them with their index items and keeps the listed ones', async () => {
    await directory.putGroup(groupRecord('keep', { contact_point: 'cp-1' }, 1));
    await directory.putGroup(groupRecord('drop', { contact_point: 'cp-1' }, 2));
    await directory.putGroup(groupRecord('other-cp', { contact_point: 'cp-2' }, 3));

    expect(await directory.retireGroupsOfContactPoint('cp-1', ['keep'], { dryRun: true })).toEqual(['drop']);
    expect(await directory.groupsOfContactPoint('cp-1')).toEqual(['drop', 'keep']);
    expect(await directory.retireGroupsOfContactPoint('cp-1', ['keep'])).toEqual(['drop']);

    expect(await directory.groupsOfContactPoint('cp-1')).toEqual(['keep']);
    expect(await directory.group('drop')).toBeUndefined();
    expect(ids(await directory.search(query()))).toEqual(['keep', 'other-cp']);
  });
});

describe('group', () => {
  test('returns the detail view with description and contact point', async () => {
    await directory.putContactPoint({
      ...ContactPointRecordSchema.parse({
        id: 'cp-1',
        name: 'Kontaktstelle (Demo)',
        country: 'DE',
        postcode: '20095',
      }),
      lat: HAMBURG.lat,
      lon: HAMBURG.lon,
    });
    await directory.putGroup(
      groupRecord('g', { contact_point: 'cp-1', description: 'Fiktiv.', schedule: 'Mittwochs, 17:00' }),
    );

    const group = await directory.group('g');

    expect(group).toMatchObject({
      id: 'g',
      description: 'Fiktiv.',
      schedule: 'Mittwochs, 17:00',
      contactPoint: { id: 'cp-1', name: 'Kontaktstelle (Demo)' },
    });
    expect(await directory.group('missing')).toBeUndefined();
  });
});

describe('nearestContactPoint', () => {
  const contactPoint = (id: string, place: Place) => ({
    ...ContactPointRecordSchema.parse({
      id,
      name: `CP ${id} (Demo)`,
      country: place.country,
      lat: place.lat,
      lon: place.lon,
    }),
    lat: place.lat,
    lon: place.lon,
  });

  test('gives the nearest contact point of the country with its distance', async () => {
    await directory.putContactPoint(contactPoint('near', east(HAMBURG, 3)));
    await directory.putContactPoint(contactPoint('further', east(HAMBURG, 40)));

    const found = await directory.nearestContactPoint(HAMBURG, 'DE');

    expect(found).toMatchObject({ id: 'near', distanceKm: 3 });
  });

  test('falls back to the national centre when none is near or the place is unknown', async () => {
    await directory.putContactPoint(contactPoint('hamburg', HAMBURG));

    expect(await directory.nearestContactPoint(MUNICH, 'DE')).toEqual(NATIONAL_CONTACT_POINTS.DE);
    expect(await directory.nearestContactPoint(undefined, 'NO')).toEqual(NATIONAL_CONTACT_POINTS.NO);
    expect(NATIONAL_CONTACT_POINTS.DE.website).toBe('https://www.nakos.de');
  });
});

test('a missing table is reported with how to fix it', async () => {
  const missing = new DynamoDirectory({ client: dynamo.client, tableName: 'no-such-table' });

  await expect(missing.search(query())).rejects.toThrow(DirectoryTableNotFoundError);
  await expect(missing.group('x')).rejects.toThrow(/DYNAMODB_ENDPOINT/);
});

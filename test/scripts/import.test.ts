import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Gazetteer, Place } from '../../dialogs/types';
import { DynamoDirectory } from '../../lambdas/directory/dynamo-directory';
import { parseImportArgs } from '../../lambdas/directory/import/args';
import {
  formatImportReport,
  type ImportOptions,
  importText,
} from '../../lambdas/directory/import/import-directory';
import { progressBar } from '../../lambdas/directory/import/progress';
import { ImportFileError } from '../../lambdas/directory/import/read-rows';
import { countRequests } from '../lambdas/directory/support';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';

/** A gazetteer that knows three postcodes, enough for these files. */
const POSTCODES: Record<string, Place> = {
  '20095': { lat: 53.5508, lon: 10.0017, country: 'DE', postcode: '20095', label: '20095 Hamburg' },
  '22765': { lat: 53.5554, lon: 9.9299, country: 'DE', postcode: '22765', label: '22765 Hamburg' },
  '6900': { lat: 61.6006, lon: 5.0388, country: 'NO', postcode: '6900', label: '6900 Florø' },
};
const gazetteer: Gazetteer = { postcode: (code) => POSTCODES[code], place: () => undefined };

const HEADER =
  'id,name,topics,languages,country,postcode,city,lat,lon,online,schedule,contact_point,description';
const GOOD_CSV = `${HEADER}
hh-1,Gesprächskreis Ankommen (Demo),migration;loneliness,de;ar,DE,20095,Hamburg,,,false,"Every 2nd Tuesday, 18:00",cp-hh,Fiktiv.
hh-2,Depression Altona (Demo),depression,de,DE,22765,Hamburg,53.5503,9.9326,false,Mittwochs,cp-hh,
on-1,Online Arabisch (Demo),depression,ar,DE,,,,,true,Montags,cp-hh,
`;

let dynamo: TestDynamo;
let directory: DynamoDirectory;
let tableName: string;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());
beforeEach(async () => {
  tableName = (await dynamo.freshTables()).directory;
  directory = new DynamoDirectory({ client: dynamo.client, tableName });
});

const importCsv = (text: string, options: Partial<ImportOptions> = {}) =>
  importText(text, 'csv', { kind: 'groups', directory, gazetteer, ...options });

const hamburg = (
  topics: ('depression' | 'migration')[] = ['depression'],
  languages: ('de' | 'ar')[] = ['de'],
) =>
  directory.search({ topics, languages, place: POSTCODES['20095'], onlineOnly: false, offset: 0, limit: 10 });

test('imports a good file and makes its groups findable, filling coordinates from the postcode', async () => {
  const report = await importCsv(GOOD_CSV);

  expect(report).toMatchObject({ rows: 3, created: 3, updated: 0, unchanged: 0, refused: [] });
  expect((await hamburg(['migration'])).groups.map((g) => [g.id, g.distanceKm])).toEqual([['hh-1', 0]]);
  // The online group speaks Arabic; the local one does not: the person's language comes first.
  expect((await hamburg(['depression'], ['ar'])).groups.map((g) => g.id)).toEqual(['on-1', 'hh-2']);
});

test('reports each bad row by its line and reason and writes the others', async () => {
  const text = `${HEADER}
ok-1,Gut (Demo),grief,de,DE,20095,,,,false,,,"two
lines"
bad-topic,Schlecht (Demo),depresion,de,DE,20095,,,,false,,,
bad-country,Schlecht (Demo),grief,de,SE,20095,,,,false,,,
bad-postcode,Schlecht (Demo),grief,de,DE,99999,,,,false,,,
ok-2,Gut (Demo),grief,de,DE,,,53.56,10.01,false,,,
ok-1,Doppelt (Demo),grief,de,DE,20095,,,,false,,,
too-many,Schlecht (Demo),grief,de,DE,20095,,,,false,,,,extra
`;
  const report = await importCsv(text);

  expect(report.created).toBe(2);
  expect(report.refused).toEqual([
    { where: 'line 4', reason: expect.stringMatching(/^topics: unknown topic id.*"depresion"/) },
    { where: 'line 5', reason: expect.stringMatching(/^country: /) },
    { where: 'line 6', reason: 'postcode 99999 is unknown in DE: correct it, or fill in lat and lon' },
    { where: 'line 8', reason: 'id ok-1 is already used by line 2' },
    { where: 'line 9', reason: expect.stringMatching(/14 fields but the header has 13/) },
  ]);
  expect(formatImportReport(report)).toContain('\nline 6: postcode 99999 is unknown in DE');
  expect(await directory.group('ok-2')).toBeDefined();
  expect(await directory.group('bad-topic')).toBeUndefined();
});

test('reads meetings from the rrule and time columns or from the schedule text, and notes a schedule it cannot read', async () => {
  const text = `id,name,topics,languages,country,postcode,online,schedule,rrule,time,duration_minutes
m-1,Rule (Demo),grief,de,DE,20095,false,,FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,19.00,90
m-2,Text (Demo),grief,de,DE,20095,false,"Jeden 2. Dienstag, 18:30",,,
m-3,Note (Demo),grief,de,DE,20095,false,Sommerpause bis September,,,
m-4,Bad rule (Demo),grief,de,DE,20095,false,,FREQ=DAILY,,
m-5,Bad time (Demo),grief,de,DE,20095,false,,FREQ=WEEKLY;BYDAY=MO,25:00,
`;
  const report = await importCsv(text);

  expect(report.created).toBe(3);
  expect(report.refused).toEqual([
    { where: 'line 5', reason: expect.stringMatching(/^rrule: rrule must be FREQ=WEEKLY/) },
    { where: 'line 6', reason: expect.stringMatching(/^time: time must be HH:MM/) },
  ]);
  expect(report.notes).toEqual([
    {
      where: 'line 4',
      reason: expect.stringMatching(/^schedule "Sommerpause bis September" was not understood/),
    },
  ]);
  expect(formatImportReport(report)).toMatch(/notes: 1\nline 4: schedule "Sommerpause/);
  const found = new Map((await hamburg(['grief' as 'depression'])).groups.map((g) => [g.id, g.meeting]));
  expect(found.get('m-1')).toEqual({
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
    time: '19:00',
    durationMinutes: 90,
    timeZone: 'Europe/Berlin',
  });
  expect(found.get('m-2')).toEqual({
    rrule: 'FREQ=MONTHLY;BYDAY=2TU',
    time: '18:30',
    timeZone: 'Europe/Berlin',
  });
  expect(found.get('m-3')).toBeUndefined();
});

test('a repeated import of the same file changes nothing and says so', async () => {
  await importCsv(GOOD_CSV);
  const counter = countRequests(dynamo.client);

  const again = await importCsv(GOOD_CSV);
  counter.stop();

  expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  expect(formatImportReport(again)).toContain('unchanged: 3');
  expect(new Set(counter.commands)).toEqual(new Set(['GetItemCommand']));
});

test('an edited row is updated and nothing else is touched', async () => {
  await importCsv(GOOD_CSV);

  const report = await importCsv(GOOD_CSV.replace('Mittwochs', '"Donnerstags, 19:00"'));

  expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
  expect((await directory.group('hh-2'))?.schedule).toBe('Donnerstags, 19:00');
});

test('--replace retires the groups of a named contact point that the file no longer lists, with their index items', async () => {
  await importCsv(GOOD_CSV);
  const withoutAltona = GOOD_CSV.split('\n')
    .filter((line) => !line.startsWith('hh-2,'))
    .join('\n');

  const report = await importCsv(withoutAltona, { replace: true });

  expect(report.retired).toEqual(['hh-2']);
  expect(formatImportReport(report)).toContain('retired: 1 (hh-2)');
  expect(await directory.group('hh-2')).toBeUndefined();
  expect((await hamburg(['depression'], ['ar'])).groups.map((g) => g.id)).toEqual(['on-1']);
  expect(await directory.groupsOfContactPoint('cp-hh')).toEqual(['hh-1', 'on-1']);
});

test('--dry-run reports what would happen and writes nothing', async () => {
  const report = await importCsv(GOOD_CSV, { dryRun: true });

  expect(report).toMatchObject({ dryRun: true, created: 3 });
  expect(formatImportReport(report)).toContain('would be created: 3');
  expect(await directory.group('hh-1')).toBeUndefined();
  expect((await hamburg(['migration'])).groups).toEqual([]);
});

test('reads JSON: an array of objects with the same keys, bad items reported by index', async () => {
  const json = JSON.stringify([
    {
      id: 'j-1',
      name: 'JSON (Demo)',
      topics: ['grief'],
      languages: ['de'],
      country: 'DE',
      postcode: '20095',
      online: false,
      contact_point: null,
    },
    { id: 'j-2', name: 'JSON (Demo)', topics: 'grief', languages: 'uk', country: 'DE', online: true },
    { id: 'j 3', name: 'Falsch', topics: ['grief'], languages: ['de'], country: 'DE', online: true },
    'not an object',
  ]);

  const report = await importText(json, 'json', { kind: 'groups', directory, gazetteer });

  expect(report.created).toBe(2);
  expect(report.refused).toEqual([
    { where: 'item 2', reason: expect.stringMatching(/^id: id must be/) },
    { where: 'item 3', reason: 'not an object' },
  ]);
  expect((await directory.group('j-2'))?.languages).toEqual(['uk']);
});

test('keeps quoted CSV fields whole: commas, line breaks, doubled quotes, after a byte order mark', async () => {
  const text = `\uFEFF${HEADER}\nq-1,"Treff ""Mitte"", Hamburg (Demo)",grief,de,DE,20095,,,,false,,,"Erste Zeile,\nzweite Zeile"\n`;

  const report = await importCsv(text);

  expect(report.refused).toEqual([]);
  expect(await directory.group('q-1')).toMatchObject({
    name: 'Treff "Mitte", Hamburg (Demo)',
    description: 'Erste Zeile,\nzweite Zeile',
  });
});

test('imports contact points, placing them by postcode, so the nearest one is found', async () => {
  const text = `id,name,country,postcode,phone,email,opening_hours
cp-floro,Selvhjelp Florø (Demo),NO,6900,+47 000 00 000,floro@example.org,"Mån–tor 9–15"
cp-bad,Ugyldig (Demo),NO,6900,,not-an-email,
`;
  const report = await importText(text, 'csv', { kind: 'contact-points', directory, gazetteer });

  expect(report.refused).toEqual([{ where: 'line 3', reason: expect.stringMatching(/^email: /) }]);
  expect(await directory.nearestContactPoint(POSTCODES['6900'], 'NO')).toMatchObject({
    id: 'cp-floro',
    openingHours: 'Mån–tor 9–15',
    distanceKm: 0,
  });
});

test('refuses a file whose header lacks required columns, importing nothing', async () => {
  await expect(importCsv('id,name\nx,y\n')).rejects.toThrow(ImportFileError);
  await expect(importCsv('id,name\nx,y\n')).rejects.toThrow(/topics, languages, country/);
});

describe('command line', () => {
  test.each([
    [
      ['--kind', 'groups', 'f.csv'],
      { kind: 'groups', file: 'f.csv', dryRun: false, replace: false, local: false },
    ],
    [
      ['f.json', '--kind', 'groups', '--dry-run', '--replace', '--local'],
      { kind: 'groups', file: 'f.json', dryRun: true, replace: true, local: true },
    ],
  ])('reads %j', (argv, expected) => {
    expect(parseImportArgs(argv)).toEqual(expected);
  });

  test.each([
    [[], /--kind/],
    [['--kind', 'people', 'f.csv'], /--kind must be one of groups, contact-points/],
    [['--kind', 'groups'], /exactly one FILE/],
    [['--kind', 'contact-points', '--replace', 'f.csv'], /--replace applies to --kind groups only/],
    [['--kind', 'groups', '--force', 'f.csv'], /force/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseImportArgs(argv);
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  const run = promisify(execFile);
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(path.join('node_modules', '.bin', 'tsx'), ['scripts/import.ts', ...args], {
      env: { ...process.env, ...env },
    }).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  test('exits with 2 and the usage text on a usage error', async () => {
    const { code, stderr } = await cli(['--kind', 'groups']);

    expect(code).toBe(2);
    expect(stderr).toContain('Usage: npm run import -- --kind groups|contact-points FILE');
  });

  test('imports into DYNAMODB_ENDPOINT and exits with 1 when a row was refused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'import-'));
    const file = path.join(dir, 'groups.csv');
    await writeFile(file, `${GOOD_CSV}bad,Schlecht (Demo),nope,de,DE,20095,,,,false,,,\n`);
    const env = { DYNAMODB_ENDPOINT: dynamo.endpoint, DIRECTORY_TABLE: tableName };

    const { code, stdout } = await cli(['--kind', 'groups', file], env);

    expect(code).toBe(1);
    expect(stdout).toContain('created: 3');
    expect(stdout).toContain('line 5: topics: unknown topic id');
    expect(await directory.group('hh-1')).toBeDefined();
  });

  /** No endpoint and no AWS region anywhere the SDK looks (environment, ~/.aws/config). */
  const noDatabase = {
    DYNAMODB_ENDPOINT: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  };

  test('a dry run with no database set checks every row and names the refused ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'import-'));
    const file = path.join(dir, 'groups.csv');
    await writeFile(file, `${GOOD_CSV}bad,Schlecht (Demo),nope,de,DE,20095,,,,false,,,\n`);

    const { code, stdout, stderr } = await cli(['--kind', 'groups', file, '--dry-run'], noDatabase);

    expect(stderr).not.toMatch(/Region is missing|at .*node_modules/);
    expect(code).toBe(1);
    expect(stdout).toContain('checked only: no database set');
    expect(stdout).toContain('valid: 3');
    expect(stdout).toContain('line 5: topics: unknown topic id (see docs/topics.md)');
  });

  test('an import with no database set says what to set, without a stack trace', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'import-'));
    const file = path.join(dir, 'groups.csv');
    await writeFile(file, GOOD_CSV);

    const { code, stderr } = await cli(['--kind', 'groups', file], noDatabase);

    expect(code).toBe(2);
    expect(stderr).toContain('No database is set');
    expect(stderr).toContain('DYNAMODB_ENDPOINT');
    expect(stderr).toContain('--dry-run');
    expect(stderr).not.toContain('    at ');
  });

  test('--local imports into the folder npm start keeps its database in, and the rows are there next time', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'import-'));
    const file = path.join(dir, 'groups.csv');
    await writeFile(file, GOOD_CSV);
    const env = { ...noDatabase, LOCAL_DATA_DIR: path.join(dir, 'local-data') };

    const first = await cli(['--kind', 'groups', file, '--local'], env);
    const second = await cli(['--kind', 'groups', file, '--local', '--dry-run'], env);

    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created: 3');
    expect(second.stdout).toContain('unchanged: 3');
  });
});

describe('progress bar', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, write: (text: string) => written.push(text), written };
  };

  test('draws on a terminal for big files and ends its line when done', () => {
    const terminal = stream(true);
    const draw = progressBar(terminal, 'groups');
    for (let done = 1; done <= 1000; done++) draw(done, 1000);

    expect(terminal.written.length).toBeLessThanOrEqual(102);
    expect(terminal.written.at(-2)).toContain('100%  1000/1000');
    expect(terminal.written.at(-1)).toBe('\n');
  });

  test('stays silent when stderr is not a terminal', () => {
    const pipe = stream(false);
    progressBar(pipe, 'groups')(500, 1000);

    expect(pipe.written).toEqual([]);
  });
});

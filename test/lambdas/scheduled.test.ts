import type { NewHandoff } from '../../dialogs/types';
import { METRIC_NAME, METRIC_NAMESPACE, runScheduledJob } from '../../lambdas/staff/scheduled';
import { filed } from '../support/filed';
import { STAFF_CHANNEL, type StaffWorld, staffMember, startStaffWorld } from './staff/support';

let world: StaffWorld;
beforeAll(async () => {
  world = await startStaffWorld({ stream: false });
  await world.postTeams(staffMember(world, { name: 'Anna Berger', aadObjectId: 'aad-anna' }).installs());
});
afterAll(() => world.close());

const HOUR = 3_600_000;
const now = new Date('2026-11-23T12:00:00.000Z');
const request = (hoursAgo: number): NewHandoff => ({
  channel: 'telegram',

  chatKey: `tg:${8000 + hoursAgo}`,
  language: 'fa',
  topics: ['depression'],
  country: 'DE',
  contactWay: 'chat',
  goodTime: 'any',
  at: new Date(now.getTime() - hoursAgo * HOUR).toISOString(),
});

test('re-announces requests unclaimed for longer than the configured hours once, and publishes their number as a metric', async () => {
  const old = filed(await world.handoffs.create(request(30)));
  const fresh = filed(await world.handoffs.create(request(2)));
  const claimed = filed(await world.handoffs.create(request(40)));
  await world.handoffs.claim(claimed.id, { id: 'aad-anna', name: 'Anna Berger' }, now.toISOString());
  await world.notify([old.id, fresh.id]);
  const cardsBefore = world.connector.activities(STAFF_CHANNEL).length;

  const lines: string[] = [];
  const job = {
    handoffs: world.handoffs,
    announce: world.announce,
    log: world.announce.log,
    reannounceAfterHours: 24,
    stage: 'test',
    clock: () => now,
    writeMetric: (line: string) => lines.push(line),
  };
  // The announcement above happened "now" by the wall clock; the job's clock is later than the cutoff for it.
  const later = { ...job, clock: () => new Date(Date.now() + 25 * HOUR) };
  expect(await runScheduledJob(later)).toMatchObject({ reannounced: 2, failed: 0 });
  expect(world.connector.activities(STAFF_CHANNEL).length).toBe(cardsBefore + 2);
  expect((await world.record(old.id))?.cards).toHaveLength(2);

  // Just re-announced: the next run an hour later posts nothing new.
  const hourLater = { ...job, clock: () => new Date(Date.now() + 26 * HOUR) };
  expect(await runScheduledJob(hourLater)).toMatchObject({ reannounced: 0 });

  const metric = JSON.parse(lines.at(-1) ?? '{}');
  expect(metric).toMatchObject({
    _aws: {
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['Stage']],
          Metrics: [{ Name: METRIC_NAME, Unit: 'Count' }],
        },
      ],
    },
    Stage: 'test',
    [METRIC_NAME]: 2,
  });
});

test('counts only requests open longer than the configured hours, and still publishes without Teams credentials', async () => {
  const lines: string[] = [];
  const result = await runScheduledJob({
    handoffs: world.handoffs,
    log: world.announce.log,
    reannounceAfterHours: 24,
    stage: 'test',
    clock: () => now,
    writeMetric: (line: string) => lines.push(line),
  });
  // At `now`: only the request created 30 hours before is overdue (the claimed one is not open).
  expect(result).toEqual({ overdue: 1, reannounced: 0, failed: 0 });
  expect(JSON.parse(lines[0] ?? '{}')[METRIC_NAME]).toBe(1);
});

import { marshall } from '@aws-sdk/util-dynamodb';
import type { NewHandoff } from '../../dialogs/types';
import { createNotifier } from '../../lambdas/staff/notifier';
import { filed } from '../support/filed';
import { STAFF_CHANNEL, type StaffWorld, staffMember, startStaffWorld } from './staff/support';

let world: StaffWorld;
beforeAll(async () => {
  // No local stream: the test hands the notifier the stream records itself, as Lambda would.
  world = await startStaffWorld({ stream: false });
  await world.postTeams(staffMember(world, { name: 'Anna Berger', aadObjectId: 'aad-anna' }).installs());
});
afterAll(() => world.close());

const request: NewHandoff = {
  channel: 'telegram',

  chatKey: 'tg:9001',
  language: 'uk',
  topics: ['trauma'],
  country: 'DE',
  region: '44135 Dortmund',
  contactWay: 'chat',
  goodTime: 'any',
  at: new Date().toISOString(),
};

const cards = () =>
  world.connector.activities(STAFF_CHANNEL).filter((sent) => Array.isArray(sent.activity.attachments));

describe('the notifier', () => {
  test('reports a record whose card could not be posted, so Lambda retries it, and posts it on the retry', async () => {
    const { id } = filed(await world.handoffs.create(request));
    world.connector.failNext('sendToConversation', { status: 503, code: 'ServiceUnavailable' }, 4);
    const before = cards().length;

    expect(await world.notify([id])).toEqual({ batchItemFailures: [{ itemIdentifier: '1000' }] });
    expect(cards()).toHaveLength(before);
    expect((await world.record(id))?.cards).toEqual([]);

    expect(await world.notify([id])).toEqual({ batchItemFailures: [] });
    expect(cards()).toHaveLength(before + 1);
    expect((await world.record(id))?.cards).toHaveLength(1);
  });

  test('does not post a card twice when a record is delivered again', async () => {
    const { id } = filed(await world.handoffs.create({ ...request, chatKey: 'tg:7201' }));
    await world.notify([id]);
    const after = cards().length;
    expect(await world.notify([id])).toEqual({ batchItemFailures: [] });
    expect(cards()).toHaveLength(after);
  });

  test('stops at the first failed record of a batch and reports it, having announced the ones before', async () => {
    // Three chats: one chat can have one open request only.
    const first = filed(await world.handoffs.create({ ...request, chatKey: 'tg:7101' }));
    const second = filed(await world.handoffs.create({ ...request, chatKey: 'tg:7102' }));
    const third = filed(await world.handoffs.create({ ...request, chatKey: 'tg:7103' }));
    await world.notify([first.id]);
    // The first record is already shown (a re-delivery); the second one's post fails, retries included.
    world.connector.failNext('sendToConversation', { status: 503, code: 'ServiceUnavailable' }, 4);
    const result = await world.notify([first.id, second.id, third.id]);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '1001' }] });
    expect((await world.record(first.id))?.cards).toHaveLength(1);
    expect((await world.record(second.id))?.cards).toEqual([]);
    expect((await world.record(third.id))?.cards).toEqual([]);
  });

  test('skips items that are not new handoff requests, and requests already withdrawn', async () => {
    const notifier = createNotifier(world.announce);
    const { id } = filed(await world.handoffs.create({ ...request, chatKey: 'tg:7202' }));
    await world.handoffs.withdraw(id, new Date().toISOString());
    world.connector.reset();
    const records = [
      {
        eventName: 'INSERT',
        dynamodb: { SequenceNumber: '1', NewImage: marshall({ pk: 'founding#x', type: 'founding' }) },
      },
      { eventName: 'REMOVE', dynamodb: { SequenceNumber: '2' } },
      {
        eventName: 'INSERT',
        dynamodb: {
          SequenceNumber: '3',
          NewImage: marshall({ pk: `handoff#${id}`, type: 'handoff', id, status: 'open' }),
        },
      },
    ];
    expect(await notifier({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(world.connector.calls).toEqual([]);
  });
});

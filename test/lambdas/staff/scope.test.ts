import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { telegramUser } from '../../support/telegram-harness';
import {
  cardText,
  STAFF_CHANNEL,
  type StaffWorld,
  staffMember,
  startStaffWorld,
  telegramHandoff,
} from './support';

/** A second staff channel of the same team: the default channel for requests no channel serves. */
const DEFAULT_CHANNEL = '19:staffchannel0002@thread.tacv2';

let world: StaffWorld;
const anna = () => staffMember(world, { name: 'Anna Berger', aadObjectId: 'aad-anna' });
const ben = () => staffMember(world, { name: 'Ben Okafor', aadObjectId: 'aad-ben' });
const carla = () =>
  staffMember(world, { name: 'Carla Nunes', aadObjectId: 'aad-carla', channel: DEFAULT_CHANNEL });

beforeAll(async () => {
  world = await startStaffWorld();
  await world.postTeamsInOrder([
    anna().installs(),
    carla().installs(),
    // The Hamburg-Mitte contact point's channel, and a default channel for everything else.
    anna().post('serve hh-mitte'),
    carla().post('default'),
    // English texts here; the staff languages have tests of their own (staff-language.test.ts).
    anna().post('language en'),
    carla().post('language en'),
  ]);
});
afterAll(() => world.close());

const cardsIn = (channel: string) =>
  world.connector.activities(channel).filter((sent) => Array.isArray(sent.activity.attachments));
const cardOf = (channel: string, id: string) =>
  cardsIn(channel).find((sent) => cardText(sent.activity).includes(`Request ${id}`));
const notes = (channel: string, cardId: string) =>
  world.connector.activities(`${channel};messageid=${cardId}`).map((sent) => cardText(sent.activity));

async function record(id: string) {
  const { Item } = await world.dynamo.client.send(
    new GetItemCommand({ TableName: world.tables.requests, Key: { pk: { S: `handoff#${id}` } } }),
  );
  return unmarshall(Item ?? {});
}

/** A request without a place: no contact point is responsible, so it goes to the default channel. */
async function requestWithoutPlace(chatId: number): Promise<string> {
  const user = telegramUser(chatId, 'de');
  for (const update of [
    user.text('/start'),
    user.press('menu:person'),
    user.press('ho:agree'),
    user.press('ho:chat'),
    user.press('ho:time:any'),
  ])
    await world.postTelegram(update);
  await world.settle();
  const text = world.telegram
    .sentMessages(chatId)
    .map((m) => m.text)
    .reverse()
    .find((t) => /\b[2-9A-Z]{6}\b/.test(t));
  return text?.match(/\b([2-9A-HJ-NP-Z]{6})\b/)?.[1] ?? '';
}

describe('staff channels', () => {
  test('a request goes only to the channel of the contact point responsible for the place', async () => {
    const id = await telegramHandoff(world, 8601);
    expect((await record(id)).contactPointId).toBe('hh-mitte');
    expect(cardOf(STAFF_CHANNEL, id)).toBeDefined();
    expect(cardOf(DEFAULT_CHANNEL, id)).toBeUndefined();
  });

  test('a request without a place goes to the default channel', async () => {
    const id = await requestWithoutPlace(8602);
    expect(cardOf(DEFAULT_CHANNEL, id)).toBeDefined();
    expect(cardOf(STAFF_CHANNEL, id)).toBeUndefined();
  });

  test('a request cannot be claimed from a channel it was not sent to', async () => {
    const id = await telegramHandoff(world, 8603);
    const cardId = cardOf(STAFF_CHANNEL, id)?.id ?? '';
    await world.postTeams(carla().press(cardId, { staff: 'claim', id }));
    expect((await record(id)).status).toBe('open');
  });
});

describe('a claimed request', () => {
  test('is answered and resolved only by its claimer; another staff member takes it over first, and it is logged', async () => {
    const id = await telegramHandoff(world, 8611, { phone: '+49 30 23125 678' });
    const cardId = cardOf(STAFF_CHANNEL, id)?.id ?? '';
    await world.postTeams(anna().press(cardId, { staff: 'claim', id }));
    await world.postTeams(ben().press(cardId, { staff: 'reply', id, replyText: 'Hallo' }));
    expect(notes(STAFF_CHANNEL, cardId).at(-1)).toMatch(/^Claimed by Anna Berger: only they answer/);
    await world.postTeams(ben().press(cardId, { staff: 'resolve', id, outcome: 'other' }));
    expect((await record(id)).status).toBe('claimed');

    await world.postTeams(ben().press(cardId, { staff: 'takeover', id }));
    const taken = await record(id);
    expect(taken.claimedBy).toEqual({ id: 'aad-ben', name: 'Ben Okafor' });
    expect(taken.actions.map((a: { what: string }) => a.what)).toContain('took over from Anna Berger');
    await world.postTeams(ben().press(cardId, { staff: 'resolve', id, outcome: 'other' }));
    expect((await record(id)).status).toBe('resolved');
  });

  test('shows the phone number only in the claimer’s channel', async () => {
    // Both channels get requests of this contact point now.
    await world.postTeams(carla().post('serve hh-mitte'));
    const id = await telegramHandoff(world, 8612, { phone: '+49 30 23125 679' });
    const annaCard = cardOf(STAFF_CHANNEL, id)?.id ?? '';
    await world.postTeams(anna().press(annaCard, { staff: 'claim', id }));
    await world.settle();
    // The cards as they are now, after the claim updated them.
    const updated = (channel: string) => {
      const card = cardOf(channel, id);
      return card ? cardText(card.activity) : '';
    };
    expect(updated(STAFF_CHANNEL)).toContain('23125 679');
    expect(updated(DEFAULT_CHANNEL)).toContain('Claimed by Anna Berger');
    expect(updated(DEFAULT_CHANNEL)).not.toContain('23125 679');
  });
});

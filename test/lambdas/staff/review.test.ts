import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { PLAIN, renderText } from '../../../lambdas/i18n/translator';
import { teamsUser } from '../../support/teams-harness';
import { telegramUser } from '../../support/telegram-harness';
import {
  cardActions,
  cardText,
  STAFF_CHANNEL,
  type StaffWorld,
  staffMember,
  startStaffWorld,
  telegramHandoff,
} from './support';

let world: StaffWorld;
beforeAll(async () => {
  world = await startStaffWorld();
  const anna = staffMember(world, { name: 'Anna Berger', aadObjectId: 'aad-anna' });
  expect((await world.postTeams(anna.installs())).statusCode).toBe(200);
});
afterAll(() => world.close());

const anna = () => staffMember(world, { name: 'Anna Berger', aadObjectId: 'aad-anna' });
const ben = () => staffMember(world, { name: 'Ben Okafor', aadObjectId: 'aad-ben' });
const cardsIn = (conversationId: string) =>
  world.connector.activities(conversationId).filter((sent) => Array.isArray(sent.activity.attachments));
const threadMessages = (cardId: string) =>
  world.connector.activities(`${STAFF_CHANNEL};messageid=${cardId}`).map((sent) => cardText(sent.activity));

/** A Telegram user's request, announced: its id and the id of its card in the staff channel. */
async function announcedRequest(chatId: number, options: { phone?: string } = {}) {
  const id = await telegramHandoff(world, chatId, options);
  const card = cardsIn(STAFF_CHANNEL).find((sent) => cardText(sent.activity).includes(`Request ${id}`));
  if (!card) throw new Error(`No card for ${id}`);
  return { id, cardId: card.id };
}

describe('staff channels', () => {
  test('register themselves when the bot is installed in a configured team, and say so', async () => {
    const channel = await world.channels.get(STAFF_CHANNEL);
    expect(channel).toMatchObject({ teamId: '19:staffteam0001@thread.tacv2', conversationId: STAFF_CHANNEL });
    expect(channel?.reference.serviceUrl).toBe(world.connector.serviceUrl);
    expect(cardText(world.connector.activities(STAFF_CHANNEL)[0]?.activity ?? {})).toMatch(
      /now receives requests/,
    );
  });

  test('are not registered for a team that is not configured', async () => {
    const stranger = staffMember(world, {
      name: 'Mallory',
      aadObjectId: 'aad-mallory',
      team: '19:otherteam@thread.tacv2',
      channel: '19:otherchannel@thread.tacv2',
    });
    expect((await world.postTeams(stranger.installs())).statusCode).toBe(200);
    expect(await world.channels.get('19:otherchannel@thread.tacv2')).toBeUndefined();
    expect(world.connector.activities('19:otherchannel@thread.tacv2')).toEqual([]);
  });
});

describe('a handoff from a Telegram user', () => {
  test('appears as a card in the staff channel with language, concern, region, contact wish and age, without the phone number', async () => {
    const { id, cardId } = await announcedRequest(7001, { phone: '+49 40 1234567' });
    const card = world.connector.activities(STAFF_CHANNEL).find((sent) => sent.id === cardId);
    const text = cardText(card?.activity ?? {});
    expect(text).toContain(`Request ${id}`);
    expect(text).toMatch(/Status: Open/);
    expect(text).toMatch(/Language: German/);
    expect(text).toMatch(/Concern: Diabetes/);
    expect(text).toMatch(/Region: 20095 Hamburg, DE/);
    expect(text).toMatch(/Contact: By phone, evenings/);
    expect(text).toMatch(/Age: \d+ min/);
    expect(text).not.toContain('1234567');
    expect(cardActions(card?.activity ?? {})).toContainEqual({ staff: 'claim', id });
    expect((await world.record(id))?.cards).toEqual([
      { conversationId: STAFF_CHANNEL, activityId: cardId, serviceUrl: world.connector.serviceUrl },
    ]);
  });

  test('is claimed by exactly one of two staff members who click at the same moment; the other hears who has it', async () => {
    const { id, cardId } = await announcedRequest(7002, { phone: '+49 40 7654321' });
    const results = await Promise.all([
      world.postTeams(anna().press(cardId, { staff: 'claim', id })),
      world.postTeams(ben().press(cardId, { staff: 'claim', id })),
    ]);
    expect(results.map((result) => result.statusCode)).toEqual([200, 200]);
    const record = await world.record(id);
    expect(record?.status).toBe('claimed');
    const winner = record?.claimedBy?.name ?? '';
    expect(['Anna Berger', 'Ben Okafor']).toContain(winner);
    expect(record?.actions.filter((action) => action.what === 'claimed')).toHaveLength(1);
    expect(threadMessages(cardId)).toEqual([`Already claimed by ${winner}.`]);
    // The card is updated in place: the claimer's name and now the phone number.
    const card = world.connector.activities(STAFF_CHANNEL).find((sent) => sent.id === cardId);
    expect(card?.updatedAt).toBeDefined();
    expect(cardText(card?.activity ?? {})).toMatch(new RegExp(`Status: Claimed by ${winner}`));
    expect(cardText(card?.activity ?? {})).toMatch(/Phone: \+49 40 7654321/);
  });

  test("passes a staff answer to the user's Telegram chat, and the user's answer back into the card's thread", async () => {
    const chatId = 7003;
    const { id, cardId } = await announcedRequest(chatId);
    await world.postTeams(anna().press(cardId, { staff: 'claim', id }));
    expect(
      (await world.postTeams(anna().replyInThread(cardId, 'Hallo, hier ist Anna. <Wann> passt es?')))
        .statusCode,
    ).toBe(200);

    const answer = world.telegram.sentMessages(chatId).at(-1);
    // In the user's language (German), with the staff member's text as they wrote it.
    const from = renderText(
      {
        key: 'handoff.fromStaff',
        params: { name: 'Anna Berger', contactPoint: 'Selbsthilfe-Kontaktstelle Hamburg' },
      },
      'de',
      PLAIN,
    );
    expect(answer?.text.startsWith(`${from}\nHallo, hier ist Anna. <Wann> passt es?`)).toBe(true);
    expect(answer?.text).toContain(
      renderText({ key: 'handoff.staffReplyHint', params: { name: 'Anna Berger' } }, 'de', PLAIN),
    );

    const user = telegramUser(chatId, 'de');
    expect((await world.postTelegram(user.text('Abends nach 18 Uhr'))).statusCode).toBe(200);
    await world.settle();
    expect(threadMessages(cardId).at(-1)).toBe(`Answer to request ${id}:\nAbends nach 18 Uhr`);
    // The relayed text did not run the dialog: no reply besides the staff message.
    expect(world.telegram.sentMessages(chatId).at(-1)?.text).toBe(answer?.text);

    // The card's own text field works too.
    await world.postTeams(anna().press(cardId, { staff: 'reply', id, replyText: 'Ich rufe Sie morgen an.' }));
    expect(world.telegram.sentMessages(chatId).at(-1)?.text).toMatch(/Ich rufe Sie morgen an\.$/);
    const actions = (await world.record(id))?.actions.map((action) => [action.who, action.what]);
    expect(actions).toEqual([
      ['user', 'created'],
      ['aad-anna', 'claimed'],
      ['aad-anna', 'replied'],
      ['user', 'answered'],
      ['aad-anna', 'replied'],
    ]);
  });

  test('passes a staff answer on once when Teams delivers the same activity again', async () => {
    const chatId = 7009;
    const { id, cardId } = await announcedRequest(chatId);
    await world.postTeams(anna().press(cardId, { staff: 'claim', id }));
    const before = world.telegram.sentMessages(chatId).length;
    const answer = anna().replyInThread(cardId, 'Nur einmal, bitte.');
    await world.postTeams(answer);
    await world.postTeams(answer);
    expect(world.telegram.sentMessages(chatId).length).toBe(before + 1);
  });

  test('is resolved with an outcome: personal fields erased, kept 90 days, card updated in place, relay ended', async () => {
    const chatId = 7004;
    const { id, cardId } = await announcedRequest(chatId, { phone: '+49 40 5550000' });
    await world.postTeams(ben().press(cardId, { staff: 'claim', id }));
    await world.postTeams(ben().replyInThread(cardId, 'Guten Tag!'));
    const at = Date.now();
    await world.postTeams(ben().press(cardId, { staff: 'resolve', id, outcome: 'group-found' }));

    const { Item } = await world.dynamo.client.send(
      new GetItemCommand({ TableName: world.tables.requests, Key: { pk: { S: `handoff#${id}` } } }),
    );
    const item = unmarshall(Item ?? {});
    expect(item.status).toBe('resolved');
    expect(item.outcome).toBe('group-found');
    expect(item).not.toHaveProperty('chatKey');
    expect(item).not.toHaveProperty('contactDetail');
    expect(item.expiresAt * 1000).toBeGreaterThan(at + 89 * 86_400_000);
    expect(item.actions.at(-1)).toMatchObject({ who: 'aad-ben', what: 'resolved: group-found' });
    expect(await world.handoffs.relayOf(`tg:${chatId}`)).toBeUndefined();

    const card = world.connector.activities(STAFF_CHANNEL).find((sent) => sent.id === cardId);
    expect(cardText(card?.activity ?? {})).toMatch(/Status: Resolved: Group found/);
    expect(cardText(card?.activity ?? {})).not.toContain('5550000');
    expect(cardActions(card?.activity ?? {})).toEqual([]);
  });

  test('shows on its card when the user withdraws it, without any buttons left', async () => {
    const chatId = 7008;
    const { cardId } = await announcedRequest(chatId);
    await world.postTelegram(telegramUser(chatId, 'de').press('ho:withdraw'));
    await world.settle();
    const card = world.connector.activities(STAFF_CHANNEL).find((sent) => sent.id === cardId);
    expect(cardText(card?.activity ?? {})).toMatch(/Status: Withdrawn/);
    expect(cardActions(card?.activity ?? {})).toEqual([]);
  });

  test('lists the open requests, oldest first, when staff write "open" in the channel', async () => {
    const first = await announcedRequest(7005);
    const second = await announcedRequest(7006);
    await world.postTeams(anna().post('open'));
    const list = world.connector.activities(STAFF_CHANNEL).at(-1);
    const text = cardText(list?.activity ?? {});
    expect(text).toMatch(/^Open requests: \d+/);
    expect(text.indexOf(first.id)).toBeLessThan(text.indexOf(second.id));
  });
});

describe('a handoff from a Teams user', () => {
  test("reaches the staff channel, and staff answers reach the user's Teams chat and back", async () => {
    const user = teamsUser({ chat: 'staff-relay', locale: 'en-US', serviceUrl: world.connector.serviceUrl });
    for (const activity of [
      user.added(),
      user.text('Diabetes'),
      user.text('20095'),
      user.press('menu:person'),
      user.press('ho:agree'),
      user.press('ho:chat'),
      user.press('ho:time:any'),
    ]) {
      expect((await world.postTeams(activity)).statusCode).toBe(200);
    }
    await world.settle();
    const receipt = world.connector
      .activities(user.conversationId)
      .map((sent) => cardText(sent.activity))
      .at(-1);
    const id = receipt?.match(/number is ([2-9A-Z]{6})/)?.[1] ?? '';
    const card = cardsIn(STAFF_CHANNEL).find((sent) => cardText(sent.activity).includes(`Request ${id}`));
    expect(card).toBeDefined();
    const cardId = card?.id ?? '';

    await world.postTeams(anna().press(cardId, { staff: 'claim', id }));
    await world.postTeams(anna().replyInThread(cardId, 'Hello, this is Anna.'));
    expect(cardText(world.connector.activities(user.conversationId).at(-1)?.activity ?? {})).toMatch(
      /^A message from Anna Berger at Selbsthilfe-Kontaktstelle Hamburg:\nHello, this is Anna\./,
    );
    await world.postTeams(user.text('Thank you, evenings are best.'));
    await world.settle();
    expect(threadMessages(cardId).at(-1)).toBe(`Answer to request ${id}:\nThank you, evenings are best.`);
  });
});

describe('staff actions', () => {
  test('are refused from a team that is not a registered staff team, and from an unregistered channel', async () => {
    const { id, cardId } = await announcedRequest(7007);
    const calls = world.connector.calls.length;
    const forged = staffMember(world, {
      name: 'Mallory',
      aadObjectId: 'aad-mallory',
      team: '19:otherteam@thread.tacv2',
    });
    expect((await world.postTeams(forged.press(cardId, { staff: 'claim', id }))).statusCode).toBe(200);
    const elsewhere = staffMember(world, {
      name: 'Mallory',
      aadObjectId: 'aad-mallory',
      channel: '19:unregistered@thread.tacv2',
    });
    expect(
      (await world.postTeams(elsewhere.press(cardId, { staff: 'resolve', id, outcome: 'other' }))).statusCode,
    ).toBe(200);
    expect((await world.record(id))?.status).toBe('open');
    expect(world.connector.calls.length).toBe(calls);
  });
});

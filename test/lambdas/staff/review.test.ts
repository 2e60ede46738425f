import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { HandoffRecord } from '../../../lambdas/handoffs/dynamo-handoffs';
import { PLAIN, renderText } from '../../../lambdas/i18n/translator';
import { silentLogger } from '../../../lambdas/log/logger';
import { staffCard } from '../../../lambdas/staff/card';
import { deliverToUser } from '../../../lambdas/staff/relay';
import { teamsChatSender } from '../../../lambdas/teams/chat-sender';
import type { ProactiveMessenger } from '../../../lambdas/teams/messenger';
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
  // These tests read the English texts; the staff languages have tests of their own (staff-language.test.ts).
  expect((await world.postTeams(anna.post('language en'))).statusCode).toBe(200);
});
afterAll(() => world.close());

const anna = () => staffMember(world, { name: 'Anna Berger', aadObjectId: 'aad-anna' });
const ben = () => staffMember(world, { name: 'Ben Okafor', aadObjectId: 'aad-ben' });
const cardsIn = (conversationId: string) =>
  world.connector.activities(conversationId).filter((sent) => Array.isArray(sent.activity.attachments));
const threadMessages = (cardId: string) =>
  world.connector.activities(`${STAFF_CHANNEL};messageid=${cardId}`).map((sent) => cardText(sent.activity));

/** The notice a user gets when staff resolve their request, as their chat shows it. */
const closedNotice = (id: string, lang: 'de' | 'en') =>
  renderText({ key: 'handoff.closedNotice', params: { id } }, lang, PLAIN);

/** Every stored attribute of a request, the personal ones included. */
async function storedItem(id: string) {
  const { Item } = await world.dynamo.client.send(
    new GetItemCommand({ TableName: world.tables.requests, Key: { pk: { S: `handoff#${id}` } } }),
  );
  return unmarshall(Item ?? {});
}

/** A Teams user (English) who asks for a person, to be answered in the chat: the user, request id and card id. */
async function teamsRequest(chat: string) {
  const user = teamsUser({ chat, locale: 'en-US', serviceUrl: world.connector.serviceUrl });
  await world.postTeamsInOrder([
    user.added(),
    user.text('Diabetes'),
    user.text('20095'),
    user.press('menu:person'),
    user.press('ho:agree'),
    user.press('ho:chat'),
    user.press('ho:time:any'),
  ]);
  await world.settle();
  const receipt = world.connector
    .activities(user.conversationId)
    .map((sent) => cardText(sent.activity))
    .at(-1);
  const id = receipt?.match(/number is ([2-9A-Z]{6})/)?.[1] ?? '';
  const card = cardsIn(STAFF_CHANNEL).find((sent) => cardText(sent.activity).includes(`Request ${id}`));
  if (!card) throw new Error(`No card for ${id}`);
  return { user, id, cardId: card.id };
}

/** A Telegram user's request, announced: its id and the id of its card in the staff channel. */
async function announcedRequest(chatId: number, options: { phone?: string } = {}) {
  const id = await telegramHandoff(world, chatId, options);
  const card = cardsIn(STAFF_CHANNEL).find((sent) => cardText(sent.activity).includes(`Request ${id}`));
  if (!card) throw new Error(`No card for ${id}`);
  return { id, cardId: card.id };
}

/** A Telegram request that Anna has claimed and answered in its thread, so the user's texts go to staff. */
async function answeredRequest(chatId: number, answer: string) {
  const request = await announcedRequest(chatId);
  await world.postTeams(anna().press(request.cardId, { staff: 'claim', id: request.id }));
  await world.postTeams(anna().replyInThread(request.cardId, answer));
  return request;
}

describe('staff channels', () => {
  test('register themselves when the bot is installed in a configured team, and say so', async () => {
    const channel = await world.channels.get(STAFF_CHANNEL);
    expect(channel).toMatchObject({ teamId: '19:staffteam0001@thread.tacv2', conversationId: STAFF_CHANNEL });
    expect(channel?.reference.serviceUrl).toBe(world.connector.serviceUrl);
    // Before staff choose a language, the note is in the language of the installer's Teams (here German).
    expect(cardText(world.connector.activities(STAFF_CHANNEL)[0]?.activity ?? {})).toMatch(
      /^Dieser Kanal erhält jetzt Anfragen/,
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
  test('still reaches staff when the user answers after their session has expired', async () => {
    const chatId = 7020;
    const { id, cardId } = await answeredRequest(chatId, 'Hallo, hier ist Anna.');
    // Sessions expire after 30 days without a message; an open request lives up to a year.
    await world.dynamo.client.send(
      new DeleteItemCommand({ TableName: world.tables.sessions, Key: { pk: { S: `tg:${chatId}` } } }),
    );
    const sent = world.telegram.sentMessages(chatId).length;
    expect((await world.postTelegram(telegramUser(chatId, 'de').text('Ich bin wieder da.'))).statusCode).toBe(
      200,
    );
    await world.settle();
    expect(threadMessages(cardId).at(-1)).toBe(`Answer to request ${id}:\nIch bin wieder da.`);
    // Relayed, not greeted as a stranger.
    expect(world.telegram.sentMessages(chatId)).toHaveLength(sent);
  });

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
      {
        conversationId: STAFF_CHANNEL,
        activityId: cardId,
        serviceUrl: world.connector.serviceUrl,
        lang: 'en',
      },
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
    // The person hears once, in their language, that someone took their request.
    const claimed = renderText({ key: 'handoff.claimedNotice', params: { id } }, 'de', PLAIN);
    expect(world.telegram.sentMessages(7002).filter((m) => m.text === claimed)).toHaveLength(1);
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
    const stored = await world.record(id);
    expect(stored?.actions.map((action) => [action.who, action.what])).toEqual([
      ['user', 'created'],
      ['aad-anna', 'claimed'],
      ['aad-anna', 'replied'],
      ['aad-anna', 'replied'],
    ]);
    // The person's messages are counted, not listed one by one (the item must stay small).
    expect(stored).toMatchObject({ userMessages: 1 });
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
    const { user, id, cardId } = await teamsRequest('staff-relay');

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

describe('when staff resolve a request, the user', () => {
  test('on Telegram is told in their language, without the outcome; their next message goes on with the dialog', async () => {
    const chatId = 7010;
    const { id, cardId } = await answeredRequest(chatId, 'Guten Tag!');
    await world.postTeams(anna().press(cardId, { staff: 'resolve', id, outcome: 'no-answer' }));

    const notice = world.telegram.sentMessages(chatId).at(-1)?.text ?? '';
    expect(notice).toBe(closedNotice(id, 'de'));
    expect(notice).not.toMatch(/No answer|no-answer/i);
    // Nothing for staff to worry about: no note in the thread about the notice.
    expect(threadMessages(cardId).filter((text) => text.startsWith('Resolved.'))).toEqual([]);
    // The chat is erased after it was used for the notice, and the relay is over.
    const item = await storedItem(id);
    expect(item).toMatchObject({ status: 'resolved', outcome: 'no-answer' });
    expect(item).not.toHaveProperty('chatKey');
    expect(await world.handoffs.relayOf(`tg:${chatId}`)).toBeUndefined();

    const sent = world.telegram.sentMessages(chatId).length;
    const thread = threadMessages(cardId).length;
    expect((await world.postTelegram(telegramUser(chatId, 'de').text('Danke'))).statusCode).toBe(200);
    await world.settle();
    expect(world.telegram.sentMessages(chatId).length).toBeGreaterThan(sent);
    expect(threadMessages(cardId)).toHaveLength(thread);
  });

  test('on Teams is told in their chat, and the conversation reference is erased afterwards', async () => {
    const { user, id, cardId } = await teamsRequest('closed-notice');
    const reference = (await world.record(id))?.userReference as
      | { user?: Record<string, unknown> }
      | undefined;
    expect(reference).toBeDefined();
    // Only the user's id stays in the stored reference: no display name, no Azure AD object id.
    expect(Object.keys(reference?.user ?? {})).toEqual(['id']);
    await world.postTeams(anna().press(cardId, { staff: 'resolve', id, outcome: 'group-found' }));

    const last = world.connector.activities(user.conversationId).at(-1)?.activity ?? {};
    expect(cardText(last)).toBe(closedNotice(id, 'en'));
    expect(cardText(last)).not.toContain('Group found');
    const item = await storedItem(id);
    expect(item.status).toBe('resolved');
    expect(item).not.toHaveProperty('chatKey');
    expect(item).not.toHaveProperty('userReference');
  });

  test('hears nothing when staff press Resolve after the request was withdrawn', async () => {
    const chatId = 7011;
    const { id, cardId } = await announcedRequest(chatId);
    await world.postTelegram(telegramUser(chatId, 'de').press('ho:withdraw'));
    await world.settle();
    const sent = world.telegram.sentMessages(chatId).length;
    await world.postTeams(anna().press(cardId, { staff: 'resolve', id, outcome: 'other' }));
    expect(world.telegram.sentMessages(chatId)).toHaveLength(sent);
    expect((await world.record(id))?.status).toBe('withdrawn');
    expect(threadMessages(cardId).at(-1)).toBe('The person has withdrawn this request.');
  });

  test('gets one notice when two staff members resolve at the same moment', async () => {
    const chatId = 7012;
    const { id, cardId } = await announcedRequest(chatId);
    const sent = world.telegram.sentMessages(chatId).length;
    await Promise.all([
      world.postTeams(anna().press(cardId, { staff: 'resolve', id, outcome: 'group-found' })),
      world.postTeams(ben().press(cardId, { staff: 'resolve', id, outcome: 'other' })),
    ]);
    const notices = world.telegram.sentMessages(chatId).slice(sent);
    expect(notices.map((message) => message.text)).toEqual([closedNotice(id, 'de')]);
  });

  test('who blocked the bot is not told, but the request is still resolved and erased; staff hear why, the log holds nothing personal', async () => {
    const chatId = 7013;
    const { id, cardId } = await announcedRequest(chatId, { phone: '+49 40 5551234' });
    const warn = jest.spyOn(silentLogger, 'warn');
    world.telegram.blockChat(chatId);
    try {
      const result = await world.postTeams(
        anna().press(cardId, { staff: 'resolve', id, outcome: 'group-found' }),
      );
      expect(result.statusCode).toBe(200);
    } finally {
      world.telegram.unblockChat(chatId);
    }
    const item = await storedItem(id);
    expect(item.status).toBe('resolved');
    expect(item).not.toHaveProperty('chatKey');
    expect(item).not.toHaveProperty('contactDetail');
    expect(threadMessages(cardId).at(-1)).toBe(
      'Resolved. The person was not told in their chat: the person has blocked the bot or left the chat.',
    );
    const logged = warn.mock.calls.filter(([event]) => event === 'staff.closed_notice_failed');
    warn.mockRestore();
    expect(logged).toEqual([['staff.closed_notice_failed', expect.objectContaining({ handoff: id })]]);
    expect(JSON.stringify(logged)).not.toMatch(new RegExp(`${chatId}|5551234|tg:`));
  });

  test('on Teams is not told when the chat service fails, and the request is resolved and erased all the same', async () => {
    const { user, id, cardId } = await teamsRequest('closed-notice-failure');
    const before = world.connector.activities(user.conversationId).length;
    world.connector.failNext('sendToConversation', { status: 400, code: 'BadArgument' });
    await world.postTeams(anna().press(cardId, { staff: 'resolve', id, outcome: 'other' }));
    expect(world.connector.activities(user.conversationId)).toHaveLength(before);
    const item = await storedItem(id);
    expect(item.status).toBe('resolved');
    expect(item).not.toHaveProperty('chatKey');
    expect(item).not.toHaveProperty('userReference');
    expect(threadMessages(cardId).at(-1)).toBe(
      'Resolved. The person was not told in their chat: the chat service failed.',
    );
  });
});

describe('texts for the user never carry English staff defaults', () => {
  test('a staff answer from a team without a name says "at a self-help contact point" in the user\'s language', async () => {
    const sent: { text?: string }[] = [];
    const messenger = {
      send: async (_reference: unknown, activity: { text?: string }) => {
        sent.push(activity);
        return 'a1';
      },
    } as unknown as ProactiveMessenger;
    const record = {
      id: 'ABC234',
      type: 'handoff',
      status: 'claimed',
      channel: 'teams',
      chatKey: 'teams:a:1x',
      userReference: { conversation: { id: 'a:1x' } },
      language: 'de',
      topics: [],
      country: 'DE',
      contactWay: 'chat',
      goodTime: 'any',
      createdAt: '2026-11-23T10:00:00Z',
      actions: [],
      cards: [],
    } as HandoffRecord;
    const outcome = await deliverToUser(
      record,
      'Hallo',
      { name: 'Anna' },
      { senders: { teams: teamsChatSender(messenger) }, log: silentLogger },
      false,
    );
    expect(outcome).toBe('sent');
    expect(sent[0]?.text).toBe(
      `${renderText({ key: 'handoff.fromStaffNoTeam', params: { name: 'Anna' } }, 'de', PLAIN)}\nHallo`,
    );
    expect(sent[0]?.text).not.toMatch(/contact point/);
  });
});

describe('a request from someone who did not say where they live', () => {
  const base = {
    id: 'ABC234',
    type: 'handoff',
    status: 'open',
    channel: 'telegram',
    sharesLocation: true,
    language: 'ar',
    topics: ['diabetes'],
    country: 'DE',
    contactWay: 'chat',
    goodTime: 'any',
    createdAt: '2026-11-23T10:00:00Z',
    actions: [],
    cards: [],
  } as const;
  const region = (record: Record<string, unknown>) => {
    const card = staffCard(
      record as unknown as HandoffRecord,
      new Date('2026-11-23T10:05:00Z'),
      undefined,
      'en',
    );
    return cardText({ ...card }).match(/Region: (.*)/)?.[1];
  };

  test('says on the staff card that the country is unknown', () => {
    expect(region({ ...base, countryGuess: 'none' })).toMatch(/country unknown/);
  });

  test('says on the staff card when the country was guessed from the language', () => {
    expect(region({ ...base, language: 'nb', country: 'NO', countryGuess: 'language' })).toBe(
      'NO (guessed from the language; no place given)',
    );
  });

  test('shows the place as before when the user gave one', () => {
    expect(region({ ...base, region: '20095 Hamburg' })).toBe('20095 Hamburg, DE');
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

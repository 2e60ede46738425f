import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { PLAIN, renderText } from '../../../lambdas/i18n/translator';
import { isoWeek } from '../../../lambdas/referrals/code';
import { DynamoReferrals } from '../../../lambdas/referrals/dynamo-referrals';
import { postWeeklyReferralSummary } from '../../../lambdas/staff/referral-summary';
import { LOCAL_BOT_INFO } from '../../../lambdas/telegram/app';
import { teamsUser } from '../../support/teams-harness';
import { telegramUser } from '../../support/telegram-harness';
import {
  cardActions,
  cardText,
  STAFF_CHANNEL,
  type StaffWorld,
  staffMember,
  startStaffWorld,
} from './support';

let world: StaffWorld;
let referrals: DynamoReferrals;
beforeAll(async () => {
  world = await startStaffWorld();
  referrals = new DynamoReferrals({ client: world.dynamo.client, tableName: world.tables.requests });
  expect((await world.postTeams(anna().installs())).statusCode).toBe(200);
  // English texts here; the staff languages have tests of their own (staff-language.test.ts).
  expect((await world.postTeams(anna().post('language en'))).statusCode).toBe(200);
});
afterAll(() => world.close());

const anna = () => staffMember(world, { name: 'Anna Berger', aadObjectId: 'aad-anna' });
const chatTexts = (chatId: number) => world.telegram.sentMessages(chatId).map((message) => message.text);
const threadNotes = (cardId: string) =>
  world.connector.activities(`${STAFF_CHANNEL};messageid=${cardId}`).map((sent) => cardText(sent.activity));

async function post(...updates: unknown[]): Promise<void> {
  for (const update of updates) expect((await world.postTelegram(update)).statusCode).toBe(200);
  await world.settle();
}

/** A representative asks for a link on Telegram; returns the code and the id of its card in the staff channel. */
async function requestOnTelegram(chatId: number, organisation: string) {
  const rep = telegramUser(chatId, 'de');
  await post(
    rep.text('/representative'),
    rep.text(organisation),
    rep.text('Hamburg'),
    rep.press('rep:lang:ar'),
    rep.press('rep:send'),
  );
  return cardFor(organisation);
}

function cardFor(organisation: string) {
  const card = world.connector
    .activities(STAFF_CHANNEL)
    .find((sent) => cardText(sent.activity).includes(`Organisation: ${organisation}`));
  if (!card) throw new Error(`No card for ${organisation}`);
  const code = String(cardActions(card.activity).find((data) => data.referral === 'approve')?.code ?? '');
  return { code, cardId: card.id, card };
}

async function weekItem(at = new Date()): Promise<Record<string, unknown>> {
  const { Item } = await world.dynamo.client.send(
    new GetItemCommand({ TableName: world.tables.requests, Key: { pk: { S: `refweek#${isoWeek(at)}` } } }),
  );
  return Item ? unmarshall(Item) : {};
}

describe('a referral link, from request to counts', () => {
  const repChat = 9101;
  const organisation = 'Al-Nur Moscheegemeinde';
  let code = '';
  let cardId = '';

  test('a representative asks on Telegram; staff see a card with organisation, place, language, Approve and Decline', async () => {
    ({ code, cardId } = await requestOnTelegram(repChat, organisation));
    expect(code).toMatch(/^al-nur-moscheegemeinde-[2-9A-HJ-NP-Z]{8}$/);
    const { card } = cardFor(organisation);
    const text = cardText(card.activity);
    expect(text).toMatch(/City or region: Hamburg, DE/);
    expect(text).toMatch(/Language of the link: Arabic/);
    expect(text).toMatch(/Status: Waiting for a decision/);
    expect(text).not.toContain(String(repChat));
    expect(cardActions(card.activity)).toEqual([
      { referral: 'approve', code },
      { referral: 'decline', code },
    ]);
    // The representative was told only after the request was stored.
    const sent = renderText({ key: 'representative.sent', params: { organisation } }, 'de', PLAIN);
    expect(chatTexts(repChat).at(-1)).toBe(sent);
    expect(await referrals.record(code)).toMatchObject({ state: 'pending', chatKey: `tg:${repChat}` });
  });

  test('approving sends the link, the QR code as PNG captioned with the name and as SVG; then the chat is erased', async () => {
    expect((await world.postTeams(anna().press(cardId, { referral: 'approve', code }))).statusCode).toBe(200);
    const link = `https://t.me/${LOCAL_BOT_INFO.username}?start=${code}`;
    const [message, photo, document] = world.telegram.sentMessages(repChat).slice(-3);
    expect(message?.text).toContain(
      renderText({ key: 'representative.approved', params: { organisation } }, 'de', PLAIN),
    );
    expect(message?.html).toContain(`<a href="${link}">`);
    expect(photo).toMatchObject({ kind: 'photo', text: organisation });
    expect(document?.kind).toBe('document');
    expect(document?.document?.filename).toBe(`${code}.svg`);
    expect(document?.document?.bytes.toString('utf8')).toMatch(
      /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    );

    // The QR code decodes to the link.
    const image = PNG.sync.read(photo?.photo?.bytes ?? Buffer.alloc(0));
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(link);

    expect(threadNotes(cardId).at(-1)).toMatch(
      /Anna Berger approved the link for Al-Nur Moscheegemeinde\. The representative got the link/,
    );
    const card = world.connector.activities(STAFF_CHANNEL).find((sent) => sent.id === cardId);
    expect(cardText(card?.activity ?? {})).toMatch(/Status: Active \(Anna Berger\)/);
    expect(cardText(card?.activity ?? {})).toContain(`Telegram link: ${link}`);
    expect(cardActions(card?.activity ?? {})).toEqual([{ referral: 'revoke', code }]);
    const record = await referrals.record(code);
    expect(record).toMatchObject({ state: 'active', decidedBy: { id: 'aad-anna', name: 'Anna Berger' } });
    expect(record?.chatKey).toBeUndefined();
    // An approved code lives on while people use it: two years after its last start.
    expect(record?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 700 * 86_400);
  });

  test('a second decision on the same card changes nothing and says who decided', async () => {
    await world.postTeams(anna().press(cardId, { referral: 'decline', code }));
    expect(threadNotes(cardId).at(-1)).toBe('Already approved by Anna Berger.');
    expect((await referrals.record(code))?.state).toBe('active');
  });

  test('the link starts the bot in the chosen language and greets in the organisation name', async () => {
    const person = telegramUser(9201, 'de');
    await post(person.text(`/start ${code}`));
    const greeting = renderText({ key: 'welcome.referral', params: { organisation } }, 'ar', PLAIN);
    // Read without the right-to-left marks that start every Arabic line.
    const said = chatTexts(9201)
      .join('\n\n')
      .replace(/\u200f/g, '');
    expect(said.startsWith(greeting)).toBe(true);
    expect(said).toContain(renderText({ key: 'welcome.hello' }, 'ar', PLAIN));
  });

  test('starts, searches, groups shown and handoff requests are counted per week, as numbers only', async () => {
    const before = await weekItem();
    const person = telegramUser(9201, 'de');
    await post(
      person.text('Diabetes'),
      person.text('20095'),
      person.press('menu:person'),
      person.press('ho:agree'),
      person.press('ho:chat'),
      person.press('ho:time:any'),
    );
    const after = await weekItem();
    const n = (item: Record<string, unknown>, metric: string) => Number(item[`${code}|${metric}`] ?? 0);
    expect(n(before, 'starts')).toBe(1);
    expect(n(after, 'starts')).toBe(1);
    expect(n(after, 'searches')).toBe(1);
    expect(n(after, 'groupsShown')).toBeGreaterThan(0);
    expect(n(after, 'handoffs')).toBe(1);
    // Nothing in the item points to a person: no chat id, no name, no text, no time of day.
    const stored = JSON.stringify(after);
    for (const personal of ['9201', 'tg:', 'Diabetes', '20095', 'Hamburg', organisation]) {
      expect(stored).not.toContain(personal);
    }
    expect(Object.keys(after).sort()).toEqual(
      [
        'pk',
        'type',
        'week',
        ...['groupsShown', 'handoffs', 'searches', 'starts'].map((m) => `${code}|${m}`),
      ].sort(),
    );
  });

  test('staff get the summary card any time with "referrals", and the CSV from its button', async () => {
    await world.postTeams(anna().post('referrals'));
    const summary = world.connector.activities(STAFF_CHANNEL).at(-1);
    const text = cardText(summary?.activity ?? {});
    expect(text).toContain(isoWeek(new Date()));
    expect(text).toMatch(
      /Al-Nur Moscheegemeinde, Hamburg: starts: 1 · searches: 1 · groups shown: \d+ · asked for a person: 1/,
    );
    expect(cardActions(summary?.activity ?? {})).toEqual([{ referral: 'csv' }]);

    await world.postTeams(anna().press(summary?.id ?? '', { referral: 'csv' }));
    const csv = world.connector.activities().at(-1)?.activity.text as string;
    expect(csv).toContain(
      '"week","code","organisation","region","country","state","starts","searches","groupsShown","handoffs"',
    );
    expect(csv).toMatch(
      // Small counts leave the contact point as "<5" (README, "For representatives").
      new RegExp(
        `"${isoWeek(new Date())}","${code}","Al-Nur Moscheegemeinde","Hamburg","DE","active","<5","<5","(<5|\\d\\d+|[5-9])","<5"`,
      ),
    );
  });

  test('the scheduled job posts the weekly summary of last week once, in the first run of the next week', async () => {
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const before = world.connector.activities(STAFF_CHANNEL).length;
    expect(await postWeeklyReferralSummary(world.announce, nextWeek)).toBe('posted');
    expect(await postWeeklyReferralSummary(world.announce, nextWeek)).toBe('already-posted');
    const posted = world.connector.activities(STAFF_CHANNEL).slice(before);
    expect(posted).toHaveLength(1);
    expect(cardText(posted[0]?.activity ?? {})).toMatch(/Al-Nur Moscheegemeinde, Hamburg: starts: 1/);
  });

  test('a turn of a person without a referral code reads or writes no referral item', async () => {
    const touched: string[] = [];
    world.dynamo.client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Key?: { pk?: { S?: string } } };
        const pk = input.Key?.pk?.S ?? '';
        if (pk.startsWith('ref')) touched.push(pk);
        return next(args);
      },
      { step: 'initialize', name: 'referralProbe' },
    );
    try {
      const person = telegramUser(9301, 'de');
      await post(person.text('/start'), person.text('Diabetes'), person.text('20095'));
    } finally {
      world.dynamo.client.middlewareStack.remove('referralProbe');
    }
    expect(touched).toEqual([]);
  });

  test('a revoked code still opens the bot, without the greeting, and counts no new start', async () => {
    await world.postTeams(anna().press(cardId, { referral: 'revoke', code }));
    expect(threadNotes(cardId).at(-1)).toMatch(/revoked the link for Al-Nur Moscheegemeinde/);
    expect((await referrals.record(code))?.state).toBe('revoked');
    const startsBefore = (await weekItem())[`${code}|starts`];

    const person = telegramUser(9202, 'de');
    await post(person.text(`/start ${code}`));
    const said = chatTexts(9202).join('\n\n');
    expect(said.startsWith(renderText({ key: 'welcome.hello' }, 'de', PLAIN))).toBe(true);
    expect(said).not.toContain(organisation);
    expect((await weekItem())[`${code}|starts`]).toBe(startsBefore);
  });

  test('a tampered code opens the plain bot too', async () => {
    const person = telegramUser(9203, 'de');
    await post(person.text(`/start ${code.slice(0, -1)}X`), person.text('/start ../../etc<b>'));
    const hello = renderText({ key: 'welcome.hello' }, 'de', PLAIN);
    expect(chatTexts(9203).filter((text) => text.startsWith(hello))).toHaveLength(2);
    expect(chatTexts(9203).join('\n')).not.toContain(organisation);
  });
});

describe('other answers to a request', () => {
  test('a declined request gets a kind message, and the chat is erased', async () => {
    const { code, cardId } = await requestOnTelegram(9102, 'Demo Kulturverein');
    await world.postTeams(anna().press(cardId, { referral: 'decline', code }));
    const declined = renderText(
      { key: 'representative.declined', params: { organisation: 'Demo Kulturverein' } },
      'de',
      PLAIN,
    );
    expect(chatTexts(9102).at(-1)).toBe(declined);
    const record = await referrals.record(code);
    expect(record).toMatchObject({ state: 'declined' });
    expect(record?.chatKey).toBeUndefined();
    expect(await referrals.resolve(code)).toBeUndefined();
  });

  test("the representative's /delete erases their chat from a pending request", async () => {
    const { code } = await requestOnTelegram(9103, 'Demo Elternverein');
    expect((await referrals.record(code))?.chatKey).toBe('tg:9103');
    await post(telegramUser(9103, 'de').text('/delete'));
    const record = await referrals.record(code);
    expect(record?.state).toBe('pending');
    expect(record?.chatKey).toBeUndefined();
  });

  test('a Teams representative asks with the word "representative" and gets the link and the QR code in the chat', async () => {
    const rep = teamsUser({ chat: 'rep-teams', locale: 'en-US', serviceUrl: world.connector.serviceUrl });
    await world.postTeamsInOrder([
      rep.added(),
      rep.text('representative'),
      rep.text('Demo Refugee Support'),
      rep.text('Florø'),
      rep.press('rep:lang:uk'),
      rep.press('rep:send'),
    ]);
    await world.settle();
    const { code, cardId } = cardFor('Demo Refugee Support');
    expect(await referrals.record(code)).toMatchObject({
      channel: 'teams',
      language: 'uk',
      region: expect.stringContaining('Florø'),
      address: expect.objectContaining({ serviceUrl: world.connector.serviceUrl }),
    });
    await world.postTeams(anna().press(cardId, { referral: 'approve', code }));
    const answer = world.connector.activities(rep.conversationId).at(-1)?.activity ?? {};
    expect(String(answer.text)).toContain(`https://t.me/${LOCAL_BOT_INFO.username}?start=${code}`);
    const [image] = answer.attachments as { contentType: string; contentUrl: string }[];
    expect(image?.contentType).toBe('image/png');
    const png = Buffer.from(image?.contentUrl.replace('data:image/png;base64,', '') ?? '', 'base64');
    const decoded = PNG.sync.read(png);
    expect(jsQR(new Uint8ClampedArray(decoded.data), decoded.width, decoded.height)?.data).toContain(code);
    expect((await referrals.record(code))?.address).toBeUndefined();
  });
});

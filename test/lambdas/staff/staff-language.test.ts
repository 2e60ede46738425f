import type { HandoffRecord } from '../../../lambdas/handoffs/dynamo-handoffs';
import type { ReferralRecord } from '../../../lambdas/referrals/dynamo-referrals';
import { staffCard } from '../../../lambdas/staff/card';
import { referralCard } from '../../../lambdas/staff/referral-card';
import { STAFF_LANGUAGES, staffText } from '../../../lambdas/staff/staff-texts';
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
const anna = () => staffMember(world, { name: 'Anna Berger', aadObjectId: 'aad-anna' });
beforeAll(async () => {
  world = await startStaffWorld();
  expect((await world.postTeams(anna().installs())).statusCode).toBe(200);
});
afterAll(() => world.close());

const cardOf = (id: string) =>
  world.connector
    .activities(STAFF_CHANNEL)
    .filter((sent) => Array.isArray(sent.activity.attachments))
    .find((sent) => cardText(sent.activity).includes(id));
const lastNote = () => cardText(world.connector.activities(STAFF_CHANNEL).at(-1)?.activity ?? {});

describe('the staff side speaks the language of the contact point', () => {
  test('a request from Germany reaches a channel that chose no language as a German card', async () => {
    const id = await telegramHandoff(world, 8101);
    const text = cardText(cardOf(id)?.activity ?? {});
    expect(text).toContain(`Anfrage ${id}`);
    expect(text).toMatch(/Status: Offen/);
    expect(text).toMatch(/Anliegen: Diabetes/);
    expect(text).toMatch(/Kontakt: Im Chat, abends/);
    expect(text).toMatch(/Wartet seit: \d+ Min\./);
    expect(text).not.toMatch(/Request|Concern|Claim/);
  });

  test('staff choose Nynorsk with "language nn": the bot confirms in Nynorsk, and new cards and notes follow', async () => {
    expect((await world.postTeams(anna().post('language nn'))).statusCode).toBe(200);
    expect(lastNote()).toBe(staffText('nn', 'note.language'));
    const id = await telegramHandoff(world, 8102);
    const card = cardOf(id);
    expect(cardText(card?.activity ?? {})).toContain(`Førespurnad ${id}`);
    expect(cardText(card?.activity ?? {})).toMatch(/Tema: Diabetes/);
    // A second claim of the same request is refused in the channel's language.
    const cardId = card?.id ?? '';
    expect(cardActions(card?.activity ?? {})).toContainEqual({ staff: 'claim', id });
    await world.postTeams(anna().press(cardId, { staff: 'claim', id }));
    await world.postTeams(anna().press(cardId, { staff: 'claim', id }));
    const thread = world.connector.activities(`${STAFF_CHANNEL};messageid=${cardId}`);
    expect(cardText(thread.at(-1)?.activity ?? {})).toBe(staffText('nn', 'not.claimedByYou'));
    // The claimed card, updated in place, stays in Nynorsk.
    expect(cardText(cardOf(id)?.activity ?? {})).toMatch(/Status: Teken av Anna Berger/);
  });
});

describe('the staff texts', () => {
  const record = {
    id: 'ABC234',
    type: 'handoff',
    status: 'open',
    channel: 'telegram',
    sharesLocation: true,
    language: 'ar',
    topics: ['grief'],
    country: 'NO',
    region: '6900 Florø',
    contactWay: 'phone',
    goodTime: 'morning',
    createdAt: '2026-11-23T10:00:00Z',
    actions: [],
    cards: [],
  } as unknown as HandoffRecord;

  test('a request from Norway is shown in Bokmål, naming the person’s language in Bokmål', () => {
    const text = cardText({ ...staffCard(record, new Date('2026-11-23T13:00:00Z')) });
    expect(text).toContain('Forespørsel ABC234');
    expect(text).toMatch(/Språk: arabisk/);
    expect(text).toMatch(/Kontakt: På telefon, formiddag/);
    expect(text).toMatch(/Venter siden: 3 t/);
  });

  test('a representative’s request is shown in the language of its country, with buttons in that language', () => {
    const referral = {
      type: 'referral',
      code: 'al-nur-C83YNVJ2',
      state: 'pending',
      organisation: 'Al-Nur',
      region: 'Bergen',
      country: 'NO',
      language: 'so',
      channel: 'telegram',
      sharesLocation: true,
      createdAt: '2026-11-23T10:00:00Z',
      cards: [],
    } as unknown as ReferralRecord;
    const norwegian = referralCard(referral);
    expect(cardText({ ...norwegian })).toMatch(/Språket til lenken: somali/);
    expect(cardActions({ ...norwegian })).toHaveLength(2);
    expect(JSON.stringify(norwegian)).toContain('"title":"Godkjenn"');
    const german = referralCard({ ...referral, country: 'DE' } as ReferralRecord);
    expect(cardText({ ...german })).toContain('Anfrage nach einem Empfehlungslink');
    expect(JSON.stringify(german)).toContain('"title":"Freigeben"');
  });

  test.each(STAFF_LANGUAGES)('in %s fill in every placeholder they name', (lang) => {
    const filled = staffText(lang, 'note.claimedByOther', { name: 'Anna' });
    expect(filled).toContain('Anna');
    expect(filled).not.toContain('{{');
  });
});

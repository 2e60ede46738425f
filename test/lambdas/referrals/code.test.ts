import { formatField } from '../../../lambdas/directory/import/csv';
import {
  isoWeek,
  newReferralCode,
  REFERRAL_CODE,
  recentWeeks,
  slugOf,
} from '../../../lambdas/referrals/code';
import type { ReferralRecord, WeekCounts } from '../../../lambdas/referrals/dynamo-referrals';
import { referralLinks, telegramBotUsernameFromEnv } from '../../../lambdas/referrals/links';
import { referralCsv, reportedCount } from '../../../lambdas/staff/referral-card';

describe('referral codes', () => {
  test('read the organisation and place, then 8 random characters, and fit a Telegram start payload', () => {
    const code = newReferralCode('Al-Nur Moschee', 'Dortmund');
    expect(code).toMatch(/^al-nur-moschee-dortmund-[2-9A-HJ-NP-Z]{8}$/);
    expect(code.length).toBeLessThanOrEqual(64);
    expect(REFERRAL_CODE.test(code)).toBe(true);
  });

  test('transliterate German and Norwegian letters and cut long names at a hyphen', () => {
    expect(slugOf('Türkischer Elternverein Düsseldorf e. V.')).toBe('tuerkischer-elternverein');
    expect(slugOf('Flyktninghjelpen Florø')).toBe('flyktninghjelpen-floro');
    expect(slugOf('Straße & Café')).toBe('strasse-cafe');
  });

  test('fall back to "ref" for names without Latin letters', () => {
    expect(newReferralCode('جمعية النور', 'دورتموند', () => 'ABCDEFGH')).toBe('ref-ABCDEFGH');
  });

  test('differ for the same organisation: the random part is not guessable from the name', () => {
    const codes = new Set(Array.from({ length: 50 }, () => newReferralCode('Verein', 'Hamburg')));
    expect(codes.size).toBe(50);
  });

  test.each([
    ['', false],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['abc<def', false],
    ['abc def', false],
    ['ab_c-D9', true],
    ['ümlaut', false],
  ])('"%s" is a well-formed code: %s', (code, ok) => {
    expect(REFERRAL_CODE.test(code)).toBe(ok);
  });
});

describe('links', () => {
  test('open the Telegram bot with the code and draft "start <code>" in a Teams chat with the bot', () => {
    expect(
      referralLinks('al-nur-7KQ2M9XP', { telegramBotUsername: 'selfhelp_bot', teamsAppId: 'abc-123' }),
    ).toEqual({
      telegram: 'https://t.me/selfhelp_bot?start=al-nur-7KQ2M9XP',
      teams: 'https://teams.microsoft.com/l/chat/0/0?users=28:abc-123&message=start%20al-nur-7KQ2M9XP',
    });
  });

  test('leave out the Teams link when Teams is not set up', () => {
    expect(referralLinks('x-1', { telegramBotUsername: 'selfhelp_bot', teamsAppId: '' })).toEqual({
      telegram: 'https://t.me/selfhelp_bot?start=x-1',
    });
  });

  test('take the bot username from TELEGRAM_BOT_INFO, and nothing from a malformed value', () => {
    expect(telegramBotUsernameFromEnv({ TELEGRAM_BOT_INFO: '{"username":"my_selfhelp_bot"}' })).toBe(
      'my_selfhelp_bot',
    );
    expect(telegramBotUsernameFromEnv({ TELEGRAM_BOT_INFO: '{' })).toBeUndefined();
    expect(telegramBotUsernameFromEnv({})).toBeUndefined();
  });
});

describe('ISO weeks', () => {
  test.each([
    ['2026-11-23T10:00:00Z', '2026-W48'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2027-01-03T23:59:00Z', '2026-W53'],
    ['2024-12-30T08:00:00Z', '2025-W01'],
  ])('%s is in week %s', (at, week) => {
    expect(isoWeek(new Date(at))).toBe(week);
  });

  test('recent weeks count back from this one', () => {
    expect(recentWeeks(new Date('2026-11-23T10:00:00Z'), 3)).toEqual(['2026-W48', '2026-W47', '2026-W46']);
  });
});

describe('counts in reports', () => {
  const records = new Map<string, ReferralRecord>();
  const row = (starts: number, handoffs: number): WeekCounts => ({
    week: '2026-W48',
    code: 'demo-verein-7KQ2M9XP',
    counts: { starts, searches: 0, groupsShown: 12, handoffs },
  });

  test('show counts from 1 to 4 as "<5", so a link handed to few people points at no one', () => {
    const [, line] = referralCsv([row(3, 1)], records).split('\r\n');
    expect(line).toBe('"2026-W48","demo-verein-7KQ2M9XP","","","","","<5","0","12","<5"');
  });

  test.each([
    ['=1+1', `"'=1+1"`],
    ['Verein;=1+1;', `"Verein;'=1+1;"`],
    ['A,-2', `"A,'-2"`],
    ['say "hi"', '"say ""hi"""'],
    ['@SUM(A1)', `"'@SUM(A1)"`],
  ])('quote every cell and defuse a formula wherever a cell could start: %s', (value, cell) => {
    expect(formatField(value, { spreadsheet: true })).toBe(cell);
  });

  test('show zero and counts from 5 on as they are', () => {
    expect([0, 4, 5, 40].map(reportedCount)).toEqual(['0', '<5', '5', '40']);
  });
});

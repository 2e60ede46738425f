import { nextMeeting, parseRrule, parseScheduleText, toRrule } from '../../dialogs/meetings';

describe('a schedule written as contact points write it', () => {
  test.each([
    ['Jeden 2. Dienstag, 18:30', 'FREQ=MONTHLY;BYDAY=2TU', '18:30'],
    ['Donnerstags 19 Uhr', 'FREQ=WEEKLY;BYDAY=TH', '19:00'],
    ['Jeden 2. und 4. Mittwoch, 18:00', 'FREQ=MONTHLY;BYDAY=2WE,4WE', '18:00'],
    ['Jeden letzten Freitag, 18:00', 'FREQ=MONTHLY;BYDAY=-1FR', '18:00'],
    ['Kvar onsdag kl. 19.00', 'FREQ=WEEKLY;BYDAY=WE', '19:00'],
    ['annenhver torsdag', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', undefined],
    ['Første lørdag i måneden kl. 12.00', 'FREQ=MONTHLY;BYDAY=1SA', '12:00'],
    ['Every 2nd Tuesday, 18:00', 'FREQ=MONTHLY;BYDAY=2TU', '18:00'],
    ['alle zwei Wochen mittwochs', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', undefined],
  ])('"%s" is read as %s at %s', (text, rrule, time) => {
    const read = parseScheduleText(text);
    expect(read && 'rule' in read ? { rrule: toRrule(read.rule), time: read.time } : read).toEqual({
      rrule,
      time,
    });
  });

  test('"nach Vereinbarung" is a meeting by arrangement, and anything else is left as it was written', () => {
    expect(parseScheduleText('nach Vereinbarung')).toEqual({ arranged: true });
    expect(parseScheduleText('Sommerpause bis September, dann wieder dienstags')).toBeUndefined();
    expect(parseScheduleText('18:30')).toBeUndefined();
  });
});

describe('a meeting rule', () => {
  test('is read from RRULE text and written back the same way', () => {
    for (const rrule of [
      'FREQ=WEEKLY;BYDAY=MO,TH',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      'FREQ=MONTHLY;BYDAY=1TU,3TU',
    ]) {
      const rule = parseRrule(rrule);
      expect(rule && toRrule(rule)).toBe(rrule);
    }
  });

  test.each([
    'FREQ=DAILY;BYDAY=MO',
    'FREQ=MONTHLY;BYDAY=2TU,3WE',
    'FREQ=WEEKLY;BYDAY=XX',
    'FREQ=WEEKLY',
    'FREQ=WEEKLY;BYDAY=MO;COUNT=3',
  ])('refuses what the bot cannot show: %s', (rrule) => {
    expect(parseRrule(rrule)).toBeUndefined();
  });

  test('gives the next meeting in the group’s own time zone, across the change to summer time', () => {
    const second = { rrule: 'FREQ=MONTHLY;BYDAY=2TU', time: '18:30', timeZone: 'Europe/Berlin' };
    expect(nextMeeting(second, new Date('2026-12-03T12:00:00Z'))?.toISOString()).toBe(
      '2026-12-08T17:30:00.000Z',
    );
    expect(nextMeeting(second, new Date('2026-12-08T17:31:00Z'))?.toISOString()).toBe(
      '2027-01-12T17:30:00.000Z',
    );
    const last = { rrule: 'FREQ=MONTHLY;BYDAY=-1FR', time: '18:00', timeZone: 'Europe/Oslo' };
    expect(nextMeeting(last, new Date('2027-03-20T12:00:00Z'))?.toISOString()).toBe(
      '2027-03-26T17:00:00.000Z',
    );
    expect(nextMeeting(last, new Date('2027-03-27T12:00:00Z'))?.toISOString()).toBe(
      '2027-04-30T16:00:00.000Z',
    );
  });
});

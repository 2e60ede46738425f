import type { Language } from '../../dialogs/languages';
import { type MeetingRule, nextMeeting, parseRrule, type Weekday } from '../../dialogs/meetings';
import type { GroupView, TextParam } from '../../dialogs/types';
import { joinList } from '../i18n/translator';

/** A Monday in UTC: weekday names come from Intl by formatting the days after it. */
const A_MONDAY = Date.UTC(2026, 0, 5);
const DAY_INDEX: Record<Weekday, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };

/** The language a country's contact points write their schedules in: their own words read best there. */
const COUNTRY_LANGUAGES: Record<GroupView['country'], readonly Language[]> = {
  DE: ['de'],
  NO: ['nb', 'nn'],
};

/**
 * When a group meets, for the person: the meeting data in their language ("every week: Tuesday, 18:30",
 * "jede Woche: Dienstag, 18:30", "كل أسبوع: الثلاثاء، ١٨:٣٠"). A schedule the importer could not read is shown
 * as the contact point wrote it only to people who read the country's language; others see no time rather than
 * words they cannot read (the contact point's details follow in any case).
 */
export function meetingText(group: GroupView, lang: Language): TextParam | undefined {
  // In the country's own language the contact point's words read best ("Jeden 2. Dienstag, 18:30").
  const ownLanguage = COUNTRY_LANGUAGES[group.country].includes(lang);
  if (group.schedule && ownLanguage) return group.schedule;
  const meeting = group.meeting;
  if (meeting?.arranged) return { key: 'meeting.arranged' };
  const rule = meeting?.rrule ? parseRrule(meeting.rrule) : undefined;
  if (rule) {
    const when = ruleText(rule, lang);
    return meeting?.time
      ? { key: 'meeting.at', params: { when, time: clockTime(meeting.time, lang) } }
      : when;
  }
  // A schedule that is not data: the country's readers, and English readers as a last resort, get the words.
  if (group.schedule && (ownLanguage || lang === 'en')) return group.schedule;
  return undefined;
}

/** The next meeting's date and time ("Tuesday, 9 December, 18:30") in the group's time zone, or undefined. */
export function nextMeetingText(group: GroupView, lang: Language, now: Date): TextParam | undefined {
  if (!group.meeting) return undefined;
  const next = nextMeeting(group.meeting, now);
  if (!next) return undefined;
  const date = format(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: group.meeting.timeZone,
  }).format(next);
  return date;
}

function ruleText(rule: MeetingRule, lang: Language): TextParam {
  if (rule.freq === 'weekly') {
    const days = joinList(
      rule.days.map((day) => weekdayName(day, lang)),
      lang,
    );
    if (rule.interval === 1) return { key: 'meeting.weekly', params: { days } };
    if (rule.interval === 2) return { key: 'meeting.everyOtherWeek', params: { days } };
    return { key: 'meeting.everyNWeeks', params: { days, count: rule.interval } };
  }
  const day = weekdayName(rule.day, lang);
  const numbered = rule.weeks.filter((week) => week > 0);
  if (numbered.length === 0) return { key: 'meeting.monthlyLast', params: { day } };
  const weeks = joinList(
    numbered.map((week) => week.toLocaleString(lang)),
    lang,
  );
  return { key: 'meeting.monthly', params: { weeks, day } };
}

function weekdayName(day: Weekday, lang: Language): string {
  return format(lang, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(A_MONDAY + DAY_INDEX[day] * 86_400_000),
  );
}

/** "18:30" in the person's way of writing times (24 h; Arabic-Indic or Persian digits where usual). */
function clockTime(time: string, lang: Language): string {
  const [hours, minutes] = time.split(':').map(Number);
  return format(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 5, hours ?? 0, minutes ?? 0)),
  );
}

// Intl formatters cost about 0.1 ms to build: one per language and kind for the life of the process.
const formats = new Map<string, Intl.DateTimeFormat>();

/** Dates in the Gregorian calendar everywhere: the meetings are in Germany and Norway. */
function format(lang: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(lang, { ...options, calendar: 'gregory' });
    formats.set(key, found);
  }
  return found;
}

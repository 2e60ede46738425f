/**
 * When a group meets, as data: a subset of iCalendar RRULE (weekly on some weekdays, every n weeks, or the n-th
 * or last weekday of the month), a start time and a time zone. Stored with the group, shown to each person in
 * their own language (lambdas/render/meeting-lines.ts), so nobody reads "Jeden 2. Dienstag" who reads no German.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type MeetingRule =
  | { freq: 'weekly'; interval: number; days: Weekday[] }
  /** `weeks`: 1–4 for the first to fourth such weekday of the month, -1 for the last. */
  | { freq: 'monthly'; weeks: number[]; day: Weekday };

/** How a group's meetings are stored on its items. */
export interface Meeting {
  /** The rule as RRULE text ("FREQ=MONTHLY;BYDAY=2TU"); parse with {@link parseRrule}. */
  rrule?: string;
  /** Meets by arrangement ("nach Vereinbarung"): no rule. */
  arranged?: boolean;
  /** Start, "18:30" (24 h, local time in `timeZone`). */
  time?: string;
  durationMinutes?: number;
  timeZone: string;
}

export const TIME_ZONE_OF_COUNTRY = { DE: 'Europe/Berlin', NO: 'Europe/Oslo' } as const;

/** "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "FREQ=MONTHLY;BYDAY=2WE,4WE", "FREQ=MONTHLY;BYDAY=-1FR". */
export function parseRrule(text: string): MeetingRule | undefined {
  const parts = new Map<string, string>();
  for (const part of text
    .trim()
    .replace(/^RRULE:/i, '')
    .split(';')) {
    const [name, value] = part.split('=');
    if (!name || value === undefined) return undefined;
    parts.set(name.trim().toUpperCase(), value.trim().toUpperCase());
  }
  const byDay = (parts.get('BYDAY') ?? '').split(',').filter(Boolean);
  if (byDay.length === 0) return undefined;
  const unknown = [...parts.keys()].filter((name) => !['FREQ', 'INTERVAL', 'BYDAY'].includes(name));
  if (unknown.length > 0) return undefined;
  if (parts.get('FREQ') === 'WEEKLY') {
    const interval = Number(parts.get('INTERVAL') ?? '1');
    if (!Number.isInteger(interval) || interval < 1 || interval > 8) return undefined;
    const days = byDay.filter(isWeekday);
    return days.length === byDay.length ? { freq: 'weekly', interval, days: sortDays(days) } : undefined;
  }
  if (parts.get('FREQ') === 'MONTHLY' && !parts.has('INTERVAL')) {
    const found = byDay.map((entry) => /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(entry));
    const days = new Set(found.map((match) => match?.[2]));
    const [day] = days;
    if (found.some((match) => !match) || days.size !== 1 || !isWeekday(day)) return undefined;
    const weeks = [...new Set(found.map((match) => Number(match?.[1])))].sort(byWeek);
    return { freq: 'monthly', weeks, day };
  }
  return undefined;
}

export function toRrule(rule: MeetingRule): string {
  if (rule.freq === 'weekly') {
    const interval = rule.interval > 1 ? `;INTERVAL=${rule.interval}` : '';
    return `FREQ=WEEKLY${interval};BYDAY=${rule.days.join(',')}`;
  }
  return `FREQ=MONTHLY;BYDAY=${rule.weeks.map((week) => `${week}${rule.day}`).join(',')}`;
}

/** "18:30", "9:00", "19.00", "19 Uhr", "kl 18" → "18:30", "09:00", "19:00", "19:00", "18:00". */
export function parseTime(text: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

const DAY_NAMES: Record<string, Weekday> = {
  // German (also the adverbs "dienstags"), Norwegian Bokmål and Nynorsk, English.
  montag: 'MO',
  dienstag: 'TU',
  mittwoch: 'WE',
  donnerstag: 'TH',
  freitag: 'FR',
  samstag: 'SA',
  sonnabend: 'SA',
  sonntag: 'SU',
  mandag: 'MO',
  måndag: 'MO',
  tirsdag: 'TU',
  tysdag: 'TU',
  onsdag: 'WE',
  torsdag: 'TH',
  fredag: 'FR',
  lørdag: 'SA',
  laurdag: 'SA',
  søndag: 'SU',
  sundag: 'SU',
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
  sunday: 'SU',
};

const ORDINALS: Record<string, number> = {
  erste: 1,
  ersten: 1,
  zweite: 2,
  zweiten: 2,
  dritte: 3,
  dritten: 3,
  vierte: 4,
  vierten: 4,
  letzte: -1,
  letzten: -1,
  første: 1,
  fyrste: 1,
  andre: 2,
  tredje: 3,
  fjerde: 4,
  siste: -1,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  last: -1,
};

/** Words of a schedule that say nothing the rule does not already hold ("jeden", "im Monat", "kl."). */
const IGNORED = new Set([
  // German
  ...['jeden', 'jede', 'jedes', 'und', 'im', 'monat', 'des', 'monats', 'um', 'ab', 'von', 'bis', 'immer'],
  ...['woche', 'wochen'],
  // Norwegian (Bokmål and Nynorsk)
  ...['hver', 'kvar', 'og', 'i', 'måneden', 'månaden', 'fra', 'frå', 'til', 'uke', 'uker', 'veke', 'veker'],
  // English
  ...['every', 'and', 'of', 'the', 'month', 'at', 'on', 'from', 'to', 'week', 'weeks', 'in'],
]);

/**
 * The meeting rule and time in the free text that contact points write today, in German, Norwegian or English:
 * "Jeden 2. Dienstag, 18:30", "Donnerstags 19 Uhr", "Jeden 2. und 4. Mittwoch, 18:00", "Jeden letzten Freitag",
 * "Kvar onsdag kl. 19.00", "Annenhver mandag kl. 17.30", "Første lørdag i måneden kl. 12.00", "Every 2nd
 * Tuesday, 18:00", "alle zwei Wochen mittwochs". Undefined when it says anything else (kept as a note).
 */
export function parseScheduleText(
  text: string,
): { rule: MeetingRule; time?: string } | { arranged: true } | undefined {
  if (ARRANGED.test(text.trim())) return { arranged: true };
  const words = text
    .toLowerCase()
    .replace(/(\d)\s*uhr\b/g, '$1')
    .replace(/\bkl\.?\s*(?=\d)/g, '')
    .replace(/(\d)\.(?!\d)/g, '$1 ')
    .replace(/[,;()]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  let time: string | undefined;
  const days: Weekday[] = [];
  const weeks: number[] = [];
  let interval = 1;
  let monthly = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const clock = parseTime(word);
    if (clock && (i > 0 || words.length === 1) && (/[:.]/.test(word) || !isOrdinalContext(words, i))) {
      if (time === undefined) time = clock;
      else if (!/^\d{1,2}$/.test(word)) return undefined;
      continue;
    }
    const ordinal = /^([1-4])(?:st|nd|rd|th)?$/.exec(word);
    if (ordinal && isOrdinalContext(words, i)) {
      weeks.push(Number(ordinal[1]));
      monthly = true;
      continue;
    }
    if (word in ORDINALS) {
      weeks.push(ORDINALS[word] ?? 1);
      monthly = true;
      continue;
    }
    const day = dayOf(word);
    if (day) {
      days.push(day);
      continue;
    }
    if (['annenhver', 'annakvar', 'annankvar', 'biweekly'].includes(word)) {
      interval = 2;
      continue;
    }
    if ((word === 'alle' || word === 'every') && ['zwei', '2', 'two'].includes(words[i + 1] ?? '')) {
      interval = 2;
      i++;
      continue;
    }
    if (word === 'zweiten' && (words[i + 1] === 'woche' || words[i + 1] === 'wochen')) {
      interval = 2;
      continue;
    }
    if (!IGNORED.has(word)) return undefined;
  }
  const unique = sortDays([...new Set(days)]);
  if (unique.length === 0) return undefined;
  if (monthly) {
    const [day] = unique;
    if (unique.length !== 1 || !day || interval !== 1) return undefined;
    return {
      rule: { freq: 'monthly', weeks: [...new Set(weeks)].sort(byWeek), day },
      ...(time ? { time } : {}),
    };
  }
  return { rule: { freq: 'weekly', interval, days: unique }, ...(time ? { time } : {}) };
}

/** "nach Vereinbarung", "etter avtale", "by arrangement". */
const ARRANGED =
  /^(?:nach|auf)\s+(?:vereinbarung|absprache|anfrage)|^etter\s+avtale|^by\s+(?:arrangement|appointment)/i;

/** A number is an ordinal ("2." or "2nd") when a weekday or another ordinal follows it, not a clock time. */
function isOrdinalContext(words: string[], i: number): boolean {
  for (let j = i + 1; j < words.length; j++) {
    const next = words[j] ?? '';
    if (dayOf(next)) return true;
    if (next === 'und' || next === 'and' || next === 'og' || /^[1-4](?:st|nd|rd|th)?$/.test(next)) continue;
    return false;
  }
  return false;
}

/** "dienstags", "Dienstag", "tirsdager", "Tuesdays" → TU. */
function dayOf(word: string): Weekday | undefined {
  const bare = word.replace(/(?:s|er|ar|ane)$/, '');
  return DAY_NAMES[word] ?? DAY_NAMES[bare] ?? DAY_NAMES[word.replace(/s$/, '')];
}

/** The next start of a meeting after `from` (a Date in UTC), or undefined without a time. */
export function nextMeeting(meeting: Meeting, from: Date): Date | undefined {
  const rule = meeting.rrule ? parseRrule(meeting.rrule) : undefined;
  // Every second week has no fixed start in the data: which week is meant is not known for sure.
  if (!rule || !meeting.time || (rule.freq === 'weekly' && rule.interval > 1)) return undefined;
  const [hours, minutes] = meeting.time.split(':').map(Number);
  // Walk the next 70 local days; the first that fits the rule and lies after `from` wins.
  for (let offset = 0; offset < 70; offset++) {
    const local = wallClock(from.getTime() + offset * 86_400_000, meeting.timeZone);
    if (!fits(rule, local)) continue;
    const start = zonedTime(local.year, local.month, local.day, hours ?? 0, minutes ?? 0, meeting.timeZone);
    if (start.getTime() > from.getTime()) return start;
  }
  return undefined;
}

/**
 * Every n weeks counts from a fixed Monday (5 January 2026), as calendars do for a series with no start of its
 * own: every second week is then the same weeks for every group that meets "every other Monday".
 */
const SERIES_START = Date.UTC(2026, 0, 5);

function fits(
  rule: MeetingRule,
  local: { year: number; month: number; day: number; weekday: Weekday },
): boolean {
  if (rule.freq === 'weekly') {
    if (!rule.days.includes(local.weekday)) return false;
    const weeks = Math.floor(
      (Date.UTC(local.year, local.month - 1, local.day) - SERIES_START) / (7 * 86_400_000),
    );
    return ((weeks % rule.interval) + rule.interval) % rule.interval === 0;
  }
  if (rule.day !== local.weekday) return false;
  const nth = Math.ceil(local.day / 7);
  const daysInMonth = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
  const last = local.day + 7 > daysInMonth;
  return rule.weeks.some((week) => (week === -1 ? last : week === nth));
}

/** The wall clock of a time zone at an instant: date, weekday, hour and minute. */
function wallClock(at: number, timeZone: string) {
  const parts = wallClockFormat(timeZone).formatToParts(new Date(at));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    weekday: get('weekday').slice(0, 2).toUpperCase() as Weekday,
  };
}

// Building an Intl formatter costs about 0.1 ms, and the next meeting reads up to 70 days: one per time zone.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** The UTC instant of a local wall-clock time in a time zone (the zone's offset at that moment). */
function zonedTime(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  timeZone: string,
) {
  const guess = Date.UTC(year, month - 1, day, hours, minutes);
  const offset = (at: number) => {
    const local = wallClock(at, timeZone);
    return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) - at;
  };
  return new Date(guess - offset(guess - offset(guess)));
}

function isWeekday(value: unknown): value is Weekday {
  return typeof value === 'string' && (WEEKDAYS as readonly string[]).includes(value);
}

function sortDays(days: Weekday[]): Weekday[] {
  return [...days].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
}

/** Weeks in calendar order, the last week after the others. */
function byWeek(a: number, b: number): number {
  return (a === -1 ? 5 : a) - (b === -1 ? 5 : b);
}

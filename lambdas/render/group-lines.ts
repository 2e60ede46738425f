import { type Language, SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import { NATIVE_NAMES } from '../../dialogs/native-names';
import type { ContactPointView, Country, GroupView, Text } from '../../dialogs/types';
import { isolate, renderText, type TextFormat } from '../i18n/translator';
import { meetingText, nextMeetingText } from './meeting-lines';

/**
 * A language's name in the user's language ("Arabisch"), or in itself when the runtime does not know it;
 * undefined for a code nobody could read ("xx"): a raw code means nothing to the person.
 */
export function languageName(code: string, lang: Language): string | undefined {
  try {
    const name = displayNames(lang, 'language')?.of(code);
    if (name && name.toLowerCase() !== code.toLowerCase()) return name;
  } catch {
    // A code Intl cannot read: fall through to the language's own name.
  }
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(code)
    ? NATIVE_NAMES[code as Language]
    : undefined;
}

/** The names of a group's languages that can be named; the line is left out when none can. */
export function languageNames(codes: readonly string[], lang: Language): string[] {
  return codes.map((code) => languageName(code, lang)).filter((name): name is string => name !== undefined);
}

const FLAGS: Record<Country, string> = { DE: '🇩🇪', NO: '🇳🇴' };

/** "🇩🇪 Deutschland", "🇳🇴 النرويج": a country named in the user's language (Intl), with its flag. */
export function countryHeading(country: Country, lang: Language): string {
  return `${FLAGS[country]} ${displayNames(lang, 'region')?.of(country) ?? country}`;
}

// Building Intl.DisplayNames costs about 0.1 ms: one per language and kind for the life of the process.
const displayNamesCache = new Map<string, Intl.DisplayNames | null>();

/** Names of languages or regions in `lang`; null when the runtime has no such display locale. */
function displayNames(lang: Language, type: 'language' | 'region'): Intl.DisplayNames | null {
  const key = `${type}:${lang}`;
  let names = displayNamesCache.get(key);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([lang], { type, fallback: 'none' });
    } catch {
      names = null;
    }
    displayNamesCache.set(key, names);
  }
  return names;
}

/** Renders texts of one language in one channel format. */
export function textRenderer(lang: Language, format: TextFormat) {
  return (text: Text) => renderText(text, lang, format);
}

/** Where a group meets: "Where: 20095 Hamburg", or "Online". */
export function groupPlaceLine(group: GroupView, lang: Language, format: TextFormat): string | undefined {
  const t = textRenderer(lang, format);
  if (group.online) return t({ key: 'group.online' });
  const place = [group.postcode, group.city].filter(Boolean).join(' ');
  return place ? t({ key: 'group.place', params: { place } }) : undefined;
}

export function groupDistanceLine(group: GroupView, lang: Language, format: TextFormat): string | undefined {
  if (group.online || group.distanceKm === undefined) return undefined;
  if (group.distanceKm < 1) return renderText({ key: 'group.distanceNear' }, lang, format);
  return renderText({ key: 'group.distance', params: { km: group.distanceKm } }, lang, format);
}

export function groupLanguagesLine(group: GroupView, lang: Language, format: TextFormat): string | undefined {
  const names = languageNames(group.languages, lang);
  if (names.length === 0) return undefined;
  return renderText({ key: 'group.languages', params: { languages: { list: names } } }, lang, format);
}

/** "When: every week: Tuesday, 18:30" in the person's language, or undefined (see meeting-lines.ts). */
export function groupMeetingLine(group: GroupView, lang: Language, format: TextFormat): string | undefined {
  const schedule = meetingText(group, lang);
  return schedule === undefined
    ? undefined
    : renderText({ key: 'group.schedule', params: { schedule } }, lang, format);
}

/** The facts of a group's detail view, one per line, each formatted for the channel. */
export function groupDetailLines(
  group: GroupView,
  lang: Language,
  format: TextFormat,
  now: Date = new Date(),
): string[] {
  const t = textRenderer(lang, format);
  const next = nextMeetingText(group, lang, now);
  const lines = [
    group.description ? isolate(format.escape(group.description), lang) : undefined,
    groupMeetingLine(group, lang, format),
    next === undefined
      ? undefined
      : renderText({ key: 'meeting.next', params: { date: next } }, lang, format),
    groupPlaceLine(group, lang, format),
    groupDistanceLine(group, lang, format),
    groupLanguagesLine(group, lang, format),
    group.accessible ? t({ key: 'group.accessible' }) : undefined,
    group.womenOnly ? t({ key: 'group.womenOnly' }) : undefined,
  ];
  return lines.filter((line): line is string => line !== undefined);
}

/** The ways to reach a contact point, one per line. */
export function contactPointLines(cp: ContactPointView, lang: Language, format: TextFormat): string[] {
  const t = textRenderer(lang, format);
  const address = [cp.address, [cp.postcode, cp.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const lines = [
    address ? t({ key: 'group.place', params: { place: address } }) : undefined,
    cp.phone ? t({ key: 'group.phone', params: { phone: cp.phone } }) : undefined,
    cp.email ? t({ key: 'group.email', params: { email: cp.email } }) : undefined,
    cp.website ? t({ key: 'group.website', params: { website: cp.website } }) : undefined,
    cp.openingHours ? t({ key: 'group.hours', params: { hours: cp.openingHours } }) : undefined,
    cp.distanceKm !== undefined ? t({ key: 'group.distance', params: { km: cp.distanceKm } }) : undefined,
  ];
  return lines.filter((line): line is string => line !== undefined);
}

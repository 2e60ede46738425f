import * as z from 'zod/mini';
import { readableId } from '../ids/readable-id';

/**
 * Referral codes: what follows `/start` in a representative's link (Telegram allows at most 64 characters of
 * `A-Za-z0-9_-` in a deep link's payload). A readable slug of the organisation and place, then 8 random
 * characters that nobody can guess: `alnur-moschee-dortmund-7KQ2M9XP`.
 */
export const REFERRAL_CODE = /^[A-Za-z0-9_-]{1,64}$/;
export const ReferralCodeSchema = z.string().check(z.regex(REFERRAL_CODE));

/** Random characters at the end of a code (readable: it may be typed from a printed sheet). */
const RANDOM_LENGTH = 8;
const MAX_SLUG_LENGTH = 24;

/** Letters that NFKD does not take apart into a base letter and a mark. */
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  æ: 'ae',
  ø: 'o',
  å: 'a',
  œ: 'oe',
  ı: 'i',
};

/**
 * A short ASCII form of a name ("Al-Nur Moschee Dortmund" → "al-nur-moschee-dortmund"), at most 24 characters,
 * cut at a hyphen where possible. Names in other scripts give an empty slug.
 */
export function slugOf(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[ßäöüæøåœı]/g, (letter) => SPECIAL[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= MAX_SLUG_LENGTH) return ascii;
  const cut = ascii.slice(0, MAX_SLUG_LENGTH);
  if (ascii[MAX_SLUG_LENGTH] === '-') return cut;
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen >= 8 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
}

/** A new code for an organisation in a place; `ref-…` when neither gives a Latin slug. */
export function newReferralCode(
  organisation: string,
  region: string,
  random = () => readableId(RANDOM_LENGTH),
): string {
  const slug = slugOf(`${organisation} ${region}`) || 'ref';
  return `${slug}-${random()}`;
}

/** The ISO 8601 week of an instant (UTC), "2026-W48": weeks start on Monday, week 1 holds the first Thursday. */
export function isoWeek(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO weeks ending with the week of `at`, newest first: `[this week, last week, …]`. */
export function recentWeeks(at: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => isoWeek(new Date(at.getTime() - i * 7 * 86_400_000)));
}

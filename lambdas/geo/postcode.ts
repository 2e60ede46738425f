import type { Country } from '../../dialogs/types';
import { asciiDigits } from './normalize';

/** A postcode to look up in one country's table. */
export interface PostcodeCandidate {
  country: Country;
  code: string;
}

const PREFIX_COUNTRY: Record<string, Country> = {
  D: 'DE',
  DE: 'DE',
  DEU: 'DE',
  GER: 'DE',
  N: 'NO',
  NO: 'NO',
  NOR: 'NO',
};

/**
 * A postcode, optionally with a country prefix ("D-20095", "DE 20095", "N-6900", "NO 6900") and optionally
 * followed by the place name ("6900 Florø"). Nothing else may stand before the digits.
 */
const POSTCODE = /^(?:(D|DE|DEU|GER|N|NO|NOR)\s*[-–—.:]?\s*)?(\d{4,5})(?:[\s,]+\D.*)?$/;

/**
 * The postcodes a typed text may mean, most likely first. Five digits are German, four digits Norwegian.
 * A four-digit code is also read as a German code that lost its leading zero ("1067" → "01067") when a
 * German prefix or the `countryHint` says so; the hint never overrides what the digits or prefix say.
 *
 * @example postcodeCandidates(' D-20095 ') // [{ country: 'DE', code: '20095' }]
 * @example postcodeCandidates('1067', 'DE') // [{ country: 'DE', code: '01067' }, { country: 'NO', code: '1067' }]
 */
export function postcodeCandidates(text: string, countryHint?: Country): PostcodeCandidate[] {
  const match = POSTCODE.exec(asciiDigits(text.normalize('NFKC')).trim().toUpperCase());
  const digits = match?.[2];
  if (!match || digits === undefined) return [];
  const prefix = match[1] === undefined ? undefined : PREFIX_COUNTRY[match[1]];
  if (digits.length === 5) return prefix === 'NO' ? [] : [{ country: 'DE', code: digits }];
  if (prefix === 'NO') return [{ country: 'NO', code: digits }];
  if (prefix === 'DE') return [{ country: 'DE', code: `0${digits}` }];
  const norwegian: PostcodeCandidate = { country: 'NO', code: digits };
  return countryHint === 'DE' ? [{ country: 'DE', code: `0${digits}` }, norwegian] : [norwegian];
}

import type { Language } from './languages';
import type { Country, Point, Session } from './types';

/** The country the user is in, when we know it (from the place they gave); undefined before that. */
export function knownCountry(session: Session): Country | undefined {
  return session.country ?? session.place?.country;
}

/** Languages that tell the country on their own: someone who writes Norwegian is almost surely in Norway. */
export const COUNTRY_OF_LANGUAGE: Partial<Record<Language, Country>> = { de: 'DE', nb: 'NO', nn: 'NO' };

/** The country we know, else the one the user's language points to; undefined when neither tells. */
export function likelyCountry(session: Session): Country | undefined {
  return knownCountry(session) ?? COUNTRY_OF_LANGUAGE[session.lang];
}

/** Norway lies north of 57.9° N between 4° and 31.5° E; everything else the bot serves is Germany. */
export function countryOf(point: Point): Country {
  return point.lat > 57.9 && point.lon > 4 && point.lon < 31.5 ? 'NO' : 'DE';
}

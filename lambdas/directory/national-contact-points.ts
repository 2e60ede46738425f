import type { ContactPointView, Country } from '../../dialogs/types';

/**
 * The national self-help information centres: the answer when no local contact point is near or the user has
 * not said where they are, so "no match" is never a dead end. They live in code rather than in the table
 * because they must be there even before any import, and they change very rarely.
 *
 * This is REAL public information (names, cities, websites; the NAKOS telephone number as published on
 * nakos.de). Check it once a year; everything in data/demo is fictional.
 */
export const NATIONAL_CONTACT_POINTS: Record<Country, ContactPointView> = {
  DE: {
    id: 'national-de',
    name: 'NAKOS – Nationale Kontakt- und Informationsstelle zur Anregung und Unterstützung von Selbsthilfegruppen',
    country: 'DE',
    city: 'Berlin',
    phone: '030 31 01 89 60',
    website: 'https://www.nakos.de',
  },
  NO: {
    id: 'national-no',
    name: 'Selvhjelp Norge',
    country: 'NO',
    city: 'Oslo',
    website: 'https://www.selvhjelp.no',
  },
};

import type { Language } from './languages';
import type { Country } from './types';

/**
 * Crisis services a person can WRITE to (chat, messenger, mail), for people who cannot or do not want to call.
 * In one large study only a few percent of people in a confirmed crisis called a helpline; writing is easier
 * for many, and so are the languages below. Each entry names the public source it was checked against and when.
 * Check them again at least once a year: services change their addresses and hours.
 */
export interface CrisisService {
  country: Country;
  name: string;
  /** How to reach it: a web address or messenger number as people type it. */
  contact: string;
  /** Languages its counsellors write in. */
  languages: readonly Language[];
  /** Only for young people up to this age. */
  maxAge?: number;
  /** Where the facts come from, and when they were checked. */
  source: string;
  checked: string;
}

export const CRISIS_SERVICES: readonly CrisisService[] = [
  {
    country: 'DE',
    name: 'TelefonSeelsorge (Chat, E-Mail)',
    contact: 'online.telefonseelsorge.de',
    languages: ['de'],
    source:
      'spektrum.de "Telefonseelsorge: Erste Hilfe für die Seele" (2022-09): free, day and night, also by mail and chat; telefonseelsorge.de',
    checked: '2026-12-03',
  },
  {
    country: 'DE',
    name: 'krisenchat (WhatsApp, SMS, Web-Chat)',
    contact: 'krisenchat.de',
    languages: ['de', 'uk', 'ru', 'tr'],
    maxAge: 25,
    source:
      'Kohls et al., Psychother Psychosom Med Psychol, DOI 10.1055/a-2763-8145 (free, 24/7, up to 25, WhatsApp, SMS, web chat since 2025-08); emotion.de (also in Ukrainian, Russian, Turkish)',
    checked: '2026-12-03',
  },
  {
    country: 'NO',
    name: 'Kirkens SOS (SOS-chat, SOS-melding)',
    contact: 'kirkens-sos.no',
    languages: ['nb', 'nn'],
    source:
      'kavlifondet.no "Someone to chat with when life feels difficult" (chat since 2010; phone and message service 24 hours); fosna-folket.no "Vi er her alltid" (telefon, melding og chat, anonymous)',
    checked: '2026-12-03',
  },
];

/**
 * The services for a country that write in the person's language, then those in the country's language (with
 * the country's language a person can often still write a few words, and it is better than nothing).
 */
export function crisisServicesFor(country: Country, lang: Language): CrisisService[] {
  const local: Language = country === 'DE' ? 'de' : 'nb';
  const inCountry = CRISIS_SERVICES.filter((s) => s.country === country);
  const own = inCountry.filter((s) => s.languages.includes(lang));
  const rest = inCountry.filter((s) => !own.includes(s) && s.languages.includes(local));
  return [...own, ...rest];
}

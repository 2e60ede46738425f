import type { Country } from '../../dialogs/types';
import de from '../../locales/de/staff.json';
import en from '../../locales/en/staff.json';
import nb from '../../locales/nb/staff.json';
import nn from '../../locales/nn/staff.json';
import { STAFF_LANGUAGES, type StaffLanguage } from '../handoffs/staff-languages';

/**
 * The staff side's own texts (cards, buttons, notes in the Teams channel), in the languages contact point staff
 * work in. Bundled with the code: the staff functions have no locales folder beside them.
 */
export { STAFF_LANGUAGES, type StaffLanguage } from '../handoffs/staff-languages';
export type StaffTextKey = keyof typeof en;

const TEXTS: Record<StaffLanguage, Record<StaffTextKey, string>> = { de, en, nb, nn };

export function isStaffLanguage(value: unknown): value is StaffLanguage {
  return typeof value === 'string' && (STAFF_LANGUAGES as readonly string[]).includes(value);
}

/** A staff text with its `{{name}}` placeholders filled in. */
export function staffText(
  lang: StaffLanguage,
  key: StaffTextKey,
  params: Record<string, string | number> = {},
): string {
  const template = TEXTS[lang][key] ?? TEXTS.en[key];
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** A channel without a chosen language reads the language of the country the request comes from. */
export function staffLanguageOf(country: Country | string | undefined): StaffLanguage {
  if (country === 'DE') return 'de';
  if (country === 'NO') return 'nb';
  return 'en';
}

/** The staff language a Teams client language stands for ("de-DE" → de, "nb-NO" or "no" → nb), if any. */
export function staffLanguageOfLocale(locale: string | undefined): StaffLanguage | undefined {
  const code = locale?.toLowerCase().split(/[-_]/)[0];
  if (code === 'no') return 'nb';
  return isStaffLanguage(code) ? code : undefined;
}

import i18next, { type i18n as I18n } from 'i18next';
import { fallbackChain, type Language, RIGHT_TO_LEFT, SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import type { Text, TextParam } from '../../dialogs/types';
import { LOCALES } from './locales';

let instance: I18n | undefined;

/** The shared i18next instance. Languages are added on first use, with their fallbacks (see `translate`). */
export function i18n(): I18n {
  if (instance) return instance;
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    resources: {},
    supportedLngs: [...SUPPORTED_LANGUAGES],
    fallbackLng: (code: string) => fallbackChain(code as Language),
    lng: 'en',
    // Renderers escape and isolate every value themselves (see renderText).
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
    // No console banner in Lambda logs or test output.
    showSupportNotice: false,
  });
  instance = created;
  return created;
}

/** Makes sure a language and the languages it falls back to are loaded into i18next. */
function ensureLoaded(lang: Language): I18n {
  const instance = i18n();
  for (const code of fallbackChain(lang)) {
    if (instance.hasResourceBundle(code, 'translation')) continue;
    const resources = LOCALES[code];
    if (resources) instance.addResourceBundle(code, 'translation', resources.translation);
  }
  return instance;
}

/** How a channel formats plain values: HTML escaping for Telegram, Markdown-safe text for Teams. */
export interface TextFormat {
  escape(plain: string): string;
}

const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';
const RTL_CHARACTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/**
 * Wraps a value in Unicode isolates where the direction could mix: inside right-to-left text (postcodes, phone
 * numbers, Latin names, URLs) and right-to-left values inside left-to-right text.
 */
export function isolate(value: string, lang: Language): string {
  if (RIGHT_TO_LEFT.has(lang) || RTL_CHARACTER.test(value)) {
    return `${FIRST_STRONG_ISOLATE}${value}${POP_DIRECTIONAL_ISOLATE}`;
  }
  return value;
}

const RIGHT_TO_LEFT_MARK = '\u200f';

/**
 * A right-to-left message with every line marked right-to-left: a line that starts with a Latin group name or
 * a number would otherwise be laid out left to right (labels on the wrong side, a sentence jumbled).
 */
export function directedLines(text: string, lang: Language): string {
  if (!RIGHT_TO_LEFT.has(lang)) return text;
  return text
    .split('\n')
    .map((line) =>
      line.trim() === '' || line.startsWith(RIGHT_TO_LEFT_MARK) ? line : `${RIGHT_TO_LEFT_MARK}${line}`,
    )
    .join('\n');
}

/** A phone number as people dial it ("0800 111 0 111", "+47 22 40 00 40"): kept on one line. */
const PHONE_NUMBER = /^\+?\d[\d /-]*\d$/;

/** Spaces inside a phone number become non-breaking, so nobody reads or dials half a number. */
export function unbroken(value: string): string {
  return PHONE_NUMBER.test(value) ? value.replace(/ /g, '\u00a0') : value;
}

/**
 * How a language joins a list when the runtime has no list data for it (ICU falls back to English for Sorani,
 * which would put "and" into a Sorani sentence).
 */
const OWN_LIST_WORDS: Partial<Record<Language, { separator: string; and: string }>> = {
  ckb: { separator: '، ', and: ' و ' },
};

/** Joins items the way the language joins a list ("A, B and C"). */
export function joinList(items: string[], lang: Language): string {
  const own = OWN_LIST_WORDS[lang];
  if (own) {
    if (items.length < 2) return items.join('');
    return `${items.slice(0, -1).join(own.separator)}${own.and}${items.at(-1)}`;
  }
  const format = listFormat(lang);
  return format ? format.format(items) : items.join(', ');
}

// Intl formatters take about 0.1 ms each to build: one per language for the life of the process.
const listFormats = new Map<Language, Intl.ListFormat | null>();

function listFormat(lang: Language): Intl.ListFormat | null {
  let format = listFormats.get(lang);
  if (format === undefined) {
    try {
      format = new Intl.ListFormat(lang, { type: 'conjunction' });
    } catch {
      format = null;
    }
    listFormats.set(lang, format);
  }
  return format;
}

/** Marker for a parameter while the template is escaped; U+E000 (private use) never occurs in locale texts. */
const MARK = '\ue000';
const marker = (i: number) => `${MARK}${i}${MARK}`;
const MARKERS = new RegExp(`${MARK}(\\d+)${MARK}`, 'g');

/**
 * Translates a text and inserts its parameters: the template is escaped for the channel, each plain value is
 * escaped and isolated, nested keys and lists are translated first.
 */
export function renderText(text: Text, lang: Language, format: TextFormat): string {
  if ('raw' in text) return format.escape(text.raw);
  const values: string[] = [];
  const markers: Record<string, string | number> = {};
  for (const [name, param] of Object.entries(text.params ?? {})) {
    values.push(renderParam(param, lang, format));
    markers[name] = marker(values.length - 1);
  }
  const count = text.params?.count;
  const template = ensureLoaded(text.lang ?? lang).t(text.key, {
    lng: text.lang ?? lang,
    ...markers,
    ...(typeof count === 'number' ? { count } : {}),
  });
  return format.escape(template).replace(MARKERS, (_, i: string) => values[Number(i)] ?? '');
}

function renderParam(param: TextParam, lang: Language, format: TextFormat): string {
  if (typeof param === 'number') return isolate(param.toLocaleString(lang), lang);
  if (typeof param === 'string') return isolate(format.escape(unbroken(param)), lang);
  if ('list' in param)
    return joinList(
      param.list.map((item) => renderParam(item, lang, format)),
      lang,
    );
  return renderText(param, lang, format);
}

/** Plain text without any channel formatting (logs-free tests, Teams plain text). */
export const PLAIN: TextFormat = { escape: (plain) => plain };

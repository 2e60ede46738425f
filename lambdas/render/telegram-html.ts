import type { TextFormat } from '../i18n/translator';

/** Telegram's HTML parse mode needs exactly these three characters escaped in text and attributes. */
export function escapeHtml(plain: string): string {
  return plain.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const TELEGRAM_HTML: TextFormat = { escape: escapeHtml };

/** Telegram's limit for one message, in UTF-16 code units of the text after parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Splits a long HTML message into parts under the limit at line breaks. Our messages put tags only inside one
 * line, so a part never cuts a tag in two; a single overlong line is cut between characters as a last resort
 * (it then holds no tags: only plain user-supplied text can be that long).
 */
export function splitHtml(html: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const parts: string[] = [];
  let current = '';
  for (const line of html.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    current = line;
    while (current.length > limit) {
      const cut = safeCut(current, limit);
      parts.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** A cut position at or before `limit` that splits neither an entity like `&amp;` nor a surrogate pair. */
function safeCut(text: string, limit: number): number {
  let cut = limit;
  const ampersand = text.lastIndexOf('&', cut - 1);
  if (ampersand >= 0 && ampersand > cut - 10 && !text.slice(ampersand, cut).includes(';')) cut = ampersand;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut;
}

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
      parts.push(current.slice(0, limit));
      current = current.slice(limit);
    }
  }
  if (current) parts.push(current);
  return parts;
}

import type { Button, OutboundMessage, Session } from '../../dialogs/types';
import type { TelegramMessage } from '../../lambdas/telegram/render';
import { parseTelegramHtml } from '../../scripts/local/telegram-html';

/**
 * Checks shared by the attack tests. Each throws an Error that says what is wrong, with the offending value, so
 * fast-check's counterexample report reads on its own.
 */

export const CALLBACK_DATA_LIMIT = 64;
export const SESSION_SIZE_LIMIT = 10 * 1024;
const TELEGRAM_TEXT_LIMIT = 4096;

export function buttonsOf(message: OutboundMessage): Button[] {
  return message.kind === 'emergency' ? [] : (message.buttons ?? []).flat();
}

/** Every button id fits Telegram's callback_data: 1 to 64 bytes of UTF-8. */
export function checkButtonIds(messages: OutboundMessage[]): void {
  for (const b of messages.flatMap(buttonsOf)) {
    const bytes = Buffer.byteLength(b.id, 'utf8');
    if (bytes < 1 || bytes > CALLBACK_DATA_LIMIT)
      throw new Error(`button id ${JSON.stringify(b.id)} has ${bytes} bytes (Telegram takes 1 to 64)`);
  }
}

/**
 * The session survives the store's JSON round trip unchanged (no NaN, Infinity, undefined in arrays, class
 * instances) and stays small.
 */
export function checkSession(session: Session): void {
  checkPlainJson(session, 'session');
  const size = Buffer.byteLength(JSON.stringify(session), 'utf8');
  if (size >= SESSION_SIZE_LIMIT) throw new Error(`session is ${size} bytes (limit ${SESSION_SIZE_LIMIT})`);
}

function checkPlainJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}, which JSON cannot keep`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) throw new Error(`${path}[${i}] is undefined, which JSON turns into null`);
      checkPlainJson(item, `${path}[${i}]`);
    });
    return;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) checkPlainJson(item, `${path}.${key}`);
    }
    return;
  }
  throw new Error(`${path} is ${typeof value} ${String(value)}, not plain JSON`);
}

/** A plain object of any realm (structuredClone makes its copies in Node's main realm, not Jest's). */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * What Telegram would refuse in a rendered message: HTML it cannot parse, an empty or overlong text, keyboard
 * buttons without text or with callback data outside 1 to 64 bytes.
 */
export function checkTelegramMessage(message: TelegramMessage): void {
  const parsed = parseTelegramHtml(message.html);
  if (!parsed.ok)
    throw new Error(`Telegram refuses the HTML (${parsed.description}): ${JSON.stringify(message.html)}`);
  if (parsed.text.length === 0) throw new Error(`message text is empty: ${JSON.stringify(message.html)}`);
  if (parsed.text.length > TELEGRAM_TEXT_LIMIT)
    throw new Error(`message text has ${parsed.text.length} characters (limit ${TELEGRAM_TEXT_LIMIT})`);
  const markup = message.replyMarkup;
  if (!markup) return;
  if ('inline_keyboard' in markup) {
    for (const b of markup.inline_keyboard.flat()) {
      if (b.text.trim() === '') throw new Error(`inline button without text: ${JSON.stringify(b)}`);
      const data = 'callback_data' in b ? b.callback_data : undefined;
      const bytes = data === undefined ? 0 : Buffer.byteLength(data, 'utf8');
      if (bytes < 1 || bytes > CALLBACK_DATA_LIMIT)
        throw new Error(`inline button with ${bytes} bytes of callback_data: ${JSON.stringify(b)}`);
    }
  }
  if ('keyboard' in markup) {
    for (const b of markup.keyboard.flat()) {
      const text = typeof b === 'string' ? b : b.text;
      if (text.trim() === '') throw new Error(`keyboard button without text: ${JSON.stringify(b)}`);
    }
  }
}

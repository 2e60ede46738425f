import type { Api } from 'grammy';
import { isLanguage, type Language } from '../../dialogs/languages';
import type { Text } from '../../dialogs/types';
import { loadTelegramSecrets } from '../config/secrets';
import type { HandoffRecord } from '../handoffs/dynamo-handoffs';
import { PLAIN, renderText } from '../i18n/translator';
import type { Logger } from '../log/logger';
import { escapeHtml, TELEGRAM_HTML } from '../render/telegram-html';
import { errorFields } from './announce';
import type { ProactiveMessenger } from './messenger';

/** Longest staff message passed on (Telegram allows 4096 characters with the prefix). */
export const MAX_RELAYED_CHARS = 3500;

/** How the bot reaches users: the Telegram Bot API (built on first use) and Teams proactive messages. */
export interface UserDelivery {
  /** The Bot API client; undefined where this function has no Telegram token. */
  telegram?: () => Promise<Api>;
  messenger: ProactiveMessenger;
  log: Logger;
}

/**
 * Who wrote: the staff member's display name and the contact point (the team's name; absent when the team has
 * none, and then the user reads "at a self-help contact point" in their own language).
 */
export interface StaffSender {
  name: string;
  contactPoint?: string;
}

export type DeliveryOutcome = 'sent' | 'gone' | 'failed' | 'no-chat';

/**
 * Passes a staff member's text to the user of a request, in their chat: Telegram (`tg:<chat id>`, HTML with a
 * localized prefix "A message from … at …:") or Teams (`teams:<conversation id>`, through the conversation
 * reference stored with the request). The first message also says that the user can answer in the chat.
 */
export async function deliverToUser(
  record: HandoffRecord,
  text: string,
  sender: StaffSender,
  delivery: UserDelivery,
  first: boolean,
): Promise<DeliveryOutcome> {
  const body = text.trim().slice(0, MAX_RELAYED_CHARS);
  const prefix: Text = sender.contactPoint
    ? { key: 'handoff.fromStaff', params: { name: sender.name, contactPoint: sender.contactPoint } }
    : { key: 'handoff.fromStaffNoTeam', params: { name: sender.name } };
  const hint: Text = { key: 'handoff.staffReplyHint', params: { name: sender.name } };
  return sendToUserChat(
    record,
    {
      telegram: (t) => `<b>${t(prefix)}</b>\n${escapeHtml(body)}${first ? `\n\n<i>${t(hint)}</i>` : ''}`,
      teams: (t) => `${t(prefix)}\n${body}${first ? `\n\n${t(hint)}` : ''}`,
    },
    delivery,
    'staff.relay_failed',
  );
}

/** A message for the user's chat, per channel, from their texts (`t` renders a text in the user's language). */
export interface UserMessage {
  /** Telegram HTML: `t` escapes for it; anything else put in must be escaped too. */
  telegram: (t: (text: Text) => string) => string;
  /** Plain text for Teams. */
  teams: (t: (text: Text) => string) => string;
}

/**
 * Sends a message to the chat of a request, in the request's language: Telegram (`tg:<chat id>`) or Teams
 * (`teams:<conversation id>`, through the stored conversation reference). Never throws: a failure is logged
 * as `failureEvent` with the request number and the error's name and status only (never the chat or text).
 */
export async function sendToUserChat(
  record: HandoffRecord,
  message: UserMessage,
  delivery: UserDelivery,
  failureEvent: string,
): Promise<DeliveryOutcome> {
  const chatKey = record.chatKey;
  if (!chatKey) return 'no-chat';
  const lang: Language = isLanguage(record.language) ? record.language : 'en';
  try {
    if (chatKey.startsWith('tg:')) {
      const chatId = Number(chatKey.slice(3));
      if (!delivery.telegram || !Number.isSafeInteger(chatId)) return 'no-chat';
      const html = message.telegram((text) => renderText(text, lang, TELEGRAM_HTML));
      const api = await delivery.telegram();
      await api.sendMessage(chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
      return 'sent';
    }
    if (chatKey.startsWith('teams:') && record.userReference) {
      await delivery.messenger.send(record.userReference, {
        type: 'message',
        text: message.teams((text) => renderText(text, lang, PLAIN)),
        textFormat: 'plain',
      });
      return 'sent';
    }
    return 'no-chat';
  } catch (error) {
    delivery.log.warn(failureEvent, { handoff: record.id, ...errorFields(error) });
    return chatGone(error) ? 'gone' : 'failed';
  }
}

/**
 * True when the chat cannot be reached any more: the user blocked the bot or left (Telegram's 403 in a
 * GrammyError's `error_code`, Bot Connector's 403/404 in `statusCode`).
 */
export function chatGone(error: unknown): boolean {
  const details = error as { error_code?: unknown; statusCode?: unknown } | undefined;
  const status = details?.error_code ?? details?.statusCode;
  return status === 403 || status === 404;
}

/**
 * The Bot API client from the Telegram credentials (`TELEGRAM_SECRET_ARN` in AWS, `TELEGRAM_BOT_TOKEN` locally)
 * and `TELEGRAM_API_ROOT`, built on first use and kept. A failed load is not kept: the next answer tries again.
 */
export function telegramApiFromEnv(env: NodeJS.ProcessEnv = process.env): () => Promise<Api> {
  let api: Promise<Api> | undefined;
  return () => {
    // grammY is loaded on first use: most Teams activities never reach a Telegram chat (shorter cold start).
    api ??= Promise.all([loadTelegramSecrets(env), import('grammy')])
      .then(
        ([secrets, { Api }]) =>
          new Api(secrets.botToken, env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : undefined),
      )
      .catch((error: unknown) => {
        api = undefined;
        throw error;
      });
    return api;
  };
}

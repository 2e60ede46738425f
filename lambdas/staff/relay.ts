import { isLanguage, type Language } from '../../dialogs/languages';
import type { Text } from '../../dialogs/types';
import { type ChatMessage, type ChatSenders, senderFor } from '../channels/chat-message';
import type { HandoffRecord } from '../handoffs/dynamo-handoffs';
import { PLAIN, renderText } from '../i18n/translator';
import type { Logger } from '../log/logger';
import { errorFields } from './announce';

/** Longest staff message passed on (Telegram allows 4096 characters with the prefix). */
export const MAX_RELAYED_CHARS = 3500;

/** How the bot reaches users' chats: each channel's sender, by chat key prefix (lambdas/channels/). */
export interface UserDelivery {
  senders: ChatSenders;
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
 * Passes a staff member's text to the user of a request, in their chat, with a localized prefix "A message
 * from … at …:". The first message also says that the user can answer in the chat.
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
    (t) => ({
      paragraphs: [
        [{ text: t(prefix), style: 'strong' }, { text: body }],
        ...(first ? [[{ text: t(hint), style: 'quiet' as const }]] : []),
      ],
    }),
    delivery,
    'staff.relay_failed',
  );
}

/**
 * Sends a message to the chat of a request, in the request's language (`t` renders a text in it); a Teams chat
 * through the conversation reference stored with the request. Never throws (see `deliverToChat`).
 */
export async function sendToUserChat(
  record: HandoffRecord,
  message: (t: (text: Text) => string) => ChatMessage,
  delivery: UserDelivery,
  failureEvent: string,
): Promise<DeliveryOutcome> {
  const lang: Language = isLanguage(record.language) ? record.language : 'en';
  return deliverToChat(
    { key: record.chatKey, address: record.userReference },
    async () => message((text) => renderText(text, lang, PLAIN)),
    delivery,
    { event: failureEvent, fields: { handoff: record.id } },
  );
}

/**
 * Sends a message to a stored chat through the channel its chat key names (lambdas/channels/chat-message.ts).
 * Never throws: a failure (also one while building the message) is logged as `failure.event` with its fields and
 * the error's name and status only (never the chat or text).
 */
export async function deliverToChat(
  chat: { key: string | undefined; address: Record<string, unknown> | undefined },
  build: () => Promise<ChatMessage>,
  delivery: UserDelivery,
  failure: { event: string; fields?: Record<string, unknown> },
): Promise<DeliveryOutcome> {
  const { key, address } = chat;
  const sender = key ? senderFor(delivery.senders, key) : undefined;
  if (!key || !sender) return 'no-chat';
  try {
    const sent = await sender.send({ key, ...(address ? { address } : {}) }, await build());
    return sent ? 'sent' : 'no-chat';
  } catch (error) {
    delivery.log.warn(failure.event, { ...failure.fields, ...errorFields(error) });
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

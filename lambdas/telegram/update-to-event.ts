import type { Update } from 'grammy/types';
import * as z from 'zod/mini';
import { COMMANDS, type CommandName, type InboundEvent, type TurnContext } from '../../dialogs/types';
import type { ChannelInbound } from '../channels/inbound';

/**
 * What a Telegram update means for the dialog, and whose chat it is: the key `tg:<chat id>`, and as event id
 * the `update_id`, which Telegram repeats when it delivers an update again.
 */
export interface TelegramInbound extends ChannelInbound {
  chatId: number;
  callbackQueryId?: string;
}

/**
 * Maps an update to a dialog event. Returns undefined for updates the bot does not answer (group chats,
 * channel posts, edits, updates without a user). Unsupported message kinds (stickers, voice, photos) become
 * an empty text, which the dialog answers with its "use the buttons" help.
 */
/** The fields of an update the bot reads, checked: Telegram's own updates always pass. */
const ChatSchema = z.object({ id: z.int().check(z.refine(Number.isSafeInteger)), type: z.string() });
const FromSchema = z.looseObject({ language_code: z.optional(z.string().check(z.maxLength(35))) });
const InboundUpdateSchema = z.object({
  update_id: z.int().check(z.nonnegative()),
  callback_query: z.optional(
    z.looseObject({
      id: z.string().check(z.trim(), z.minLength(1)),
      data: z.optional(z.string().check(z.maxLength(64))),
      from: FromSchema,
      message: z.optional(z.looseObject({ chat: ChatSchema })),
    }),
  ),
  message: z.optional(
    z.looseObject({
      chat: ChatSchema,
      from: z.optional(FromSchema),
      text: z.optional(z.string()),
      location: z.optional(
        z.looseObject({
          latitude: z.number().check(z.gte(-90), z.lte(90)),
          longitude: z.number().check(z.gte(-180), z.lte(180)),
        }),
      ),
    }),
  ),
});

export function updateToInbound(raw: Update): TelegramInbound | undefined {
  const parsed = InboundUpdateSchema.safeParse(raw);
  // An update whose fields are not what Telegram sends is not answered (nothing to reply to safely).
  if (!parsed.success) return undefined;
  const update = parsed.data;
  const eventId = `tg:${update.update_id}`;
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    if (chat?.type !== 'private') return undefined;
    return {
      key: `tg:${chat.id}`,
      chatId: chat.id,
      eventId,
      event: { kind: 'button', id: query.data ?? '' },
      context: context(`tg:${chat.id}`, query.from.language_code),
      callbackQueryId: query.id,
    };
  }
  const message = update.message;
  if (message?.chat.type !== 'private') return undefined;
  const base = {
    key: `tg:${message.chat.id}`,
    chatId: message.chat.id,
    eventId,
    context: context(`tg:${message.chat.id}`, message.from?.language_code),
  };
  if (message.location) {
    return {
      ...base,
      event: { kind: 'location', lat: message.location.latitude, lon: message.location.longitude },
    };
  }
  const text = message.text ?? '';
  const command = parseCommand(text);
  return { ...base, event: command ?? { kind: 'text', text } };
}

function context(chatKey: string, languageTag: string | undefined): TurnContext {
  // Telegram's reply keyboard has a button that shares the user's location.
  const context: TurnContext = { channel: 'telegram', sharesLocation: true, chatKey };
  return languageTag ? { ...context, languageTag } : context;
}

/** "/start abc", "/start@MyBot abc" → { name: 'start', payload: 'abc' }; unknown commands are plain text. */
export function parseCommand(text: string): InboundEvent | undefined {
  const match = text.trim().match(/^\/([a-z]+)(?:@\w+)?(?:\s+(\S.*))?$/is);
  if (!match) return undefined;
  const name = match[1]?.toLowerCase() ?? '';
  if (!(COMMANDS as readonly string[]).includes(name)) return undefined;
  const payload = match[2]?.trim();
  return { kind: 'command', name: name as CommandName, ...(payload ? { payload } : {}) };
}

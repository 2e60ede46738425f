import type { Update } from 'grammy/types';
import * as z from 'zod';

/** What the browser simulator sends: one user action in one chat. */
export const SimulatorActionSchema = z.object({
  chatId: z
    .number()
    .int()
    .positive()
    .max(2 ** 52),
  firstName: z.string().max(64).default('Test'),
  languageCode: z.string().max(10).optional(),
  text: z.string().max(5000).optional(),
  callbackData: z.string().max(64).optional(),
  callbackMessageId: z.number().int().optional(),
  location: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .optional(),
});
export type SimulatorAction = z.infer<typeof SimulatorActionSchema>;

let nextUpdateId = Math.floor(Date.now() / 1000);
let nextMessageId = 1;

/** Builds the Telegram update a real client would cause, so the webhook sees exactly what Telegram sends. */
export function updateFor(action: SimulatorAction): Update {
  const from = {
    id: action.chatId,
    is_bot: false,
    first_name: action.firstName,
    ...(action.languageCode ? { language_code: action.languageCode } : {}),
  };
  const chat = { id: action.chatId, type: 'private' as const, first_name: action.firstName };
  const date = Math.floor(Date.now() / 1000);
  const update_id = nextUpdateId++;
  if (action.callbackData !== undefined) {
    return {
      update_id,
      callback_query: {
        id: String(update_id),
        from,
        chat_instance: String(action.chatId),
        data: action.callbackData,
        message: { message_id: action.callbackMessageId ?? 1, date, chat, text: '' },
      },
    } as Update;
  }
  const message_id = nextMessageId++;
  if (action.location) {
    return { update_id, message: { message_id, date, chat, from, location: action.location } } as Update;
  }
  const text = action.text ?? '';
  const command = text.match(/^\/\w+/);
  return {
    update_id,
    message: {
      message_id,
      date,
      chat,
      from,
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  } as Update;
}

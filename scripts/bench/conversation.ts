import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Update } from 'grammy/types';
import { telegramApiGatewayEvent } from '../local/apigw';
import type { SentMessage, TelegramApiStandin } from '../local/telegram-api-standin';
import { BENCH_WEBHOOK_SECRET } from './environment';

/**
 * Which budget a turn counts against. `directory` turns read the group directory (a search, the next page of
 * results, the detail view of a group); every other turn only needs the session.
 */
export type TurnKind = 'session' | 'directory';

/** One step of the scripted conversation: what the user does, given what the bot sent last. */
export interface ScriptedStep {
  label: string;
  kind: TurnKind;
  update(user: TelegramBenchUser, lastMessage: SentMessage | undefined): Update;
}

let nextUpdateId = 900_000_000;

/** The updates a Telegram user's app sends (same shape as test/support/telegram-harness.ts). */
export interface TelegramBenchUser {
  chatId: number;
  text(text: string): Update;
  press(data: string): Update;
}

/** A private-chat user with a Telegram client in `languageCode`. */
export function telegramBenchUser(chatId: number, languageCode: string): TelegramBenchUser {
  const from = { id: chatId, is_bot: false, first_name: 'Bench', language_code: languageCode };
  const chat = { id: chatId, type: 'private' as const, first_name: 'Bench' };
  return {
    chatId,
    text(text) {
      const id = nextUpdateId++;
      const command = /^\/\w+/.exec(text);
      return {
        update_id: id,
        message: {
          message_id: id,
          date: 1_795_000_000,
          chat,
          from,
          text,
          ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
        },
      } as Update;
    },
    press(data) {
      const id = nextUpdateId++;
      return {
        update_id: id,
        callback_query: {
          id: String(id),
          from,
          chat_instance: '1',
          data,
          message: { message_id: 1, date: 1_795_000_000, chat, text: '' },
        },
      } as Update;
    },
  };
}

/** An update as API Gateway delivers it to the webhook: base64 body, the secret header. */
export function telegramWebhookEvent(update: Update, secret = BENCH_WEBHOOK_SECRET): APIGatewayProxyEventV2 {
  return telegramApiGatewayEvent(Buffer.from(JSON.stringify(update)).toString('base64'), secret, true);
}

/** The callback data of the inline buttons of a message, in order. */
export function buttonData(message: SentMessage | undefined): string[] {
  const markup = message?.replyMarkup;
  if (!markup || !('inline_keyboard' in markup)) return [];
  return markup.inline_keyboard
    .flat()
    .flatMap((button) => ('callback_data' in button ? [button.callback_data] : []));
}

/** The first button of a result list that opens a group's detail view. */
function firstGroupButton(message: SentMessage | undefined): string {
  const data = buttonData(message).find((id) => id.startsWith('group:'));
  if (!data) throw new ScriptError('the results show no group button to open');
  return data;
}

/** The bot did not answer as the script expects (the demo data or the dialog changed). */
export class ScriptError extends Error {
  constructor(message: string) {
    super(`Scripted conversation: ${message}. Update scripts/bench/conversation.ts to the current dialog.`);
    this.name = 'ScriptError';
  }
}

/**
 * The conversation every turn benchmark replays: a German-speaking user in Hamburg looking for a group about
 * migration: start, menu and sector (buttons), the topic typed as a word, a typed postcode (search), the detail
 * view of the first group, back to the results (search), the next page (search), help, and a postcode
 * elsewhere (search). Ten turns: commands, button presses and typed text, five of which read the directory. Ten is also the most one chat may send within 20 s before the
 * flood protection (lambdas/conversation/process-event.ts) stops answering, so every replay uses a new chat.
 */
export const SCRIPT: readonly ScriptedStep[] = [
  { label: '/start', kind: 'session', update: (u) => u.text('/start') },
  { label: 'menu: find a group', kind: 'session', update: (u) => u.press('menu:find') },
  { label: 'sector: social', kind: 'session', update: (u) => u.press('sector:social') },
  { label: 'typed topic "Migration"', kind: 'session', update: (u) => u.text('Migration') },
  { label: 'postcode 20095 → results', kind: 'directory', update: (u) => u.text('20095') },
  { label: 'group detail', kind: 'directory', update: (u, last) => u.press(firstGroupButton(last)) },
  { label: 'back to results', kind: 'directory', update: (u) => u.press('res:back') },
  { label: 'more results', kind: 'directory', update: (u) => u.press('res:more') },
  { label: '/help', kind: 'session', update: (u) => u.text('/help') },
  { label: 'postcode 44135 → results', kind: 'directory', update: (u) => u.text('44135') },
];

/**
 * The script's updates for another user, made from a played conversation (the detail step needs the group id
 * the bot showed): for running the conversation where the stand-in cannot be asked, as in a child process.
 */
export function replayUpdates(user: TelegramBenchUser, played: readonly PlayedTurn[]): Update[] {
  return played.map((turn) => turn.step.update(user, turn.lastBefore));
}

/** Posts one update to a handler and reports the HTTP status; the caller times and meters it. */
export type PostUpdate = (update: Update) => Promise<number>;

/** One turn of a replayed conversation. */
export interface PlayedTurn {
  step: ScriptedStep;
  update: Update;
  /** What the bot had sent last before this turn (what the step's update was made from). */
  lastBefore: SentMessage | undefined;
}

/**
 * Replays the script for one user, calling `around` for each turn (to time or meter it). Throws a ScriptError
 * when a turn is not answered with 200 and a message.
 */
export async function playConversation(
  user: TelegramBenchUser,
  post: PostUpdate,
  standin: TelegramApiStandin,
  around: <T>(step: ScriptedStep, turn: () => Promise<T>) => Promise<T> = (_step, turn) => turn(),
): Promise<PlayedTurn[]> {
  const played: PlayedTurn[] = [];
  for (const step of SCRIPT) {
    const last = standin.sentMessages(user.chatId).at(-1);
    const update = step.update(user, last);
    const before = standin.calls.length;
    const statusCode = await around(step, () => post(update));
    if (statusCode !== 200) throw new ScriptError(`"${step.label}" answered HTTP ${statusCode}`);
    const calls = standin.calls.slice(before);
    const refused = calls.find((call) => !call.response.ok);
    if (refused) throw new ScriptError(`"${step.label}": the Bot API stand-in refused ${refused.method}`);
    if (!calls.some((call) => /^(send|edit)/.test(call.method))) {
      throw new ScriptError(`"${step.label}" got no reply`);
    }
    played.push({ step, update, lastBefore: last });
  }
  return played;
}

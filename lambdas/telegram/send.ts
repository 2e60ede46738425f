import { type Api, GrammyError } from 'grammy';
import type { Logger } from '../log/logger';
import type { TelegramMessage } from './render';

/** What happened when the replies were sent. */
export type SendOutcome = 'sent' | 'blocked' | 'failed';

/**
 * Sends the rendered replies in order. The session is already saved, so a failure here is logged and not
 * retried by Telegram (that would run the turn twice). 429s are retried by the auto-retry transformer first.
 * - 403: the user blocked the bot; stop sending.
 * - 400 "message is not modified": harmless, skip.
 */
export async function sendReplies(
  api: Api,
  chatId: number,
  messages: TelegramMessage[],
  log: Logger,
): Promise<SendOutcome> {
  for (const message of messages) {
    try {
      await api.sendMessage(chatId, message.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
      });
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403) {
        log.warn('telegram.blocked', { errorCode: 403 });
        return 'blocked';
      }
      if (error instanceof GrammyError && /message is not modified/.test(error.description)) continue;
      log.error('telegram.send_failed', {
        errorCode: error instanceof GrammyError ? error.error_code : undefined,
        description: error instanceof GrammyError ? error.description : String(error),
      });
      return 'failed';
    }
  }
  return 'sent';
}

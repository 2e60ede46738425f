import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { DialogPorts } from '../../dialogs/types';
import { handleInbound, type InboundDependencies } from '../channels/inbound';
import type { Logger } from '../log/logger';
import type { SessionStore } from '../store/session-store';
import { renderForTelegram } from './render';
import { sendReplies } from './send';
import { updateToInbound } from './update-to-event';

export interface TelegramBotOptions {
  token: string;
  botInfo: UserFromGetMe;
  /** Bot API base URL; a local stand-in in tests and `npm start`. */
  apiRoot?: string;
  ports: DialogPorts;
  sessions: SessionStore;
  log: Logger;
  /** Salt for pseudonymous ids in logs. */
  logSalt?: string;
  eraseUser?: (key: string) => Promise<void>;
  /**
   * Staff review: while staff talk with this chat about a handoff request, its plain messages go to their Teams
   * thread and not to the dialog (lambdas/staff/relay.ts). Without it, every message goes to the dialog.
   */
  staff?: InboundDependencies['staff'];
}

/**
 * The grammY bot: every private-chat update is parsed once (update-to-event.ts) and handled like every
 * channel's events (lambdas/channels/inbound.ts). Errors before the save propagate, so the webhook answers 500
 * and Telegram delivers again.
 */
export function createTelegramBot(options: TelegramBotOptions): Bot {
  const bot = new Bot(options.token, {
    botInfo: options.botInfo,
    client: {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      // Stopping a button's spinner rides on the webhook's HTTP response instead of a call of its own: one Bot
      // API round trip less per button. Its result was never used (a failed answer changes nothing), so nothing
      // is lost; the replies themselves are sent as calls, whose errors (403, 429) the bot must see.
      canUseWebhookReply: (method) => method === 'answerCallbackQuery',
    },
  });
  // 429: wait `retry_after` (at most 5 s, within the webhook's time) and retry twice; never a retry storm.
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowInternalServerErrors: true }),
  );

  bot.use(async (ctx) => {
    const inbound = updateToInbound(ctx.update);
    if (!inbound) return;
    await handleInbound(
      'telegram',
      inbound,
      {
        send: async (messages, lang) => {
          const sent = await sendReplies(
            ctx.api,
            inbound.chatId,
            renderForTelegram(messages, lang),
            options.log,
          );
          return sent === 'blocked' ? 'gone' : sent;
        },
        // Stops the button's spinner. handleInbound acknowledges once per turn and never a re-delivered update
        // (Telegram refuses a second answer).
        acknowledge: async () => {
          if (!inbound.callbackQueryId) return;
          await ctx.api.answerCallbackQuery(inbound.callbackQueryId).catch(() => undefined);
        },
      },
      {
        ports: options.ports,
        sessions: options.sessions,
        log: options.log,
        logSalt: options.logSalt ?? 'local',
        ...(options.eraseUser ? { eraseUser: options.eraseUser } : {}),
        ...(options.staff ? { staff: options.staff } : {}),
      },
    );
  });
  return bot;
}

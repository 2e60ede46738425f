import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { emergencyWithoutSession } from '../../dialogs/flows/emergency';
import { say } from '../../dialogs/messages';
import type { DialogPorts } from '../../dialogs/types';
import {
  type ProcessOutcome,
  processEvent,
  type RelayToStaff,
  sendNumbersAnyway,
  TurnFailedError,
} from '../conversation/process-event';
import type { Logger } from '../log/logger';
import { pseudonym } from '../log/logger';
import { renderForTelegram } from '../render/telegram';
import { staffRelayHook } from '../staff/user-relay';
import type { SessionStore } from '../store/session-store';
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
   * While staff talk with this chat about a handoff request, its plain messages go to their Teams thread and
   * not to the dialog (lambdas/staff/relay.ts). Default: the relay of the DynamoDB handoff store in `ports`.
   */
  relayToStaff?: RelayToStaff;
}

/**
 * The grammY bot: every private-chat update runs one dialog turn (load, turn, save) and the replies are sent
 * after the save. Errors before the save propagate, so the webhook answers 500 and Telegram delivers again.
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

  const relayToStaff = options.relayToStaff ?? staffRelayHook(options.ports.handoffs, options.ports.clock);
  bot.use(async (ctx) => {
    const inbound = updateToInbound(ctx.update);
    if (!inbound) return;
    // Stops the button's spinner, once: not for a re-delivered update (Telegram refuses a second answer).
    const answerButton = async () => {
      if (inbound.callbackQueryId)
        await ctx.api.answerCallbackQuery(inbound.callbackQueryId).catch(() => undefined);
    };
    const user = pseudonym(inbound.key, options.logSalt ?? 'local');
    let outcome: ProcessOutcome;
    try {
      outcome = await processEvent({
        key: inbound.key,
        eventId: inbound.eventId,
        event: inbound.event,
        context: inbound.context,
        ports: options.ports,
        sessions: options.sessions,
        ...(relayToStaff ? { relayToStaff } : {}),
        ...(options.eraseUser ? { eraseUser: options.eraseUser } : {}),
      });
    } catch (error) {
      await sendNumbersAnyway(inbound.event, error, inbound.context.languageTag, (lang) =>
        sendReplies(
          ctx.api,
          inbound.chatId,
          renderForTelegram([emergencyWithoutSession(lang)], lang),
          options.log,
        ),
      );
      if (!(error instanceof TurnFailedError)) throw error;
      // A bug must not make Telegram re-deliver the same update forever: apologise and answer 200.
      options.log.error('telegram.turn_failed', { user, cause: String((error.cause as Error)?.name) });
      await answerButton();
      const apology = renderForTelegram([say('fallback.error')], error.lang);
      await sendReplies(ctx.api, inbound.chatId, apology, options.log);
      return;
    }
    if (outcome.duplicate) {
      options.log.info('telegram.duplicate_update', { user });
      return;
    }
    if (outcome.relayed) {
      options.log.info('telegram.relayed_to_staff', { user });
      return;
    }
    await answerButton();
    const messages = renderForTelegram(outcome.result.messages, outcome.result.lang);
    const sent = await sendReplies(ctx.api, inbound.chatId, messages, options.log);
    if (sent === 'blocked') await options.sessions.markInactive(inbound.key);
    options.log.info('telegram.turn', { user, kind: inbound.event.kind, replies: messages.length, sent });
  });
  return bot;
}

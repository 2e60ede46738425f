import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Bot } from 'grammy';
import type { TableNames } from '../../lambdas/config/tables';
import { silentLogger } from '../../lambdas/log/logger';
import { createTelegramApp } from '../../lambdas/telegram/app';
import { type PostUpdate, telegramWebhookEvent } from './conversation';
import { BENCH_BOT_TOKEN, BENCH_WEBHOOK_SECRET, type BenchEnvironment } from './environment';

/** The Telegram webhook handler in this process, as lambdas/telegram.ts builds it, on a client of our own. */
export interface InProcessTelegram {
  bot: Bot;
  post: PostUpdate;
  /** Waits until Telegram's side of the last turn is done (the call in its webhook answer). */
  settle(): Promise<void>;
}

/**
 * Wires `createTelegramApp` (the same function the Lambda entry calls) to the benchmark's dynalite and Bot API
 * stand-in, with `client` (metered by the caller) and a silent logger.
 */
export function inProcessTelegram(
  env: BenchEnvironment,
  tables: TableNames,
  client: DynamoDBClient,
): InProcessTelegram {
  const { bot, handler } = createTelegramApp(
    {
      botToken: BENCH_BOT_TOKEN,
      webhookSecret: BENCH_WEBHOOK_SECRET,
      botInfo: env.standin.botInfo,
      apiRoot: env.standin.url,
      tables,
    },
    client,
    silentLogger,
  );
  let telegramSide: Promise<void> = Promise.resolve();
  return {
    bot,
    post: async (update) => {
      const response = await handler(telegramWebhookEvent(update));
      // Telegram runs a call in the webhook's answer after the handler returned: not part of the turn's time.
      telegramSide = env.standin.applyWebhookReply(BENCH_BOT_TOKEN, response);
      return response.statusCode ?? 0;
    },
    settle: () => telegramSide,
  };
}

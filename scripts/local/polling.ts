import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { UserFromGetMe } from 'grammy/types';
import type { TableNames } from '../../lambdas/config/tables';
import type { Logger } from '../../lambdas/log/logger';
import { createTelegramAppBot } from '../../lambdas/telegram/app';

/**
 * Runs the real bot by long polling (local use with TELEGRAM_BOT_TOKEN): the same bot the webhook runs.
 * Removes a registered webhook first, since Telegram allows only one way of delivery at a time.
 */
export async function startPolling(options: {
  token: string;
  /** The bot's getMe result (scripts/start.ts asks once for the webhook and for polling). */
  botInfo: UserFromGetMe;
  apiRoot?: string | undefined;
  client: DynamoDBClient;
  tables: TableNames;
  log: Logger;
}): Promise<() => Promise<void>> {
  const { botInfo } = options;
  const bot = createTelegramAppBot(
    {
      botToken: options.token,
      botInfo,
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      tables: options.tables,
    },
    options.client,
    options.log,
  );
  await bot.api.deleteWebhook();
  bot.catch((error) =>
    options.log.error('telegram.polling_error', {
      error: error.error instanceof Error ? error.error.name : 'unknown',
    }),
  );
  void bot.start({ allowed_updates: ['message', 'callback_query'], drop_pending_updates: false });
  console.log(`Telegram: long polling as @${botInfo.username}`);
  return () => bot.stop();
}

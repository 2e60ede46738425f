import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { UserFromGetMe } from 'grammy/types';
import * as z from 'zod/mini';
import type { TableNames } from '../config/tables';
import type { Logger } from '../log/logger';
import { createPorts } from '../ports';
import { chatEraser } from '../privacy/erase-chat';
import { DynamoSessionStore } from '../store/session-store';
import { createTelegramBot } from './bot';
import { telegramWebhookHandler } from './webhook';

/** The bot's own user, as `getMe` returns it: given in configuration so no cold start calls `getMe`. */
export const BotInfoSchema: z.ZodMiniType<UserFromGetMe> = z.looseObject({
  id: z.int(),
  is_bot: z.literal(true),
  first_name: z.string(),
  username: z.string(),
  can_join_groups: z._default(z.boolean(), false),
  can_read_all_group_messages: z._default(z.boolean(), false),
  supports_inline_queries: z._default(z.boolean(), false),
  can_connect_to_business: z._default(z.boolean(), false),
  has_main_web_app: z._default(z.boolean(), false),
  has_topics_enabled: z._default(z.boolean(), false),
  allows_users_to_create_topics: z._default(z.boolean(), false),
  can_manage_bots: z._default(z.boolean(), false),
  supports_join_request_queries: z._default(z.boolean(), false),
});

/** A bot identity for local runs and tests, where no real bot exists. */
export const LOCAL_BOT_INFO: UserFromGetMe = BotInfoSchema.parse({
  id: 1000001,
  is_bot: true,
  first_name: 'Self-help finder (local)',
  username: 'selfhelp_local_bot',
});

export interface TelegramAppConfig {
  botToken: string;
  webhookSecret: string;
  botInfo: UserFromGetMe;
  apiRoot?: string;
  tables: TableNames;
  logSalt?: string;
}

/** Wires the Telegram webhook: DynamoDB stores, ports, the grammY bot and the HTTP handler. */
export function createTelegramApp(config: TelegramAppConfig, client: DynamoDBClient, log: Logger) {
  const bot = createTelegramAppBot(config, client, log);
  return { bot, handler: telegramWebhookHandler(bot, config.webhookSecret, log) };
}

/**
 * The grammY bot with its DynamoDB stores and ports, without a webhook handler: grammY refuses `bot.start()`
 * (long polling, scripts/local/polling.ts) on a bot that a webhook callback was made for.
 */
export function createTelegramAppBot(
  config: Omit<TelegramAppConfig, 'webhookSecret'>,
  client: DynamoDBClient,
  log: Logger,
) {
  const ports = createPorts(client, config.tables);
  const sessions = new DynamoSessionStore({ client, tableName: config.tables.sessions });
  return createTelegramBot({
    token: config.botToken,
    botInfo: config.botInfo,
    ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
    ports,
    sessions,
    log,
    eraseUser: chatEraser({ client, tableName: config.tables.requests }),
    staff: { relay: ports.handoffs, addressBook: ports.handoffs },
    ...(config.logSalt ? { logSalt: config.logSalt } : {}),
  });
}

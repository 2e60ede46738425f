import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Update } from 'grammy/types';
import type { TableNames } from '../../lambdas/config/tables';
import { loadDefaultGazetteer } from '../../lambdas/geo/gazetteer';
import { type Logger, silentLogger } from '../../lambdas/log/logger';
import { createTelegramApp, LOCAL_BOT_INFO } from '../../lambdas/telegram/app';
import { telegramApiGatewayEvent } from '../../scripts/local/apigw';
import { seedDemoData } from '../../scripts/local/seed';
import { startTelegramApiStandin, type TelegramApiStandin } from '../../scripts/local/telegram-api-standin';
import { startTestDynamo, type TestDynamo } from './dynamo';

export const WEBHOOK_SECRET = 'test-secret-0123456789';
/** The bot's token in the harness (the stand-in serves any token). */
export const TEST_BOT_TOKEN = '123:TEST';

/** The Telegram webhook handler wired to real dynalite and a validating Bot API stand-in. */
export interface TelegramHarness {
  dynamo: TestDynamo;
  standin: TelegramApiStandin;
  tables: TableNames;
  handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  /** Posts an update as API Gateway would deliver it (base64 body, secret header). */
  post(
    update: Update | Record<string, unknown>,
    options?: { secret?: string | null; base64?: boolean },
  ): Promise<APIGatewayProxyStructuredResultV2>;
  close(): Promise<void>;
}

export async function startTelegramHarness(
  options: { client?: (endpoint: string) => DynamoDBClient; log?: Logger } = {},
): Promise<TelegramHarness> {
  const dynamo = await startTestDynamo();
  const standin = await startTelegramApiStandin();
  const tables = await dynamo.freshTables();
  await seedDemoData(dynamo.client, tables, loadDefaultGazetteer());
  const client = options.client ? options.client(dynamo.endpoint) : dynamo.client;
  const { handler } = createTelegramApp(
    {
      botToken: TEST_BOT_TOKEN,
      webhookSecret: WEBHOOK_SECRET,
      botInfo: LOCAL_BOT_INFO,
      apiRoot: standin.url,
      tables,
    },
    client,
    options.log ?? silentLogger,
  );
  return {
    dynamo,
    standin,
    tables,
    handler,
    async post(update, { secret = WEBHOOK_SECRET, base64 = true } = {}) {
      const response = await handler(apiGatewayEvent(JSON.stringify(update), secret, base64));
      // As Telegram does: a call in the webhook's answer (the button's answerCallbackQuery) is run.
      await standin.applyWebhookReply(TEST_BOT_TOKEN, response);
      return response;
    },
    async close() {
      await standin.close();
      await dynamo.close();
    },
  };
}

/** The webhook call for `body`, base64-encoded as API Gateway sends it unless `base64` is false. */
export function apiGatewayEvent(body: string, secret: string | null, base64 = true): APIGatewayProxyEventV2 {
  return telegramApiGatewayEvent(base64 ? Buffer.from(body).toString('base64') : body, secret, base64);
}

let updateId = 800000000;

/** A user of the test: builds the updates their Telegram app would send. */
export function telegramUser(chatId: number, languageCode?: string) {
  const from = {
    id: chatId,
    is_bot: false,
    first_name: 'Test',
    ...(languageCode ? { language_code: languageCode } : {}),
  };
  const chat = { id: chatId, type: 'private' as const, first_name: 'Test' };
  return {
    text(text: string): Update {
      const command = text.match(/^\/\w+/);
      return {
        update_id: updateId++,
        message: {
          message_id: updateId,
          date: 1795000000,
          chat,
          from,
          text,
          ...(command
            ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] }
            : {}),
        },
      } as Update;
    },
    press(data: string): Update {
      return {
        update_id: updateId++,
        callback_query: {
          id: String(updateId),
          from,
          chat_instance: '1',
          data,
          message: { message_id: 1, date: 1795000000, chat, text: '' },
        },
      } as Update;
    },
    location(latitude: number, longitude: number): Update {
      return {
        update_id: updateId++,
        message: { message_id: updateId, date: 1795000000, chat, from, location: { latitude, longitude } },
      } as Update;
    },
  };
}

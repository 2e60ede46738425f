import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { oncePerColdStart } from './config/cold-start';
import { loadTelegramSecrets } from './config/secrets';
import { tableNamesFromEnv } from './config/tables';
import { jsonLogger } from './log/logger';
import { createDynamoClient } from './store/client';
import { BotInfoSchema, createTelegramApp } from './telegram/app';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const log = jsonLogger();

async function build(env: NodeJS.ProcessEnv): Promise<Handler> {
  const secrets = await loadTelegramSecrets();
  const botInfo = BotInfoSchema.safeParse(JSON.parse(env.TELEGRAM_BOT_INFO ?? 'null'));
  if (!botInfo.success) {
    throw new Error(
      'TELEGRAM_BOT_INFO must be the JSON of the bot\'s getMe result (set it with "-c telegramBotInfo=..." at deploy).',
      { cause: botInfo.error },
    );
  }
  const app = createTelegramApp(
    {
      botToken: secrets.botToken,
      webhookSecret: secrets.webhookSecret,
      botInfo: botInfo.data,
      ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}),
      tables: tableNamesFromEnv(env),
      logSalt: secrets.webhookSecret,
    },
    createDynamoClient(env),
    log,
  );
  return app.handler;
}

// Built once per cold start: secrets, client and bot are reused by every invocation of this instance.
const ready = oncePerColdStart(() => build(process.env));

/** AWS Lambda entry for `POST /telegram/webhook`. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return (await ready())(event);
}

import { randomBytes } from 'node:crypto';
import { Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import * as z from 'zod';
import { loadTeamsSecrets } from '../lambdas/config/secrets';
import { tableNamesFromEnv } from '../lambdas/config/tables';
import { loadDefaultGazetteer } from '../lambdas/geo/gazetteer';
import { jsonLogger } from '../lambdas/log/logger';
import { createDynamoClient } from '../lambdas/store/client';
import { ensureTables } from '../lambdas/store/ensure-tables';
import { BotInfoSchema, createTelegramApp, LOCAL_BOT_INFO } from '../lambdas/telegram/app';
import { startPolling } from './local/polling';
import { seedDemoData } from './local/seed';
import { startLocalServer } from './local/server';
import { startLocalStaff } from './local/staff-local';
import { startTelegramApiStandin } from './local/telegram-api-standin';
import { clearLocalEndpoint, localDatabasePath, localDataDir, writeLocalEndpoint } from './local-data';
import { startLocalDynamo } from './local-dynamo';
import { quietSdkVersionWarning } from './quiet-sdk-warning';

/** `npm start` configuration (README, "Configuration"): all optional. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SEED_DEMO_DATA: z.enum(['0', '1']).default('1'),
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().min(1).optional(),
  TELEGRAM_BOT_INFO: z.string().min(1).optional(),
  TELEGRAM_POLLING: z.enum(['0', '1']).optional(),
});

async function main(): Promise<void> {
  const env = EnvSchema.parse(process.env);
  quietSdkVersionWarning();
  const log = jsonLogger();

  // The embedded database lives in a folder, so imports and conversations survive a restart (`--fresh`: empty).
  const dataDir = localDataDir();
  const fresh = process.argv.includes('--fresh');
  const databasePath = env.DYNAMODB_ENDPOINT ? undefined : localDatabasePath(dataDir, fresh);
  const dynamo = databasePath ? await startLocalDynamo(0, databasePath) : undefined;
  if (dynamo) writeLocalEndpoint(dataDir, dynamo.endpoint);
  const endpoint = env.DYNAMODB_ENDPOINT ?? dynamo?.endpoint ?? '';
  const client = createDynamoClient({ ...process.env, DYNAMODB_ENDPOINT: endpoint });
  const tables = tableNamesFromEnv();
  await ensureTables(client, tables);
  if (env.SEED_DEMO_DATA === '1') {
    const seeded = await seedDemoData(client, tables, loadDefaultGazetteer());
    console.log(`Demo data: ${seeded.groups} groups, ${seeded.contactPoints} contact points.`);
  }

  // The simulator's bot talks to a local stand-in of the Bot API, never to Telegram.
  const standin = await startTelegramApiStandin({ botInfo: LOCAL_BOT_INFO });
  const webhookSecret = randomBytes(16).toString('hex');
  const simulated = createTelegramApp(
    { botToken: 'local-simulator', webhookSecret, botInfo: LOCAL_BOT_INFO, apiRoot: standin.url, tables },
    client,
    log,
  );
  // Teams: MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are normally empty here, which means no authentication
  // (and replies to http:// service URLs, such as the Bot Framework Emulator's); set both to try a real bot.
  // Staff review: a Bot Connector stand-in plays Teams, a demo staff channel is registered, and the notifier
  // runs in-process on the Requests writes (scripts/local/staff-local.ts). Staff view: GET /staff.
  const staff = await startLocalStaff({
    client,
    tables,
    log,
    secrets: await loadTeamsSecrets(process.env),
    telegram: { token: 'local-simulator', apiRoot: standin.url, botUsername: LOCAL_BOT_INFO.username },
  });
  // With the real bot's token and webhook secret, POST /telegram/webhook is the deployed function (a tunnel to
  // this machine can be the bot's webhook); the simulator keeps its own bot, secret and stand-in.
  const botInfo = env.TELEGRAM_BOT_TOKEN ? await realBotInfo(env.TELEGRAM_BOT_TOKEN, env) : undefined;
  const realWebhook =
    env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_WEBHOOK_SECRET && botInfo
      ? createTelegramApp(
          {
            botToken: env.TELEGRAM_BOT_TOKEN,
            webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
            botInfo,
            ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}),
            tables,
            logSalt: env.TELEGRAM_WEBHOOK_SECRET,
          },
          client,
          log,
        )
      : undefined;
  const server = await startLocalServer({
    port: env.PORT,
    telegram: realWebhook?.handler ?? simulated.handler,
    simulatorTelegram: simulated.handler,
    telegramWebhookSecret: webhookSecret,
    telegramBotToken: 'local-simulator',
    standin,
    teams: staff.teams,
    staff: staff.view,
  });
  console.log(
    `Simulator: ${server.url}/   Health: ${server.url}/healthz   Webhook: POST ${server.url}/telegram/webhook`,
  );
  console.log(
    `Staff view (Teams staff channel): ${server.url}/staff   Bot Connector stand-in: ${staff.connector.url}`,
  );
  console.log(
    `DynamoDB: ${endpoint}${databasePath ? ` (embedded dynalite, kept in ${databasePath}; npm start -- --fresh empties it)` : ''}`,
  );

  if (realWebhook)
    console.log(
      "Webhook: POST /telegram/webhook is your bot's (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET).",
    );
  // Polling would delete the webhook a tunnel may be set to: with a webhook secret it runs only when asked.
  const polling = env.TELEGRAM_POLLING ?? (env.TELEGRAM_WEBHOOK_SECRET ? '0' : '1');
  const stopPolling =
    env.TELEGRAM_BOT_TOKEN && botInfo && polling === '1'
      ? await startPolling({
          token: env.TELEGRAM_BOT_TOKEN,
          botInfo,
          apiRoot: env.TELEGRAM_API_ROOT,
          client,
          tables,
          log,
        })
      : undefined;
  if (!env.TELEGRAM_BOT_TOKEN)
    console.log('Set TELEGRAM_BOT_TOKEN to also run your real Telegram bot by long polling.');

  const shutdown = async () => {
    await stopPolling?.();
    await server.close();
    await staff.close();
    await standin.close();
    await dynamo?.close();
    if (dynamo) clearLocalEndpoint(dataDir);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/**
 * The real bot's identity, for its webhook and for polling: TELEGRAM_BOT_INFO (its getMe JSON), else one getMe
 * call to the Bot API.
 */
async function realBotInfo(token: string, env: z.infer<typeof EnvSchema>): Promise<UserFromGetMe> {
  if (env.TELEGRAM_BOT_INFO) return BotInfoSchema.parse(JSON.parse(env.TELEGRAM_BOT_INFO));
  return new Api(token, env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}).getMe();
}

main().catch((error: unknown) => {
  console.error('npm start failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});

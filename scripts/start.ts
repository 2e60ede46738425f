import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { loadTeamsSecrets } from '../lambdas/config/secrets';
import { tableNamesFromEnv } from '../lambdas/config/tables';
import { loadDefaultGazetteer } from '../lambdas/geo/gazetteer';
import { jsonLogger } from '../lambdas/log/logger';
import { createDynamoClient } from '../lambdas/store/client';
import { ensureTables } from '../lambdas/store/ensure-tables';
import { createTelegramApp, LOCAL_BOT_INFO } from '../lambdas/telegram/app';
import { startPolling } from './local/polling';
import { seedDemoData } from './local/seed';
import { startLocalServer } from './local/server';
import { startLocalStaff } from './local/staff-local';
import { startTelegramApiStandin } from './local/telegram-api-standin';
import { startLocalDynamo } from './local-dynamo';
import { quietSdkVersionWarning } from './quiet-sdk-warning';

/** `npm start` configuration (DESIGN.md "Contracts"): all optional. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SEED_DEMO_DATA: z.enum(['0', '1']).default('1'),
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: z.url().optional(),
  TELEGRAM_POLLING: z.enum(['0', '1']).default('1'),
});

async function main(): Promise<void> {
  const env = EnvSchema.parse(process.env);
  quietSdkVersionWarning();
  const log = jsonLogger();

  const dynamo = env.DYNAMODB_ENDPOINT ? undefined : await startLocalDynamo();
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
  const server = await startLocalServer({
    port: env.PORT,
    telegram: simulated.handler,
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
  console.log(`DynamoDB: ${endpoint}${dynamo ? ' (embedded dynalite, in memory)' : ''}`);

  const stopPolling =
    env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_POLLING === '1'
      ? await startPolling({
          token: env.TELEGRAM_BOT_TOKEN,
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
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error('npm start failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});

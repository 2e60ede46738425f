import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../../lambdas/config/tables';
import { loadDefaultGazetteer } from '../../lambdas/geo/gazetteer';
import { createDynamoClient } from '../../lambdas/store/client';
import { ensureTables } from '../../lambdas/store/ensure-tables';
import { seedDemoData } from '../local/seed';
import { startTelegramApiStandin, type TelegramApiStandin } from '../local/telegram-api-standin';
import { type LocalDynamo, startLocalDynamo } from '../local-dynamo';

/** The webhook secret every benchmark request carries (the handlers are configured with it). */
export const BENCH_WEBHOOK_SECRET = 'bench-secret-0123456789abcdef';
/** A bot token of the right shape; the Bot API stand-in accepts any. */
export const BENCH_BOT_TOKEN = '123456:bench-token-abcdefghijklmnopqrstuvwxyz';

/**
 * What the benchmarks run against: dynalite over HTTP (in this process), a Bot API stand-in, and tables with
 * the demo data. Each call of `freshTables` gives another set of tables, so measurements do not see each
 * other's sessions.
 */
export interface BenchEnvironment {
  endpoint: string;
  /** A client for set-up work (seeding, loading); measurements make their own clients to meter them. */
  client: DynamoDBClient;
  standin: TelegramApiStandin;
  /** Creates tables with unique names; `seed` loads the demo directory (groups and contact points). */
  freshTables(options?: { seed?: boolean }): Promise<TableNames>;
  /** A new client on the same endpoint, configured as the handlers configure theirs. */
  newClient(): DynamoDBClient;
  close(): Promise<void>;
}

/** Starts dynalite and the Telegram Bot API stand-in on free local ports. */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dynamo: LocalDynamo = await startLocalDynamo();
  const standin = await startTelegramApiStandin();
  const newClient = () =>
    createDynamoClient({ DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_REGION: 'eu-central-1' });
  const client = newClient();
  return {
    endpoint: dynamo.endpoint,
    client,
    standin,
    newClient,
    async freshTables({ seed = true } = {}) {
      const suffix = randomUUID().slice(0, 8);
      const tables: TableNames = {
        sessions: `bench-sessions-${suffix}`,
        directory: `bench-directory-${suffix}`,
        requests: `bench-requests-${suffix}`,
      };
      await ensureTables(client, tables);
      if (seed) await seedDemoData(client, tables, loadDefaultGazetteer());
      return tables;
    },
    async close() {
      client.destroy();
      await standin.close();
      await dynamo.close();
    },
  };
}

/** The environment variables a bundled handler needs to run one Telegram turn against this environment. */
export function telegramBundleEnv(env: BenchEnvironment, tables: TableNames): Record<string, string> {
  return {
    DYNAMODB_ENDPOINT: env.endpoint,
    AWS_REGION: 'eu-central-1',
    SESSIONS_TABLE: tables.sessions,
    DIRECTORY_TABLE: tables.directory,
    REQUESTS_TABLE: tables.requests,
    TELEGRAM_BOT_TOKEN: BENCH_BOT_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: env.standin.url,
    TELEGRAM_BOT_INFO: JSON.stringify(env.standin.botInfo),
  };
}

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudAdapter } from 'botbuilder';
import { Api } from 'grammy';
import { createTeamsApp, type TeamsHandler } from '../../lambdas/apps/teams-app';
import type { TeamsSecrets } from '../../lambdas/config/secrets';
import type { TableNames } from '../../lambdas/config/tables';
import { DynamoHandoffs } from '../../lambdas/handoffs/dynamo-handoffs';
import type { Logger } from '../../lambdas/log/logger';
import { DynamoReferrals } from '../../lambdas/referrals/dynamo-referrals';
import { StaffChannels } from '../../lambdas/staff/channels';
import { createNotifier } from '../../lambdas/staff/notifier';
import { botAuthentication } from '../../lambdas/teams/authentication';
import { ProactiveMessenger } from '../../lambdas/teams/messenger';
import { type BotConnectorStandin, startBotConnectorStandin } from './bot-connector-standin';
import { attachLocalStream, type LocalStream } from './staff-stream';

/** The demo staff channel `npm start` registers, in a demo team and tenant. */
export const DEMO_STAFF = {
  teamId: '19:local-demo-team@thread.tacv2',
  teamName: 'Selbsthilfe-Kontaktstelle Hamburg-Mitte (Demo)',
  channelId: '19:local-demo-staff@thread.tacv2',
  tenantId: '00000000-0000-4000-8000-000000000001',
  botId: '28:local-selfhelp-bot',
} as const;

export interface LocalStaffOptions {
  client: DynamoDBClient;
  tables: TableNames;
  log: Logger;
  /** The Teams credentials; all empty locally (no authentication). */
  secrets: Partial<TeamsSecrets>;
  /**
   * The Bot API the staff answers to Telegram users go to (the simulator's stand-in), and the bot's username
   * for representatives' links.
   */
  telegram: { token: string; apiRoot: string; botUsername: string };
}

/** What the local server needs for `/teams/api/messages` and the staff view. */
export interface LocalStaff {
  connector: BotConnectorStandin;
  teams: TeamsHandler;
  stream: LocalStream;
  /** For the staff view: where the demo channel is and how to address the bot. */
  view: StaffViewConfig;
  close(): Promise<void>;
}

/** What the staff view page needs to build Teams activities. */
export interface StaffViewConfig {
  connector: BotConnectorStandin;
  serviceUrl: string;
  channelId: string;
  teamId: string;
  teamName: string;
  tenantId: string;
  botId: string;
}

/**
 * Staff review, locally: a Bot Connector stand-in (the "Teams" the bot posts to), the Teams endpoint with the
 * staff side, the notifier fed by an in-process stand-in of the Requests stream, and a demo staff channel,
 * registered the way Teams does it (the bot's installation in a team channel). Without credentials only: with
 * MICROSOFT_APP_ID set, the endpoint requires tokens that only the real Bot Connector has, and the demo channel
 * is not registered.
 */
export async function startLocalStaff(options: LocalStaffOptions): Promise<LocalStaff> {
  const { client, tables, log, secrets } = options;
  const connector = await startBotConnectorStandin();
  const api = new Api(options.telegram.token, { apiRoot: options.telegram.apiRoot });
  const teams = createTeamsApp(
    {
      ...secrets,
      tables,
      staff: { teamIds: [], tenantIds: [], reannounceAfterHours: 24 },
      telegramApi: async () => api,
      telegramBotUsername: options.telegram.botUsername,
    },
    client,
    log,
  );
  const notifier = createNotifier({
    handoffs: new DynamoHandoffs({ client, tableName: tables.requests }),
    channels: new StaffChannels({ client, tableName: tables.directory }),
    messenger: new ProactiveMessenger(new CloudAdapter(botAuthentication(secrets)), secrets.appId ?? ''),
    log,
    referrals: new DynamoReferrals({ client, tableName: tables.requests }),
  });
  const stream = attachLocalStream(client, tables.requests, notifier, log);
  const view: StaffViewConfig = { connector, serviceUrl: connector.serviceUrl, ...DEMO_STAFF };
  if (!secrets.appId) {
    const installed = await teams.handler(teamsRequest(installActivity(view)));
    if (installed.statusCode !== 200)
      throw new Error(`Registering the demo staff channel failed: ${installed.statusCode}`);
  }
  return {
    connector,
    teams: teams.handler,
    stream,
    view,
    async close() {
      stream.stop();
      await connector.close();
    },
  };
}

/** The conversation update Teams sends when the bot is added to a team (to its General channel). */
export function installActivity(view: StaffViewConfig): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: `f:install-${Date.now()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: view.serviceUrl,
    from: { id: '29:local-admin', name: 'Local admin', aadObjectId: 'local-admin' },
    recipient: { id: view.botId, name: 'Self-help finder' },
    conversation: { id: view.channelId, isGroup: true, conversationType: 'channel', tenantId: view.tenantId },
    membersAdded: [{ id: view.botId }],
    channelData: {
      team: { id: view.teamId, name: view.teamName },
      channel: { id: view.channelId },
      tenant: { id: view.tenantId },
      eventType: 'teamMemberAdded',
    },
  };
}

function teamsRequest(activity: Record<string, unknown>) {
  return {
    version: '2.0',
    routeKey: 'POST /teams/api/messages',
    rawPath: '/teams/api/messages',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', path: '/teams/api/messages' } },
    body: JSON.stringify(activity),
    isBase64Encoded: false,
  } as unknown as Parameters<TeamsHandler>[0];
}

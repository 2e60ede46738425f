import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Activity, CloudAdapter } from 'botbuilder';
import type { Api } from 'grammy';
import type { TableNames } from '../config/tables';
import { DynamoHandoffs } from '../handoffs/dynamo-handoffs';
import type { Logger } from '../log/logger';
import { createPorts } from '../ports';
import { chatEraser } from '../privacy/erase-chat';
import { DynamoReferrals } from '../referrals/dynamo-referrals';
import { telegramBotUsernameFromEnv } from '../referrals/links';
import { StaffChannels } from '../staff/channels';
import { type StaffConfig, staffConfigFromEnv } from '../staff/config';
import { staffTurn } from '../staff/turn';
import { DynamoSessionStore } from '../store/session-store';
import { routeActivity, routeStaffActivity, type TeamsActivity } from '../teams/activity-to-event';
import { createTeamsAdapter } from '../teams/adapter';
import {
  type AuthenticationOptions,
  authenticate,
  type BotCredentials,
  botAuthentication,
} from '../teams/authentication';
import { teamsChatSender } from '../teams/chat-sender';
import { readMessagingRequest } from '../teams/http-request';
import { ProactiveMessenger } from '../teams/messenger';
import { userTurn } from '../teams/user-turn';
import { telegramApiFromEnv, telegramChatSender } from '../telegram/chat-sender';

export interface TeamsAppConfig extends BotCredentials {
  tables: TableNames;
  /** Salt for pseudonymous ids in logs; default: the app password (a deployment secret), locally "local". */
  logSalt?: string;
  /** Who may register staff channels; default from the environment (lambdas/staff/config.ts). */
  staff?: StaffConfig;
  /**
   * The Telegram Bot API, for staff answers to Telegram users; default: from the Telegram credentials in the
   * environment (lambdas/telegram/chat-sender.ts `telegramApiFromEnv`), built on first use.
   */
  telegramApi?: () => Promise<Api>;
  /** The Telegram bot's username, for representatives' links; default: from `TELEGRAM_BOT_INFO`. */
  telegramBotUsername?: string;
}

/** The Teams messaging endpoint as a Lambda handler. */
export type TeamsHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Wires the Teams messaging endpoint (`POST /teams/api/messages`): DynamoDB stores, ports, botbuilder's
 * CloudAdapter and the HTTP handler. Build it once per cold start and reuse `handler`.
 *
 * Per request: decode (400), authenticate (401 before anything runs), route (only personal chats run the
 * dialog; other activities answer 200 and nothing happens), then one dialog turn through
 * `adapter.processActivityDirect`. An infrastructure error answers 500 so the Bot Connector delivers again.
 * Time: Teams waits 15 s; a turn takes a few DynamoDB calls and one connector call per reply, and the Lambda
 * timeout (14 s, infra/stack.ts) ends a stuck request before Teams gives up on it.
 *
 * @example
 * const { handler } = createTeamsApp({ tables: tableNamesFromEnv() }, createDynamoClient(), jsonLogger());
 * await handler(apiGatewayEvent); // { statusCode: 200 }
 */
export function createTeamsApp(
  config: TeamsAppConfig,
  client: DynamoDBClient,
  log: Logger,
  options: AuthenticationOptions = {},
): { handler: TeamsHandler } {
  const ports = createPorts(client, config.tables);
  const sessions = new DynamoSessionStore({ client, tableName: config.tables.sessions });
  const eraseUser = chatEraser({ client, tableName: config.tables.requests });
  const logSalt = config.logSalt ?? (config.appPassword || 'local');
  const auth = botAuthentication(config, options);
  const adapter = createTeamsAdapter(auth, log, logSalt);
  // Proactive messages (card updates, answers to users) go through an adapter of their own, without the user
  // turn's error boundary, so failures reach the staff logic.
  const messenger = new ProactiveMessenger(new CloudAdapter(auth), config.appId ?? '');
  const staffDeps = {
    handoffs: new DynamoHandoffs({ client, tableName: config.tables.requests }),
    channels: new StaffChannels({ client, tableName: config.tables.directory }),
    messenger,
    delivery: {
      senders: {
        tg: telegramChatSender(config.telegramApi ?? telegramApiFromEnv()),
        teams: teamsChatSender(messenger),
      },
      log,
    },
    config: config.staff ?? staffConfigFromEnv(),
    log,
    referrals: referralStaff(config, client),
  };

  const handler: TeamsHandler = async (event) => {
    const read = readMessagingRequest(event);
    if (!read.ok) return read.response;
    const { activity, authorization } = read.request;
    const botActivity = toBotActivity(activity);

    const authenticated = await authenticate(auth, botActivity, authorization);
    if (!authenticated.ok) {
      log.warn('teams.unauthenticated', {
        statusCode: authenticated.statusCode,
        reason: authenticated.reason,
      });
      return {
        statusCode: authenticated.statusCode,
        body: authenticated.statusCode === 401 ? 'Unauthorized' : 'Authentication unavailable; try again',
      };
    }

    const staff = routeStaffActivity(activity);
    if (staff) {
      try {
        await adapter.processActivityDirect(authenticated.request, botActivity, staffTurn(staff, staffDeps));
        return { statusCode: 200 };
      } catch {
        return { statusCode: 500, body: 'Activity not processed; the Bot Connector will deliver it again' };
      }
    }
    const route = routeActivity(activity);
    if (route.kind === 'ignore') {
      log.info('teams.ignored', { reason: route.reason, type: activity.type });
      return { statusCode: 200 };
    }
    try {
      await adapter.processActivityDirect(
        authenticated.request,
        botActivity,
        userTurn(route.inbound, {
          ports,
          sessions,
          log,
          logSalt,
          eraseUser,
          staff: { relay: staffDeps.handoffs, addressBook: staffDeps.handoffs },
        }),
      );
      return { statusCode: 200 };
    } catch {
      // onTurnError has logged the cause; the wrapped error botbuilder throws here quotes its stack only.
      return { statusCode: 500, body: 'Activity not processed; the Bot Connector will deliver it again' };
    }
  };
  return { handler };
}

/** Referral codes on the staff side: the store, and the links when the Telegram bot's username is known. */
function referralStaff(config: TeamsAppConfig, client: DynamoDBClient) {
  const username = config.telegramBotUsername ?? telegramBotUsernameFromEnv();
  return {
    store: new DynamoReferrals({ client, tableName: config.tables.requests }),
    ...(username ? { links: { telegramBotUsername: username, teamsAppId: config.appId ?? '' } } : {}),
  };
}

/**
 * The activity as botbuilder's types describe it. Its `Activity` marks many wire fields as required that
 * Teams leaves out, and CloudAdapter itself only checks for a record with a `type`; like botbuilder's own
 * `validateAndFixActivity`, timestamps become Dates.
 */
function toBotActivity(activity: TeamsActivity): Activity {
  const fixed: Record<string, unknown> = { ...activity };
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const raw = fixed[field];
    if (typeof raw === 'string') {
      fixed[`raw${field[0]?.toUpperCase()}${field.slice(1)}`] = raw;
      fixed[field] = new Date(raw);
    }
  }
  return fixed as unknown as Activity;
}

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CloudAdapter } from 'botbuilder';
import { Api } from 'grammy';
import { createTeamsApp, type TeamsHandler } from '../../../lambdas/apps/teams-app';
import type { TableNames } from '../../../lambdas/config/tables';
import { loadDefaultGazetteer } from '../../../lambdas/geo/gazetteer';
import { DynamoHandoffs, type HandoffRecord } from '../../../lambdas/handoffs/dynamo-handoffs';
import { type Logger, silentLogger } from '../../../lambdas/log/logger';
import { DynamoReferrals } from '../../../lambdas/referrals/dynamo-referrals';
import type { AnnounceDependencies } from '../../../lambdas/staff/announce';
import { StaffChannels } from '../../../lambdas/staff/channels';
import type { StaffConfig } from '../../../lambdas/staff/config';
import { createNotifier } from '../../../lambdas/staff/notifier';
import { botAuthentication } from '../../../lambdas/teams/authentication';
import { ProactiveMessenger } from '../../../lambdas/teams/messenger';
import { createTelegramApp, LOCAL_BOT_INFO } from '../../../lambdas/telegram/app';
import {
  type BotConnectorStandin,
  startBotConnectorStandin,
} from '../../../scripts/local/bot-connector-standin';
import { seedDemoData } from '../../../scripts/local/seed';
import { attachLocalStream } from '../../../scripts/local/staff-stream';
import {
  startTelegramApiStandin,
  type TelegramApiStandin,
} from '../../../scripts/local/telegram-api-standin';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';
import { cardLines, apiGatewayEvent as teamsEvent, teamsFixture } from '../../support/teams-harness';
import {
  apiGatewayEvent as telegramEvent,
  telegramUser,
  WEBHOOK_SECRET,
} from '../../support/telegram-harness';

/** The staff team of the tests, and its General channel. */
export const STAFF_TEAM = '19:staffteam0001@thread.tacv2';
export const STAFF_CHANNEL = '19:staffchannel0001@thread.tacv2';
export const TENANT = '8a2d6f10-4c7b-4e95-b3a8-71f0c2d9e6b4';
export const BOT_ID = '28:3f9b2c61-7d4e-4a85-9c0f-6b1e8d2a7f53';

/**
 * Both channels on one dynalite: the Telegram webhook (Bot API stand-in), the Teams endpoint (Bot Connector
 * stand-in) and the notifier, as they run in AWS but in-process. No authentication (local mode).
 */
export interface StaffWorld {
  dynamo: TestDynamo;
  tables: TableNames;
  telegram: TelegramApiStandin;
  connector: BotConnectorStandin;
  handoffs: DynamoHandoffs;
  channels: StaffChannels;
  announce: AnnounceDependencies;
  teams: TeamsHandler;
  postTelegram(update: unknown): Promise<APIGatewayProxyStructuredResultV2>;
  postTeams(activity: Record<string, unknown>): Promise<APIGatewayProxyStructuredResultV2>;
  /** Posts activities one after another, as a person writes them, each answered 200. */
  postTeamsInOrder(activities: Record<string, unknown>[]): Promise<void>;
  /** Runs the notifier on the stream records DynamoDB would emit for these items (INSERT). */
  notify(ids: string[]): ReturnType<ReturnType<typeof createNotifier>>;
  record(id: string): Promise<HandoffRecord | undefined>;
  /** Waits until the local stream has handed every new item to the notifier (when `stream` is on). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startStaffWorld(
  options: { staff?: StaffConfig; log?: Logger; stream?: boolean } = {},
): Promise<StaffWorld> {
  const dynamo = await startTestDynamo();
  const tables = await dynamo.freshTables();
  await seedDemoData(dynamo.client, tables, loadDefaultGazetteer());
  const telegram = await startTelegramApiStandin({ botInfo: LOCAL_BOT_INFO });
  const connector = await startBotConnectorStandin();
  const log = options.log ?? silentLogger;
  const tg = createTelegramApp(
    {
      botToken: '123:TEST',
      webhookSecret: WEBHOOK_SECRET,
      botInfo: LOCAL_BOT_INFO,
      apiRoot: telegram.url,
      tables,
    },
    dynamo.client,
    log,
  );
  const api = new Api('123:TEST', { apiRoot: telegram.url });
  const { handler: teams } = createTeamsApp(
    {
      tables,
      staff: options.staff ?? { teamIds: [STAFF_TEAM], tenantIds: [], reannounceAfterHours: 24 },
      telegramApi: async () => api,
      telegramBotUsername: LOCAL_BOT_INFO.username,
    },
    dynamo.client,
    log,
  );
  const handoffs = new DynamoHandoffs({ client: dynamo.client, tableName: tables.requests });
  const channels = new StaffChannels({ client: dynamo.client, tableName: tables.directory });
  const announce: AnnounceDependencies = {
    handoffs,
    channels,
    messenger: new ProactiveMessenger(new CloudAdapter(botAuthentication({})), ''),
    log,
    referrals: new DynamoReferrals({ client: dynamo.client, tableName: tables.requests }),
  };
  const notifier = createNotifier(announce);
  const stream =
    options.stream === false ? undefined : attachLocalStream(dynamo.client, tables.requests, notifier, log);
  return {
    dynamo,
    tables,
    telegram,
    connector,
    handoffs,
    channels,
    announce,
    teams,
    postTelegram: (update) => tg.handler(telegramEvent(JSON.stringify(update), WEBHOOK_SECRET)),
    postTeams: (activity) => teams(teamsEvent(JSON.stringify(activity), null)),
    async postTeamsInOrder(activities) {
      for (const activity of activities) {
        expect((await teams(teamsEvent(JSON.stringify(activity), null))).statusCode).toBe(200);
      }
    },
    async notify(ids) {
      const Records = [];
      for (const [i, id] of ids.entries()) {
        const { Item } = await dynamo.client.send(
          new GetItemCommand({ TableName: tables.requests, Key: { pk: { S: `handoff#${id}` } } }),
        );
        Records.push({
          eventName: 'INSERT',
          dynamodb: { SequenceNumber: String(1000 + i), NewImage: Item ? marshall(unmarshall(Item)) : {} },
        });
      }
      return notifier({ Records });
    },
    record: (id) => handoffs.record(id),
    settle: async () => {
      await stream?.idle();
    },
    async close() {
      stream?.stop();
      await connector.close();
      await telegram.close();
      await dynamo.close();
    },
  };
}

let activityId = 1_795_100_000_000;

/**
 * A staff member in the staff channel: the activities their Teams client sends. Built from the recorded
 * channel-message fixture.
 */
export function staffMember(
  world: StaffWorld,
  options: { name: string; aadObjectId: string; team?: string; channel?: string },
) {
  const template = teamsFixture('channel-message', world.connector.serviceUrl);
  const team = options.team ?? STAFF_TEAM;
  const channel = options.channel ?? STAFF_CHANNEL;
  const base = (conversationId: string) => {
    activityId += 1;
    const { text: _text, entities: _entities, ...rest } = template;
    return {
      ...rest,
      id: String(activityId),
      timestamp: new Date().toISOString(),
      from: { id: `29:${options.aadObjectId}`, name: options.name, aadObjectId: options.aadObjectId },
      recipient: { id: BOT_ID, name: 'Self-help finder' },
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: conversationId },
      channelData: {
        teamsChannelId: channel,
        teamsTeamId: team,
        channel: { id: channel },
        team: { id: team, name: 'Selbsthilfe-Kontaktstelle Hamburg' },
        tenant: { id: TENANT },
      },
    };
  };
  const thread = (cardId: string) => `${channel};messageid=${cardId}`;
  return {
    /** The bot being added to the team (Teams sends this to the General channel). */
    installs: () => ({ ...base(channel), type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] }),
    /** An Action.Submit on the card with this activity id. */
    press: (cardId: string, data: Record<string, unknown>) => ({
      ...base(thread(cardId)),
      type: 'message',
      value: data,
    }),
    /** A message in the card's thread, @mentioning the bot. */
    replyInThread: (cardId: string, text: string) => ({
      ...base(thread(cardId)),
      type: 'message',
      text: `<at>Self-help finder</at> ${text}`,
      entities: [
        {
          type: 'mention',
          text: '<at>Self-help finder</at>',
          mentioned: { id: BOT_ID, name: 'Self-help finder' },
        },
      ],
    }),
    /** A new post in the channel. */
    post: (text: string) => ({ ...base(channel), type: 'message', text }),
  };
}

/** A Telegram user who asks for a person and wants to be answered in the chat (or by phone). */
export async function telegramHandoff(
  world: StaffWorld,
  chatId: number,
  options: { phone?: string; language?: string } = {},
): Promise<string> {
  const user = telegramUser(chatId, options.language ?? 'de');
  const steps = [
    user.text('/start'),
    user.text('Diabetes'),
    user.text('20095'),
    user.press('menu:person'),
    user.press('ho:agree'),
    ...(options.phone ? [user.press('ho:phone'), user.text(options.phone)] : [user.press('ho:chat')]),
    user.press('ho:time:evening'),
  ];
  for (const update of steps) {
    const result = await world.postTelegram(update);
    if (result.statusCode !== 200) throw new Error(`The webhook answered ${result.statusCode}`);
  }
  await world.settle();
  const received = world.telegram
    .sentMessages(chatId)
    .map((message) => message.text)
    .reverse()
    .find((text) => /\b[2-9A-Z]{6}\b/.test(text));
  const id = received?.match(/\b([2-9A-HJ-NP-Z]{6})\b/)?.[1];
  if (!id) throw new Error('No request number in the chat');
  return id;
}

type Json = Record<string, unknown>;

/** The card's facts as "title: value" and its texts, in order, then the activity's text. */
export function cardText(activity: Json): string {
  const lines = cardLines(activity.attachments);
  if (typeof activity.text === 'string') lines.push(activity.text);
  return lines.join('\n');
}

/** The `data` of the card's Action.Submit buttons. */
export function cardActions(activity: Json): Json[] {
  const found: Json[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const element = node as Json;
    if (element.type === 'Action.Submit') found.push(element.data as Json);
    for (const key of ['attachments', 'content', 'body', 'items', 'columns', 'actions']) walk(element[key]);
  };
  walk(activity.attachments);
  return found;
}

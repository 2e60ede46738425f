import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createTeamsApp, type TeamsHandler } from '../../lambdas/apps/teams-app';
import type { TableNames } from '../../lambdas/config/tables';
import { loadDefaultGazetteer } from '../../lambdas/geo/gazetteer';
import { type Logger, silentLogger } from '../../lambdas/log/logger';
import type { CredentialsFactory } from '../../lambdas/teams/authentication';
import {
  type BotConnectorStandin,
  type SentActivity,
  startBotConnectorStandin,
} from '../../scripts/local/bot-connector-standin';
import { seedDemoData } from '../../scripts/local/seed';
import { startTestDynamo, type TestDynamo } from './dynamo';

/** The bot's app id in tests that authenticate (a GUID, as Azure gives them). */
export const TEST_APP_ID = '3f9b2c61-7d4e-4a85-9c0f-6b1e8d2a7f53';
/** The token the fake Azure AD hands the bot for its calls to the Bot Connector. */
export const BOT_TOKEN = 'bot-token-from-azure-ad';

/** The Teams messaging endpoint wired to real dynalite and a validating Bot Connector stand-in. */
export interface TeamsHarness {
  dynamo: TestDynamo;
  standin: BotConnectorStandin;
  tables: TableNames;
  handler: TeamsHandler;
  /**
   * Posts an activity as API Gateway delivers it (base64 body). With an app id, the Authorization header is a
   * token the stand-in signs for this bot, unless `authorization` is given (`null`: no header).
   */
  post(
    activity: Record<string, unknown>,
    options?: { authorization?: string | null; base64?: boolean },
  ): Promise<APIGatewayProxyStructuredResultV2>;
  close(): Promise<void>;
}

export async function startTeamsHarness(
  options: { appId?: string; client?: (endpoint: string) => DynamoDBClient; log?: Logger } = {},
): Promise<TeamsHarness> {
  const dynamo = await startTestDynamo();
  const { appId } = options;
  // With credentials, the stand-in insists on the bot's own token, as the real service does.
  const standin = await startBotConnectorStandin(appId ? { requireBearer: BOT_TOKEN } : {});
  const tables = await dynamo.freshTables();
  await seedDemoData(dynamo.client, tables, loadDefaultGazetteer());
  const client = options.client ? options.client(dynamo.endpoint) : dynamo.client;
  const { handler } = createTeamsApp(
    appId ? { appId, appPassword: 'test-password', tables } : { tables },
    client,
    options.log ?? silentLogger,
    appId
      ? {
          openIdMetadataUrl: standin.openIdMetadataUrl,
          credentialsFactory: fixedTokenCredentials(appId, BOT_TOKEN),
        }
      : {},
  );
  return {
    dynamo,
    standin,
    tables,
    handler,
    post: (activity, { authorization, base64 = true } = {}) => {
      const header =
        authorization === undefined
          ? appId
            ? `Bearer ${standin.channelToken({ appId })}`
            : null
          : authorization;
      return handler(apiGatewayEvent(JSON.stringify(activity), header, base64));
    },
    async close() {
      await standin.close();
      await dynamo.close();
    },
  };
}

/**
 * Credentials that sign the bot's connector calls with a fixed token, standing in for Azure AD (which botbuilder
 * would ask for a token over the network).
 */
export function fixedTokenCredentials(appId: string, token: string): CredentialsFactory {
  return {
    isValidAppId: async (candidate) => candidate === appId,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => ({
      signRequest: async (request) => {
        request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    }),
  };
}

export function apiGatewayEvent(
  body: string,
  authorization: string | null,
  base64 = true,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /teams/api/messages',
    rawPath: '/teams/api/messages',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(authorization === null ? {} : { authorization }),
    },
    requestContext: { http: { method: 'POST', path: '/teams/api/messages' } },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
}

/** A fixture from test/events/teams, pointed at the stand-in. */
export function teamsFixture(name: string, serviceUrl: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(__dirname, '../events/teams', `${name}.json`), 'utf8'));
  return { ...json, serviceUrl };
}

let activityId = 1_794_900_000_000;

/**
 * A Teams user in a personal chat with the bot: builds the activities their Teams client would send, from the
 * recorded fixture of a real message.
 */
export function teamsUser(options: { chat: string; locale?: string; serviceUrl: string; botId?: string }) {
  const template = teamsFixture('message-ar', options.serviceUrl);
  const conversation = { conversationType: 'personal', tenantId: 'tenant-test', id: `a:1${options.chat}` };
  const recipient = { id: options.botId ?? `28:${TEST_APP_ID}`, name: 'Self-help finder' };
  const locale = options.locale ?? 'de-DE';
  const base = () => {
    activityId += 1;
    const { text: _text, attachments: _attachments, ...rest } = template;
    return {
      ...rest,
      id: String(activityId),
      timestamp: new Date().toISOString(),
      conversation,
      recipient,
      locale,
      entities: [{ type: 'clientInfo', locale, platform: 'Web' }],
    };
  };
  return {
    conversationId: conversation.id,
    key: `teams:${conversation.id}`,
    text: (text: string, extra: Record<string, unknown> = {}) => ({
      ...base(),
      text,
      textFormat: 'plain',
      ...extra,
    }),
    press: (button: string) => ({ ...base(), value: { button } }),
    added: () => ({
      ...base(),
      type: 'conversationUpdate',
      id: `f:${activityId}`,
      membersAdded: [{ id: recipient.id }],
    }),
  };
}

type Json = Record<string, unknown>;

/** The texts and facts ("title: value") of the Adaptive Cards under `node`, in order. */
export function cardLines(node: unknown): string[] {
  const lines: string[] = [];
  const walk = (current: unknown): void => {
    if (Array.isArray(current)) {
      for (const item of current) walk(item);
      return;
    }
    if (typeof current !== 'object' || current === null) return;
    const element = current as Json;
    if (element.type === 'TextBlock' && typeof element.text === 'string') lines.push(element.text);
    if (element.type === 'FactSet' && Array.isArray(element.facts)) {
      for (const fact of element.facts as Json[]) lines.push(`${String(fact.title)}: ${String(fact.value)}`);
    }
    for (const key of ['attachments', 'content', 'body', 'items', 'columns']) walk(element[key]);
  };
  walk(node);
  return lines;
}

/** What a person sees of a sent activity: its text, or the card's texts and facts ("title: value"), in order. */
export function visibleText(sent: SentActivity): string {
  const activity = sent.activity;
  const text =
    typeof activity.text === 'string' && activity.text !== ''
      ? activity.text
      : cardLines(activity.attachments).join('\n');
  // The right-to-left marks that start each line of a right-to-left message are not seen.
  return text.replace(/\u200f/g, '');
}

/** The ids of the Action.Submit buttons of a sent card, row by row flattened. */
export function buttonIds(sent: SentActivity): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const element = node as Json;
    if (element.type === 'Action.Submit') ids.push(String((element.data as Json | undefined)?.button));
    for (const key of ['attachments', 'content', 'body', 'items', 'columns', 'actions']) walk(element[key]);
  };
  walk(sent.activity.attachments);
  return ids;
}

import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { webhookCallback } from 'grammy';
import { baselineDynamoClient } from './dynamo-client';
import { baselineBot } from './telegram-bot';

/**
 * The cold-start baseline for the Telegram function: what a plain grammY bot with the DynamoDB client does for
 * one update — read the chat's item, answer, write the item — and nothing more (no validation, no dialog, no
 * i18n). It is bundled by the same construct as the real handler (`npm run bench`), so the difference between
 * the two is what the project adds on top of grammY and the SDK.
 */

const env = process.env;
const tableName = env.SESSIONS_TABLE ?? 'selfhelp-sessions';
const client = baselineDynamoClient(env);
const bot = baselineBot(env);

bot.on('message', async (ctx) => {
  const key = { pk: { S: `tg:${ctx.chat.id}` } };
  const { Item } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
  );
  const turns = Number(Item?.turns?.N ?? '0') + 1;
  await ctx.reply(`Hello, ${ctx.from?.first_name ?? 'there'}! This is message ${turns}.`);
  await client.send(
    new PutItemCommand({ TableName: tableName, Item: { ...key, turns: { N: String(turns) } } }),
  );
});

const callback = webhookCallback(bot, 'aws-lambda-async', { secretToken: env.TELEGRAM_WEBHOOK_SECRET });

/** AWS Lambda entry, like lambdas/telegram.ts: API Gateway HTTP API (v2) event in, response out. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body;
  const result: unknown = await callback({ ...event, body }, undefined);
  return result as APIGatewayProxyStructuredResultV2;
}

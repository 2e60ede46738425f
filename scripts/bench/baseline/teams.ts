import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Activity } from 'botbuilder';
import { baselineDynamoClient } from './dynamo-client';
import { baselineAdapter } from './teams-adapter';

/**
 * The cold-start baseline for the Teams function: a plain botbuilder CloudAdapter with the DynamoDB client that,
 * for one activity, reads the conversation's item, answers and writes the item — nothing more. Bundled by the
 * same construct as the real handler (`npm run bench`).
 */

const env = process.env;
const tableName = env.SESSIONS_TABLE ?? 'selfhelp-sessions';
const client = baselineDynamoClient(env);
const adapter = baselineAdapter(env);

/** AWS Lambda entry, like lambdas/teams.ts: API Gateway HTTP API (v2) event in, response out. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body;
  const activity = JSON.parse(body ?? '{}') as Activity;
  await adapter.processActivityDirect(event.headers.authorization ?? '', activity, async (context) => {
    const key = { pk: { S: `teams:${context.activity.conversation.id}` } };
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    const turns = Number(Item?.turns?.N ?? '0') + 1;
    await context.sendActivity(`Hello! This is message ${turns}.`);
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...key, turns: { N: String(turns) } } }),
    );
  });
  return { statusCode: 200 };
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Bot } from 'grammy';

/**
 * The floor under every Telegram function on this stack: grammY and the DynamoDB client loaded and built as the
 * baseline builds them (scripts/bench/baseline/telegram.ts), and a handler that answers without reading,
 * writing or sending anything. No handler that uses both libraries can start faster; the cold-start
 * benchmark reports this floor beside the budget.
 */

const env = process.env;
const client = new DynamoDBClient({
  region: env.AWS_REGION ?? 'eu-central-1',
  ...(env.DYNAMODB_ENDPOINT
    ? { endpoint: env.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {}),
});
const bot = new Bot(env.TELEGRAM_BOT_TOKEN ?? '', {
  botInfo: JSON.parse(env.TELEGRAM_BOT_INFO ?? 'null'),
  ...(env.TELEGRAM_API_ROOT ? { client: { apiRoot: env.TELEGRAM_API_ROOT } } : {}),
});

export async function handler(): Promise<APIGatewayProxyStructuredResultV2> {
  // Touch both, so a bundler cannot drop them; nothing is sent.
  return { statusCode: client.config && bot ? 200 : 500 };
}

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baselineDynamoClient } from './dynamo-client';
import { baselineBot } from './telegram-bot';

/**
 * The floor under every Telegram function on this stack: grammY and the DynamoDB client loaded and built as the
 * baseline builds them (scripts/bench/baseline/telegram.ts), and a handler that answers without reading,
 * writing or sending anything. No handler that uses both libraries can start faster; the cold-start
 * benchmark reports this floor beside the budget.
 */
const client = baselineDynamoClient();
const bot = baselineBot();

export async function handler(): Promise<APIGatewayProxyStructuredResultV2> {
  // Touch both, so a bundler cannot drop them; nothing is sent.
  return { statusCode: client.config && bot ? 200 : 500 };
}

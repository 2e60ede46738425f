import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baselineDynamoClient } from './dynamo-client';
import { baselineAdapter } from './teams-adapter';

/**
 * The floor under every Teams function on this stack: botbuilder's CloudAdapter and the DynamoDB client loaded
 * and built as the baseline builds them (scripts/bench/baseline/teams.ts), and a handler that answers without
 * reading, writing or sending anything. No handler that uses both libraries can start faster.
 */
const client = baselineDynamoClient();
const adapter = baselineAdapter();

export async function handler(): Promise<APIGatewayProxyStructuredResultV2> {
  // Touch both, so a bundler cannot drop them; nothing is sent.
  return { statusCode: client.config && adapter ? 200 : 500 };
}

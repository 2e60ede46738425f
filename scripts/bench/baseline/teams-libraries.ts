import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/**
 * The floor under every Teams function on this stack: botbuilder's CloudAdapter and the DynamoDB client loaded
 * and built as the baseline builds them (scripts/bench/baseline/teams.ts), and a handler that answers without
 * reading, writing or sending anything. No handler that uses both libraries can start faster.
 */

const env = process.env;
const client = new DynamoDBClient({
  region: env.AWS_REGION ?? 'eu-central-1',
  ...(env.DYNAMODB_ENDPOINT
    ? { endpoint: env.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {}),
});
const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: env.MICROSOFT_APP_ID ?? '',
    MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID ?? '',
    MicrosoftAppType: env.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant',
  }),
);

export async function handler(): Promise<APIGatewayProxyStructuredResultV2> {
  // Touch both, so a bundler cannot drop them; nothing is sent.
  return { statusCode: client.config && adapter ? 200 : 500 };
}

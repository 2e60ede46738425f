import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * The DynamoDB client for handlers and scripts. With `DYNAMODB_ENDPOINT` set (local runs, tests) it talks to
 * that endpoint with dummy credentials; in AWS it uses the function's role.
 */
export function createDynamoClient(env: NodeJS.ProcessEnv = process.env, extra: DynamoDBClientConfig = {}) {
  const endpoint = env.DYNAMODB_ENDPOINT;
  if (endpoint) {
    return new DynamoDBClient({
      endpoint,
      region: env.AWS_REGION || 'eu-central-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 2,
      ...extra,
    });
  }
  return new DynamoDBClient({ maxAttempts: 3, ...extra });
}

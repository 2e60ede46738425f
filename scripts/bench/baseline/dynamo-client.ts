import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The DynamoDB client every baseline builds, as a plain implementation would: dynalite locally, else the SDK's defaults. */
export function baselineDynamoClient(env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  return env.DYNAMODB_ENDPOINT
    ? new DynamoDBClient({
        endpoint: env.DYNAMODB_ENDPOINT,
        region: env.AWS_REGION ?? 'eu-central-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      })
    : new DynamoDBClient({});
}

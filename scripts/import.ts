import { readFile } from 'node:fs/promises';
import { type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { tableNamesFromEnv } from '../lambdas/config/tables';
import { DynamoDirectory } from '../lambdas/directory/dynamo-directory';
import { DirectoryError } from '../lambdas/directory/errors';
import { IMPORT_USAGE, type ImportArgs, parseImportArgs } from '../lambdas/directory/import/args';
import { formatImportReport, importText } from '../lambdas/directory/import/import-directory';
import { progressBar } from '../lambdas/directory/import/progress';
import { formatOf, ImportFileError } from '../lambdas/directory/import/read-rows';
import { loadDefaultGazetteer } from '../lambdas/geo/gazetteer';
import { createDynamoClient } from '../lambdas/store/client';
import { ensureTables } from '../lambdas/store/ensure-tables';
import { localDatabasePath, localDataDir, readLocalEndpoint } from './local-data';
import { type LocalDynamo, startLocalDynamo } from './local-dynamo';
import { quietSdkVersionWarning } from './quiet-sdk-warning';

const NO_DATABASE = [
  'No database is set. Set one of:',
  '  DYNAMODB_ENDPOINT=http://127.0.0.1:<port>   a local DynamoDB (npm start prints its endpoint)',
  '  AWS_REGION (and AWS credentials)            the deployed tables',
  'or add --dry-run to check the file without a database.',
].join('\n');

/** A local endpoint, or an AWS region the SDK can resolve (from the environment or ~/.aws/config). */
async function hasDatabase(client: DynamoDBClient): Promise<boolean> {
  if (process.env.DYNAMODB_ENDPOINT) return true;
  try {
    return Boolean(await client.config.region());
  } catch {
    return false;
  }
}

/**
 * `npm start`'s database: the running one at the endpoint it wrote, or (when it is not running) its folder opened
 * here; dynalite's folder can be open in one process only.
 */
async function openLocalDatabase(): Promise<LocalDynamo> {
  const dir = localDataDir();
  const running = readLocalEndpoint(dir);
  if (running) {
    const probe = createDynamoClient({ DYNAMODB_ENDPOINT: running });
    try {
      await probe.send(new ListTablesCommand({ Limit: 1 }));
      return { endpoint: running, close: async () => {} };
    } catch {
      // npm start stopped without removing its endpoint file: open the folder here.
    } finally {
      probe.destroy();
    }
  }
  return startLocalDynamo(0, localDatabasePath(dir));
}

/**
 * `npm run import -- --kind groups|contact-points FILE [--dry-run] [--replace] [--local]`: a thin shell around
 * importText (lambdas/directory/import). Exit codes: 0 all rows imported, 1 rows refused or failure, 2 usage.
 */
async function main(): Promise<number> {
  quietSdkVersionWarning();
  const args = parseImportArgs(process.argv.slice(2));
  if ('error' in args) {
    console.error(`${args.error ? `${args.error}\n\n` : ''}${IMPORT_USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${args.file}: ${(error as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }

  const local = args.local ? await openLocalDatabase() : undefined;
  try {
    return await importInto(args, text, local);
  } finally {
    await local?.close();
  }
}

/** Imports the file's text into `local`, DYNAMODB_ENDPOINT or AWS; with none of them, only checks it. */
async function importInto(args: ImportArgs, text: string, local: LocalDynamo | undefined): Promise<number> {
  const client = createDynamoClient(
    local ? { ...process.env, DYNAMODB_ENDPOINT: local.endpoint } : process.env,
  );
  try {
    const database = local || (await hasDatabase(client)) ? client : undefined;
    if (!database && !args.dryRun) {
      console.error(NO_DATABASE);
      return 2;
    }
    const tables = tableNamesFromEnv();
    // Only a local endpoint gets its tables created: in AWS the stack owns them, and a missing one is an error.
    if (database && (local || process.env.DYNAMODB_ENDPOINT)) await ensureTables(database, tables);
    const report = await importText(text, formatOf(args.file, text), {
      kind: args.kind,
      directory: database && new DynamoDirectory({ client: database, tableName: tables.directory }),
      gazetteer: loadDefaultGazetteer(),
      dryRun: args.dryRun,
      replace: args.replace,
      onProgress: progressBar(process.stderr, args.kind),
    });
    console.log(formatImportReport(report, args.file));
    return report.refused.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ImportFileError || error instanceof DirectoryError) {
      console.error(`${args.file}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    client.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('Import failed:', error);
    process.exitCode = 1;
  },
);

import { readFile } from 'node:fs/promises';
import { tableNamesFromEnv } from '../lambdas/config/tables';
import { DynamoDirectory } from '../lambdas/directory/dynamo-directory';
import { DirectoryError } from '../lambdas/directory/errors';
import { IMPORT_USAGE, parseImportArgs } from '../lambdas/directory/import/args';
import { formatImportReport, importText } from '../lambdas/directory/import/import-directory';
import { progressBar } from '../lambdas/directory/import/progress';
import { formatOf, ImportFileError } from '../lambdas/directory/import/read-rows';
import { loadDefaultGazetteer } from '../lambdas/geo/gazetteer';
import { createDynamoClient } from '../lambdas/store/client';
import { ensureTables } from '../lambdas/store/ensure-tables';
import { quietSdkVersionWarning } from './quiet-sdk-warning';

/**
 * `npm run import -- --kind groups|contact-points FILE [--dry-run] [--replace]`: a thin shell around
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

  const client = createDynamoClient();
  const tables = tableNamesFromEnv();
  // Only a local endpoint gets its tables created: in AWS the stack owns them, and a missing one is an error.
  if (process.env.DYNAMODB_ENDPOINT) await ensureTables(client, tables);
  try {
    const report = await importText(text, formatOf(args.file, text), {
      kind: args.kind,
      directory: new DynamoDirectory({ client, tableName: tables.directory }),
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

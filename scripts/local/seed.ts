import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Gazetteer } from '../../dialogs/types';
import type { TableNames } from '../../lambdas/config/tables';
import { DynamoDirectory } from '../../lambdas/directory/dynamo-directory';
import {
  formatImportReport,
  type ImportKind,
  importText,
} from '../../lambdas/directory/import/import-directory';

/** The fictional demo directory shipped with the project. */
export const DEMO_DATA_DIR = path.join(__dirname, '../../data/demo');

/**
 * Loads the demo contact points and groups into the Directory table (which must exist) through the same
 * importer as `npm run import`. Idempotent: a second run writes nothing. Throws when a demo row is refused,
 * because the demo data is ours and must stay clean.
 */
export async function seedDemoData(
  client: DynamoDBClient,
  tables: TableNames,
  gazetteer: Gazetteer,
): Promise<{ groups: number; contactPoints: number }> {
  const directory = new DynamoDirectory({ client, tableName: tables.directory });
  const load = async (kind: ImportKind, file: string) => {
    const text = await readFile(path.join(DEMO_DATA_DIR, file), 'utf8');
    const report = await importText(text, 'csv', { kind, directory, gazetteer });
    if (report.refused.length > 0) {
      throw new Error(
        `Demo data ${file} has refused rows; fix the file:\n${formatImportReport(report, file)}`,
      );
    }
    return report.created + report.updated + report.unchanged;
  };
  // Contact points first: a group names its contact point, and the bot shows both.
  const contactPoints = await load('contact-points', 'contact-points.csv');
  const groups = await load('groups', 'groups.csv');
  return { groups, contactPoints };
}

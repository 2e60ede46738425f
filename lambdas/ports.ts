import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DialogPorts, Referrals } from '../dialogs/types';
import type { TableNames } from './config/tables';
import { DynamoDirectory } from './directory/dynamo-directory';
import { DynamoFoundingInterests } from './directory/founding-interests';
import { loadDefaultGazetteer } from './geo/gazetteer';
import { DynamoHandoffs } from './handoffs/dynamo-handoffs';
import { textReader } from './i18n/text-reader';
import { DynamoReferrals } from './referrals/dynamo-referrals';

/** The dialog's ports backed by DynamoDB, as the code around a turn sees them (the handoff store in all roles). */
export interface DynamoPorts extends DialogPorts {
  handoffs: DynamoHandoffs;
}

/** The dialog's ports backed by DynamoDB and the bundled gazetteer: the same for every channel. */
export function createPorts(
  client: DynamoDBClient,
  tables: TableNames,
  referrals: Referrals = new DynamoReferrals({ client, tableName: tables.requests }),
): DynamoPorts {
  return {
    directory: new DynamoDirectory({ client, tableName: tables.directory }),
    gazetteer: loadDefaultGazetteer(),
    foundingInterests: new DynamoFoundingInterests({ client, tableName: tables.requests }),
    referrals,
    handoffs: new DynamoHandoffs({ client, tableName: tables.requests }),
    clock: () => new Date(),
    reader: textReader,
  };
}

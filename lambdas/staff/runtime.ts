import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudAdapter } from 'botbuilder';
import { loadTeamsSecrets, SecretConfigError } from '../config/secrets';
import type { TableNames } from '../config/tables';
import { DynamoHandoffs } from '../handoffs/dynamo-handoffs';
import type { Logger } from '../log/logger';
import { DynamoReferrals } from '../referrals/dynamo-referrals';
import { type AuthenticationOptions, botAuthentication } from '../teams/authentication';
import { ProactiveMessenger } from '../teams/messenger';
import type { AnnounceDependencies } from './announce';
import { StaffChannels } from './channels';

/**
 * What the background jobs (notifier, scheduled) share: the stores and a messenger with the bot's Teams
 * credentials. Undefined when the Teams secret still holds the stack's placeholders (a Telegram-only
 * deployment): the jobs then log a warning and succeed.
 */
export async function backgroundDependencies(
  env: NodeJS.ProcessEnv,
  client: DynamoDBClient,
  tables: TableNames,
  log: Logger,
  options: AuthenticationOptions = {},
): Promise<AnnounceDependencies | undefined> {
  let secrets: Awaited<ReturnType<typeof loadTeamsSecrets>>;
  try {
    secrets = await loadTeamsSecrets(env);
  } catch (error) {
    if (error instanceof SecretConfigError && error.unfilled) {
      log.warn('staff.teams_not_configured', { secret: error.source });
      return undefined;
    }
    throw error;
  }
  const auth = botAuthentication(secrets, options);
  return {
    handoffs: new DynamoHandoffs({ client, tableName: tables.requests }),
    channels: new StaffChannels({ client, tableName: tables.directory }),
    messenger: new ProactiveMessenger(new CloudAdapter(auth), secrets.appId),
    log,
    referrals: new DynamoReferrals({ client, tableName: tables.requests }),
  };
}

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createTeamsApp, type TeamsHandler } from './apps/teams-app';
import { oncePerColdStart } from './config/cold-start';
import { loadTeamsSecrets } from './config/secrets';
import { tableNamesFromEnv } from './config/tables';
import { jsonLogger } from './log/logger';
import { createDynamoClient } from './store/client';

const log = jsonLogger();
// Built once per cold start: secrets, client, adapter and the token signing keys botbuilder caches are reused

async function build(env: NodeJS.ProcessEnv): Promise<TeamsHandler> {
  const secrets = await loadTeamsSecrets(env);
  if (env.AWS_LAMBDA_FUNCTION_NAME && secrets.appId === '') {
    // Without an app id botbuilder accepts anonymous requests: right for a laptop, never for the deployed bot.
    throw new Error(
      'The Teams function has no Microsoft App ID and would accept unauthenticated requests. Set ' +
        'TEAMS_SECRET_ARN to the Teams secret (the stack does this) and fill it with the bot registration.',
    );
  }
  const app = createTeamsApp(
    {
      appId: secrets.appId,
      appPassword: secrets.appPassword,
      tenantId: secrets.tenantId,
      tables: tableNamesFromEnv(env),
    },
    createDynamoClient(env),
    log,
  );
  return app.handler;
}

const ready = oncePerColdStart(() => build(process.env));

/**
 * AWS Lambda entry for `POST /teams/api/messages`, the bot's messaging endpoint in the Azure bot registration.
 * The function's timeout (14 s) stays under the 15 s the Bot Connector waits for an answer.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return (await ready())(event);
}

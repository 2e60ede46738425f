import { type Activity, CallerIdConstants, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/** What botbuilder's authentication returns for a valid request; the adapter builds the turn from it. */
export type AuthenticatedRequest = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/** Makes the credentials the bot uses for its own calls to the Bot Connector (tests inject a fake one). */
export type CredentialsFactory = NonNullable<
  ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]
>;

/** The Azure bot registration; all empty means: no authentication (local runs only). */
export interface BotCredentials {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
}

export interface AuthenticationOptions {
  /**
   * Where the Bot Framework publishes the keys it signs requests with. Default: the public cloud's
   * (https://login.botframework.com/v1/.well-known/openidconfiguration); tests use the Bot Connector stand-in.
   */
  openIdMetadataUrl?: string;
  credentialsFactory?: CredentialsFactory;
}

/**
 * botbuilder's authentication from the bot's credentials. With an app id, every request must carry a JWT
 * signed by the Bot Framework for this app id and the activity's service URL; without one, botbuilder accepts
 * anonymous requests and sends replies without a token (and to `http://` service URLs).
 * A tenant id makes the bot single-tenant, the only kind Azure still creates.
 */
export function botAuthentication(
  credentials: BotCredentials,
  options: AuthenticationOptions = {},
): ConfigurationBotFrameworkAuthentication {
  const appId = credentials.appId ?? '';
  const tenantId = credentials.tenantId ?? '';
  return new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: credentials.appPassword ?? '',
      MicrosoftAppTenantId: tenantId,
      MicrosoftAppType: appId !== '' && tenantId !== '' ? 'SingleTenant' : 'MultiTenant',
      ...(options.openIdMetadataUrl ? publicCloudWith(options.openIdMetadataUrl) : {}),
    },
    options.credentialsFactory,
  );
}

/**
 * The public cloud's endpoints with another OpenID metadata URL. botbuilder takes all endpoints as given as soon
 * as one is overridden, so the others are spelled out (the values of botframework-connector's
 * AuthenticationConstants).
 */
function publicCloudWith(openIdMetadataUrl: string): Record<string, string> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl:
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

export type AuthenticationOutcome =
  | { ok: true; request: AuthenticatedRequest }
  /** 401: the token is missing or invalid. 503: the signing keys could not be loaded; the service retries. */
  | { ok: false; statusCode: 401 | 503; reason: string };

/** Names of jsonwebtoken's errors, which botbuilder passes on as they are when a signature does not verify. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * Checks the request's token before anything runs. botbuilder's own `processActivityDirect` would check it
 * too, but wraps every failure into one generic Error, so a forged token could not be told from an outage.
 */
export async function authenticate(
  auth: ConfigurationBotFrameworkAuthentication,
  activity: Activity,
  authorization: string,
): Promise<AuthenticationOutcome> {
  try {
    return { ok: true, request: await auth.authenticateRequest(activity, authorization) };
  } catch (error) {
    const details = error as { name?: unknown; statusCode?: unknown };
    // botbuilder's messages name the check that failed ("Unauthorized. Invalid AppId passed on token: …",
    // "jwt expired"); they hold no message content. Capped, as they may quote a token's claims.
    const reason = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 160) : 'unknown';
    if (details.statusCode === 401 || TOKEN_ERRORS.has(String(details.name))) {
      return { ok: false, statusCode: 401, reason };
    }
    // The OpenID metadata or keys could not be fetched (AuthenticationError 500) or the network failed.
    return { ok: false, statusCode: 503, reason };
  }
}

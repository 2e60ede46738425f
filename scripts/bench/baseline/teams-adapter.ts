import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/** The CloudAdapter the Teams baseline and its floor build, from the function's environment. */
export function baselineAdapter(env: NodeJS.ProcessEnv = process.env): CloudAdapter {
  return new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: env.MICROSOFT_APP_ID ?? '',
      MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD ?? '',
      MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID ?? '',
      MicrosoftAppType: env.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant',
    }),
  );
}

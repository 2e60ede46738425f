import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  clearSecretsCache,
  loadTeamsSecrets,
  loadTelegramSecrets,
  SECRET_PLACEHOLDER,
  SecretConfigError,
} from '../../../lambdas/config/secrets';

const secretsManager = mockClient(SecretsManagerClient);

const TELEGRAM_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:SecretsTelegram-AbCdEf';
const TEAMS_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:SecretsTeams-GhIjKl';
const BOT_TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const WEBHOOK_SECRET = 'q7Rk2ZpW9sLm4XvB8nYc3TfJ6hDg1KeA';
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT_ID = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
const APP_PASSWORD = 'Abc8Q~very.secret_password-value';

function storeSecret(arn: string, value: unknown) {
  secretsManager
    .on(GetSecretValueCommand, { SecretId: arn })
    .resolves({ SecretString: typeof value === 'string' ? value : JSON.stringify(value) });
}

const inAws = { TELEGRAM_SECRET_ARN: TELEGRAM_ARN, TEAMS_SECRET_ARN: TEAMS_ARN };

async function failure(promise: Promise<unknown>): Promise<SecretConfigError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SecretConfigError))
    throw new Error(`expected a SecretConfigError, got ${String(error)}`);
  return error;
}

/** Everything an error could carry into a log line. */
function everythingIn(error: SecretConfigError): string {
  return [error.message, String(error.cause ?? ''), JSON.stringify(error)].join('\n');
}

beforeEach(() => {
  secretsManager.reset();
  clearSecretsCache();
});

describe('Telegram', () => {
  test('reads the secret named by TELEGRAM_SECRET_ARN', async () => {
    storeSecret(TELEGRAM_ARN, { botToken: BOT_TOKEN, webhookSecret: WEBHOOK_SECRET });
    await expect(loadTelegramSecrets(inAws)).resolves.toEqual({
      botToken: BOT_TOKEN,
      webhookSecret: WEBHOOK_SECRET,
    });
  });

  test('reads the secret once per cold start, even for concurrent first calls', async () => {
    storeSecret(TELEGRAM_ARN, { botToken: BOT_TOKEN, webhookSecret: WEBHOOK_SECRET });
    const [first, second] = await Promise.all([loadTelegramSecrets(inAws), loadTelegramSecrets(inAws)]);
    const third = await loadTelegramSecrets(inAws);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  test('takes the token from the environment when no secret ARN is set (local runs)', async () => {
    await expect(
      loadTelegramSecrets({ TELEGRAM_BOT_TOKEN: 'local-token', TELEGRAM_WEBHOOK_SECRET: 'local-secret' }),
    ).resolves.toEqual({ botToken: 'local-token', webhookSecret: 'local-secret' });
    await expect(loadTelegramSecrets({ TELEGRAM_BOT_TOKEN: 'local-token' })).resolves.toEqual({
      botToken: 'local-token',
      webhookSecret: '',
    });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  test('explains where the token comes from when there is none', async () => {
    const error = await failure(loadTelegramSecrets({}));
    expect(error.fields).toEqual(['botToken']);
    expect(error.message).toMatch(/TELEGRAM_SECRET_ARN .* or TELEGRAM_BOT_TOKEN/);
  });

  test('says that the token still holds the placeholder the stack created, and how to fill it', async () => {
    storeSecret(TELEGRAM_ARN, { botToken: SECRET_PLACEHOLDER, webhookSecret: WEBHOOK_SECRET });
    const error = await failure(loadTelegramSecrets(inAws));
    expect(error.secret).toBe('Telegram');
    expect(error.source).toBe(TELEGRAM_ARN);
    expect(error.fields).toEqual(['botToken']);
    expect(error.message).toContain(`"botToken" still holds the placeholder ${SECRET_PLACEHOLDER}`);
    expect(error.message).toContain(`aws secretsmanager put-secret-value --secret-id ${TELEGRAM_ARN}`);
    expect(everythingIn(error)).not.toContain(WEBHOOK_SECRET);
  });

  test('names every wrong field without quoting a value', async () => {
    const wrongToken = 'this-is-no-bot-token-but-still-secret';
    const shortSecret = 'abc123';
    storeSecret(TELEGRAM_ARN, { botToken: wrongToken, webhookSecret: shortSecret });
    const error = await failure(loadTelegramSecrets(inAws));
    expect(error.fields).toEqual(['botToken', 'webhookSecret']);
    expect(error.message).toMatch(/"botToken" does not look like a bot token/);
    expect(error.message).toMatch(/"webhookSecret" must be 16 to 256 letters/);
    expect(everythingIn(error)).not.toContain(wrongToken);
    expect(everythingIn(error)).not.toContain(shortSecret);
  });

  test('reports a missing field', async () => {
    storeSecret(TELEGRAM_ARN, { botToken: BOT_TOKEN });
    const error = await failure(loadTelegramSecrets(inAws));
    expect(error.fields).toEqual(['webhookSecret']);
    expect(everythingIn(error)).not.toContain(BOT_TOKEN);
  });

  test('rejects a secret that is not JSON without echoing it', async () => {
    storeSecret(TELEGRAM_ARN, `botToken=${BOT_TOKEN}`);
    const error = await failure(loadTelegramSecrets(inAws));
    expect(error.message).toMatch(
      /is not JSON\. Put a JSON object in it: aws secretsmanager put-secret-value/,
    );
    expect(everythingIn(error)).not.toContain(BOT_TOKEN);
  });

  test('rejects a binary secret', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });
    const error = await failure(loadTelegramSecrets(inAws));
    expect(error.message).toMatch(/has no text value/);
  });

  test('says why an unreadable secret could not be read, and tries again on the next call', async () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    secretsManager.on(GetSecretValueCommand).rejectsOnce(denied);
    const error = await failure(loadTelegramSecrets(inAws));
    expect(error.message).toMatch(/could not be read \(AccessDeniedException\)/);
    expect(error.message).toMatch(/secretsmanager:GetSecretValue/);

    storeSecret(TELEGRAM_ARN, { botToken: BOT_TOKEN, webhookSecret: WEBHOOK_SECRET });
    await expect(loadTelegramSecrets(inAws)).resolves.toEqual({
      botToken: BOT_TOKEN,
      webhookSecret: WEBHOOK_SECRET,
    });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});

describe('Teams', () => {
  test('reads the secret named by TEAMS_SECRET_ARN', async () => {
    storeSecret(TEAMS_ARN, { appId: APP_ID, appPassword: APP_PASSWORD, tenantId: TENANT_ID });
    await expect(loadTeamsSecrets(inAws)).resolves.toEqual({
      appId: APP_ID,
      appPassword: APP_PASSWORD,
      tenantId: TENANT_ID,
    });
  });

  test('caches each secret separately', async () => {
    storeSecret(TEAMS_ARN, { appId: APP_ID, appPassword: APP_PASSWORD, tenantId: TENANT_ID });
    storeSecret(TELEGRAM_ARN, { botToken: BOT_TOKEN, webhookSecret: WEBHOOK_SECRET });
    await loadTeamsSecrets(inAws);
    await loadTelegramSecrets(inAws);
    await loadTeamsSecrets(inAws);
    expect(
      secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId),
    ).toEqual([TEAMS_ARN, TELEGRAM_ARN]);
  });

  test('names the placeholders left in the secret the stack created', async () => {
    const generatedPassword = 'Gx4kP9wQ2mZr7TbN5vLc8HsJ3dFy6WaE1uRo0Ki';
    storeSecret(TEAMS_ARN, {
      appId: SECRET_PLACEHOLDER,
      tenantId: SECRET_PLACEHOLDER,
      appPassword: generatedPassword,
    });
    const error = await failure(loadTeamsSecrets(inAws));
    expect(error.secret).toBe('Teams');
    expect(error.fields).toEqual(['appId', 'tenantId']);
    expect(error.message).toContain('"appId" still holds the placeholder');
    expect(error.message).toContain('"tenantId" still holds the placeholder');
    expect(everythingIn(error)).not.toContain(generatedPassword);
  });

  test('tells a background job that Teams is simply not set up yet', async () => {
    storeSecret(TEAMS_ARN, {
      appId: SECRET_PLACEHOLDER,
      tenantId: SECRET_PLACEHOLDER,
      appPassword: APP_PASSWORD,
    });
    expect((await failure(loadTeamsSecrets(inAws))).unfilled).toBe(true);
  });

  test('does not mistake a wrong value for a secret that is not set up', async () => {
    storeSecret(TEAMS_ARN, { appId: SECRET_PLACEHOLDER, tenantId: 'tenant', appPassword: APP_PASSWORD });
    expect((await failure(loadTeamsSecrets(inAws))).unfilled).toBe(false);
  });

  test('asks for GUIDs where Azure gives GUIDs', async () => {
    storeSecret(TEAMS_ARN, { appId: 'my-bot', appPassword: APP_PASSWORD, tenantId: TENANT_ID });
    const error = await failure(loadTeamsSecrets(inAws));
    expect(error.fields).toEqual(['appId']);
    expect(error.message).toMatch(/"appId" must be the "Microsoft App ID" of the Azure bot \(a GUID\)/);
    expect(everythingIn(error)).not.toContain(APP_PASSWORD);
  });

  test('runs without authentication locally when no credentials are set', async () => {
    await expect(loadTeamsSecrets({})).resolves.toEqual({ appId: '', appPassword: '', tenantId: '' });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  test('takes local credentials from the MICROSOFT_APP_* variables', async () => {
    await expect(
      loadTeamsSecrets({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: APP_PASSWORD,
        MICROSOFT_APP_TENANT_ID: TENANT_ID,
      }),
    ).resolves.toEqual({ appId: APP_ID, appPassword: APP_PASSWORD, tenantId: TENANT_ID });
  });

  test('refuses an app id without its password', async () => {
    const error = await failure(loadTeamsSecrets({ MICROSOFT_APP_ID: APP_ID }));
    expect(error.fields).toEqual(['appPassword']);
    expect(error.message).toMatch(/MICROSOFT_APP_PASSWORD is empty/);
  });
});

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';

/**
 * Channel credentials. In AWS they live in Secrets Manager as JSON (the stack creates the secrets and passes
 * only their ARNs, `TELEGRAM_SECRET_ARN` and `TEAMS_SECRET_ARN`); each is read once per cold start and the
 * promise cached. Locally they come from plain environment variables instead.
 *
 * Error messages name the secret, the field and the fix, never a value: they end up in CloudWatch Logs.
 */

/** What the stack puts into fields the operator must fill (infra/constructs/secrets.ts). */
export const SECRET_PLACEHOLDER = 'REPLACE_ME';

/** A secret field: not empty, not the placeholder, then the given format. */
function field(format: RegExp, hint: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'is not a string') }).check(
    z.minLength(1, 'is empty'),
    z.refine((value) => value !== SECRET_PLACEHOLDER, {
      message: `still holds the placeholder ${SECRET_PLACEHOLDER}`,
      abort: true,
      params: { placeholder: true },
    }),
    z.regex(format, hint),
  );
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The Telegram secret: `{ "botToken": "…", "webhookSecret": "…" }`. */
export const TelegramSecretSchema = z.object(
  {
    botToken: field(
      /^\d+:[\w-]{20,}$/,
      'does not look like a bot token from @BotFather (digits, a colon, then ~35 characters)',
    ),
    // Telegram allows 1-256 of A-Z a-z 0-9 _ -; fewer than 16 would be guessable.
    webhookSecret: field(
      /^[\w-]{16,256}$/,
      'must be 16 to 256 letters, digits, "_" or "-" (try: openssl rand -hex 32)',
    ),
  },
  { error: 'is not a JSON object' },
);
export type TelegramSecrets = z.infer<typeof TelegramSecretSchema>;

/** The Teams secret: `{ "appId": "…", "appPassword": "…", "tenantId": "…" }` from the Azure bot registration. */
export const TeamsSecretSchema = z.object(
  {
    appId: field(GUID, 'must be the "Microsoft App ID" of the Azure bot (a GUID)'),
    appPassword: field(
      /^\S+$/,
      "must be the client secret value of the bot's app registration, without spaces",
    ),
    tenantId: field(GUID, 'must be the "App Tenant ID" of the Azure bot (a GUID)'),
  },
  { error: 'is not a JSON object' },
);
export type TeamsSecrets = z.infer<typeof TeamsSecretSchema>;

interface SecretKind<T> {
  /** For messages: "Telegram", "Teams". */
  label: string;
  schema: z.ZodMiniType<T>;
  /** A JSON example with descriptions in place of values, for the fix in error messages. */
  example: string;
  /** Promises by secret ARN: one read per cold start, shared by concurrent first calls. */
  cache: Map<string, Promise<T>>;
}

const TELEGRAM: SecretKind<TelegramSecrets> = {
  label: 'Telegram',
  schema: TelegramSecretSchema,
  example: '{"botToken":"<token from @BotFather>","webhookSecret":"<32+ letters and digits>"}',
  cache: new Map(),
};

const TEAMS: SecretKind<TeamsSecrets> = {
  label: 'Teams',
  schema: TeamsSecretSchema,
  example: '{"appId":"<Microsoft App ID>","appPassword":"<client secret>","tenantId":"<App Tenant ID>"}',
  cache: new Map(),
};

/** A secret that cannot be read or does not have the expected shape; says which one and how to fix it. */
export class SecretConfigError extends Error {
  constructor(
    /** "Telegram" or "Teams". */
    readonly secret: string,
    /** The secret ARN, or the environment variable(s) it came from. */
    readonly source: string,
    /** The fields at fault (`(whole secret)` when it is not a JSON object); empty when it could not be read. */
    readonly fields: readonly string[],
    message: string,
    options?: { cause?: unknown; unfilled?: boolean },
  ) {
    super(message, options);
    this.name = 'SecretConfigError';
    this.unfilled = options?.unfilled ?? false;
  }

  /**
   * True when every fault is a placeholder the stack created: the operator has not set this channel up yet.
   * A background job may then skip the channel with a warning instead of failing (a Telegram-only deployment
   * has no Teams credentials).
   */
  readonly unfilled: boolean;
}

/**
 * The Telegram bot token and webhook secret: from the secret `TELEGRAM_SECRET_ARN` when set (AWS), otherwise
 * from `TELEGRAM_BOT_TOKEN` and `TELEGRAM_WEBHOOK_SECRET` (local; the webhook secret may then be empty).
 */
export function loadTelegramSecrets(env: NodeJS.ProcessEnv = process.env): Promise<TelegramSecrets> {
  const arn = env.TELEGRAM_SECRET_ARN;
  if (arn) return cachedSecret(arn, TELEGRAM);
  const botToken = env.TELEGRAM_BOT_TOKEN ?? '';
  if (botToken === '') {
    return Promise.reject(
      new SecretConfigError(
        'Telegram',
        'TELEGRAM_BOT_TOKEN',
        ['botToken'],
        'No Telegram credentials: set TELEGRAM_SECRET_ARN (in AWS; the stack does this) or TELEGRAM_BOT_TOKEN ' +
          '(locally, with the token from @BotFather).',
      ),
    );
  }
  return Promise.resolve({ botToken, webhookSecret: env.TELEGRAM_WEBHOOK_SECRET ?? '' });
}

/**
 * The Microsoft app id, password and tenant: from the secret `TEAMS_SECRET_ARN` when set (AWS), otherwise from
 * `MICROSOFT_APP_ID`, `MICROSOFT_APP_PASSWORD` and `MICROSOFT_APP_TENANT_ID` (local; all empty means the local
 * Teams endpoint does not authenticate).
 */
export function loadTeamsSecrets(env: NodeJS.ProcessEnv = process.env): Promise<TeamsSecrets> {
  const arn = env.TEAMS_SECRET_ARN;
  if (arn) return cachedSecret(arn, TEAMS);
  const appId = env.MICROSOFT_APP_ID ?? '';
  const appPassword = env.MICROSOFT_APP_PASSWORD ?? '';
  const tenantId = env.MICROSOFT_APP_TENANT_ID ?? '';
  if ((appId === '') !== (appPassword === '')) {
    const missing = appId === '' ? 'MICROSOFT_APP_ID' : 'MICROSOFT_APP_PASSWORD';
    return Promise.reject(
      new SecretConfigError(
        'Teams',
        missing,
        [appId === '' ? 'appId' : 'appPassword'],
        `Incomplete Teams credentials: ${missing} is empty. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD ` +
          'together (and MICROSOFT_APP_TENANT_ID for a single-tenant bot), or leave all empty to run without ' +
          'authentication locally.',
      ),
    );
  }
  return Promise.resolve({ appId, appPassword, tenantId });
}

let client: SecretsManagerClient | undefined;

/** Forgets every cached secret, so the next call reads again (tests; after replacing a secret). */
export function clearSecretsCache(): void {
  TELEGRAM.cache.clear();
  TEAMS.cache.clear();
}

function cachedSecret<T>(arn: string, kind: SecretKind<T>): Promise<T> {
  const cached = kind.cache.get(arn);
  if (cached !== undefined) return cached;
  const loading = readSecret(arn, kind);
  kind.cache.set(arn, loading);
  // A failed read is not cached: the next invocation tries again (the operator may just have fixed it).
  loading.catch(() => kind.cache.delete(arn));
  return loading;
}

async function readSecret<T>(arn: string, kind: SecretKind<T>): Promise<T> {
  const fix = `aws secretsmanager put-secret-value --secret-id ${arn} --secret-string '${kind.example}'`;
  const fail = (fields: string[], problem: string, options?: { cause?: unknown; unfilled?: boolean }) =>
    new SecretConfigError(kind.label, arn, fields, `The ${kind.label} secret ${arn} ${problem}`, options);

  client ??= new SecretsManagerClient({ maxAttempts: 3 });
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'unknown error';
    throw fail(
      [],
      `could not be read (${name}). Check that it exists in this account and region and that the function's ` +
        'role may call secretsmanager:GetSecretValue on it (the stack grants this).',
      { cause: error },
    );
  }
  if (text === undefined) {
    throw fail([], `has no text value (binary secrets are not supported). Put JSON in it: ${fix}`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // No cause: the parser's message quotes the secret's text.
    throw fail([], `is not JSON. Put a JSON object in it: ${fix}`);
  }
  const parsed = kind.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const fields = [...new Set(issues.map((issue) => issue.path.join('.') || '(whole secret)'))];
    const problems = issues.map((issue) => `"${issue.path.join('.') || '(whole secret)'}" ${issue.message}`);
    const unfilled = issues.every((issue) => issue.code === 'custom' && issue.params?.placeholder === true);
    throw fail(fields, `is not usable: ${problems.join('; ')}. Put the real values in: ${fix}`, {
      cause: parsed.error,
      unfilled,
    });
  }
  return parsed.data;
}

import { Api } from 'grammy';
import type { LanguageCode } from 'grammy/types';
import * as z from 'zod';
import { type Language, SUPPORTED_LANGUAGES } from '../dialogs/languages';
import { MENU_COMMANDS } from '../dialogs/types';
import { loadTelegramSecrets } from '../lambdas/config/secrets';
import { PLAIN, renderText } from '../lambdas/i18n/translator';
import { quietSdkVersionWarning } from './quiet-sdk-warning';

/**
 * `npm run telegram:setup -- --webhook-url https://…/telegram/webhook`: registers the webhook (with the secret
 * token and only the update types the bot handles) and the localized command menu, name and descriptions.
 * Reads the token and secret like the Lambda does (TELEGRAM_SECRET_ARN, or TELEGRAM_BOT_TOKEN and
 * TELEGRAM_WEBHOOK_SECRET).
 */
const ArgsSchema = z.object({
  webhookUrl: z.url().startsWith('https://', 'Telegram requires an https:// webhook URL').optional(),
  skipWebhook: z.boolean(),
});

/** Telegram takes two-letter language codes only; Dari, Kurmanji and Sorani users see the default (English). */
export function telegramLanguageCode(lang: Language): string | undefined {
  return /^[a-z]{2}$/.test(lang) ? lang : undefined;
}

export async function setupTelegram(api: Api, options: { webhookUrl?: string; webhookSecret: string }) {
  const done: string[] = [];
  if (options.webhookUrl) {
    await api.setWebhook(options.webhookUrl, {
      secret_token: options.webhookSecret,
      allowed_updates: ['message', 'callback_query'],
      max_connections: 40,
    });
    done.push('webhook');
  }
  // English is also the default for every language Telegram cannot name.
  const codes = SUPPORTED_LANGUAGES.map(telegramLanguageCode).filter(
    (code): code is string => code !== undefined,
  );
  for (const lang of [undefined, ...codes]) {
    const textLang = (lang ?? 'en') as Language;
    const t = (key: string) => renderText({ key }, textLang, PLAIN);
    // Telegram's list of language codes is a closed union in grammY's types; ours are checked above.
    const scope = (lang ? { language_code: lang } : {}) as { language_code?: LanguageCode };
    await api.setMyCommands(
      MENU_COMMANDS.map((command) => ({ command, description: t(`channel.commands.${command}`) })),
      scope,
    );
    await api.setMyName(t('channel.name'), scope);
    await api.setMyDescription(t('channel.description'), scope);
    await api.setMyShortDescription(t('channel.shortDescription'), scope);
    done.push(lang ?? 'default');
  }
  return done;
}

async function main(): Promise<void> {
  quietSdkVersionWarning();
  const argv = process.argv.slice(2);
  const urlIndex = argv.indexOf('--webhook-url');
  const args = ArgsSchema.parse({
    webhookUrl: urlIndex >= 0 ? argv[urlIndex + 1] : process.env.TELEGRAM_WEBHOOK_URL,
    skipWebhook: argv.includes('--skip-webhook'),
  });
  const secrets = await loadTelegramSecrets();
  const api = new Api(
    secrets.botToken,
    process.env.TELEGRAM_API_ROOT ? { apiRoot: process.env.TELEGRAM_API_ROOT } : {},
  );
  const done = await setupTelegram(api, {
    ...(args.webhookUrl && !args.skipWebhook ? { webhookUrl: args.webhookUrl } : {}),
    webhookSecret: secrets.webhookSecret,
  });
  console.log(`Telegram set up: ${done.join(', ')}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

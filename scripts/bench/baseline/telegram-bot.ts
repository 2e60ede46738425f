import { Bot } from 'grammy';

/** The grammY bot the Telegram baseline and its floor build, from the function's environment. */
export function baselineBot(env: NodeJS.ProcessEnv = process.env): Bot {
  return new Bot(env.TELEGRAM_BOT_TOKEN ?? '', {
    botInfo: JSON.parse(env.TELEGRAM_BOT_INFO ?? 'null'),
    ...(env.TELEGRAM_API_ROOT ? { client: { apiRoot: env.TELEGRAM_API_ROOT } } : {}),
  });
}

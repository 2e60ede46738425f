/**
 * The links of a referral code. Telegram: `https://t.me/<bot>?start=<code>` opens the bot and sends
 * `/start <code>`. Teams: a chat deep link with the bot (`28:<Microsoft App ID>`) whose `message` is put into
 * the compose box as a draft; the user sends "start <code>" (lambdas/teams/activity-to-event.ts reads it).
 */
export interface LinkConfig {
  /** The Telegram bot's username (from its getMe), without "@". */
  telegramBotUsername: string;
  /** The Teams bot's Microsoft App ID; empty when Teams is not set up (no Teams link then). */
  teamsAppId: string;
}

export interface ReferralLinks {
  telegram: string;
  teams?: string;
}

export function referralLinks(code: string, config: LinkConfig): ReferralLinks {
  const telegram = `https://t.me/${encodeURIComponent(config.telegramBotUsername)}?start=${encodeURIComponent(code)}`;
  if (!config.teamsAppId) return { telegram };
  const teams = `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(config.teamsAppId)}&message=${encodeURIComponent(`start ${code}`)}`;
  return { telegram, teams };
}

/** The Telegram bot's username from `TELEGRAM_BOT_INFO` (the JSON of its getMe), or undefined. */
export function telegramBotUsernameFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const info: unknown = JSON.parse(env.TELEGRAM_BOT_INFO ?? 'null');
    const username = (info as { username?: unknown } | null)?.username;
    return typeof username === 'string' && /^\w{5,32}$/.test(username) ? username : undefined;
  } catch {
    return undefined;
  }
}

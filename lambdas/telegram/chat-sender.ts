import type { Api } from 'grammy';
import type { ChatLine, ChatSender } from '../channels/chat-message';
import { loadTelegramSecrets } from '../config/secrets';
import { escapeHtml } from '../render/telegram-html';

/**
 * Sends to a Telegram chat (`tg:<chat id>`) outside a turn: the text as HTML, then the picture and the file.
 * The Bot API client is built on first use (`telegramApiFromEnv`).
 */
export function telegramChatSender(api: () => Promise<Api>): ChatSender {
  return {
    async send(chat, message) {
      const chatId = Number(chat.key.slice(chat.key.indexOf(':') + 1));
      if (!Number.isSafeInteger(chatId)) return false;
      const client = await api();
      const html = message.paragraphs.map((lines) => lines.map(htmlLine).join('\n')).join('\n\n');
      await client.sendMessage(chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
      if (message.image || message.file) {
        // grammY's InputFile, loaded only when a file is sent (most messages are text).
        const { InputFile } = await import('grammy');
        if (message.image)
          await client.sendPhoto(chatId, new InputFile(message.image.png, message.image.name), {
            caption: message.image.caption,
          });
        if (message.file)
          await client.sendDocument(chatId, new InputFile(message.file.content, message.file.name), {
            caption: message.file.caption,
          });
      }
      return true;
    },
  };
}

function htmlLine(line: ChatLine): string {
  const text = escapeHtml(line.text);
  switch (line.style) {
    case 'strong':
      return `<b>${text}</b>`;
    case 'quiet':
      return `<i>${text}</i>`;
    case 'link':
      return `<a href="${text}">${text}</a>`;
    default:
      return text;
  }
}

/**
 * The Bot API client from the Telegram credentials (`TELEGRAM_SECRET_ARN` in AWS, `TELEGRAM_BOT_TOKEN` locally)
 * and `TELEGRAM_API_ROOT`, built on first use and kept. A failed load is not kept: the next answer tries again.
 */
export function telegramApiFromEnv(env: NodeJS.ProcessEnv = process.env): () => Promise<Api> {
  let api: Promise<Api> | undefined;
  return () => {
    // grammY is loaded on first use: most Teams activities never reach a Telegram chat (shorter cold start).
    api ??= Promise.all([loadTelegramSecrets(env), import('grammy')])
      .then(
        ([secrets, { Api }]) =>
          new Api(secrets.botToken, env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : undefined),
      )
      .catch((error: unknown) => {
        api = undefined;
        throw error;
      });
    return api;
  };
}

import type { ChatSender } from '../channels/chat-message';
import type { ProactiveMessenger } from './messenger';

/**
 * Sends to a Teams personal chat (`teams:<conversation id>`) outside a turn, through the conversation reference
 * stored with the request: plain text, the picture inline (Teams bots cannot send other files without a
 * file-consent card, so a file is left out).
 */
export function teamsChatSender(messenger: ProactiveMessenger): ChatSender {
  return {
    async send(chat, message) {
      if (!chat.address) return false;
      await messenger.send(chat.address, {
        type: 'message',
        text: message.paragraphs.map((lines) => lines.map((line) => line.text).join('\n')).join('\n\n'),
        textFormat: 'plain',
        ...(message.image
          ? {
              attachments: [
                {
                  contentType: 'image/png',
                  contentUrl: `data:image/png;base64,${message.image.png.toString('base64')}`,
                  name: message.image.name,
                },
              ],
            }
          : {}),
      });
      return true;
    },
  };
}

/**
 * Messages to a user's chat outside a turn (staff answers, notices, a representative's links), in words already
 * translated, and how each channel sends them. Staff code builds a `ChatMessage` and looks the channel up by the
 * chat key's prefix (`tg:…`, `teams:…`); a new channel registers its `ChatSender` under its prefix.
 */

/** A line of a paragraph: `strong` stands out (bold), `quiet` is a hint (italic), `link` is a URL. */
export interface ChatLine {
  text: string;
  style?: 'strong' | 'quiet' | 'link';
}

export interface ChatMessage {
  /** Paragraphs, separated by an empty line; the lines of one paragraph by a line break. */
  paragraphs: ChatLine[][];
  /** A picture (PNG) with a caption, e.g. a referral's QR code. */
  image?: { png: Buffer; name: string; caption: string };
  /** A file, where the channel can send one (Telegram), e.g. the QR code as SVG for print. */
  file?: { content: Buffer; name: string; caption: string };
}

/** A chat as stored with a request: its key, and its address where the key is not enough (Teams). */
export interface StoredChat {
  key: string;
  address?: Record<string, unknown>;
}

/** How one channel sends to a stored chat. Channel errors (blocked, gone) are thrown as the channel's errors. */
export interface ChatSender {
  /** False when the chat cannot be written to by this channel (no address, a malformed key): nothing was sent. */
  send(chat: StoredChat, message: ChatMessage): Promise<boolean>;
}

/** The channels' senders by chat key prefix (`tg`, `teams`). */
export type ChatSenders = Readonly<Partial<Record<string, ChatSender>>>;

/** The sender for a chat key, when its channel is registered here. */
export function senderFor(senders: ChatSenders, chatKey: string): ChatSender | undefined {
  const prefix = chatKey.slice(0, chatKey.indexOf(':'));
  return prefix ? senders[prefix] : undefined;
}

import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ForceReply,
  InlineKeyboardMarkup,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Update,
  UserFromGetMe,
} from 'grammy/types';
import * as z from 'zod';
import { checkTelegramUrl, parseTelegramHtml, trimFormattedText } from './telegram-html';

/**
 * A local stand-in of the Telegram Bot API for the end-to-end tests and `npm start`: it validates what the bot
 * sends the way Telegram does (HTML, lengths, keyboards, edits) and records it.
 *
 * @example
 * const standin = await startTelegramApiStandin();
 * const bot = new Bot('123:abc', { botInfo: standin.botInfo, client: { apiRoot: standin.url } });
 * await bot.api.sendMessage(42, '<b>Hello</b>', { parse_mode: 'HTML' });
 * standin.sentMessages(42)[0]?.text; // 'Hello'
 * await standin.close();
 */
export async function startTelegramApiStandin(
  options: TelegramApiStandinOptions = {},
): Promise<TelegramApiStandin> {
  const standin = new Standin(options);
  await standin.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return standin;
}

export interface TelegramApiStandinOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** What getMe answers and what `from` is in the bot's messages. */
  botInfo?: Partial<UserFromGetMe>;
  /** The longest a getUpdates request is held, whatever its `timeout` (default 1 s, to keep tests quick). */
  maxPollSeconds?: number;
  /** Refuse HTML that Telegram accepts but shows wrongly (bare `&` or `>`), see parseTelegramHtml. Default true. */
  strictHtml?: boolean;
}

export interface TelegramApiStandin {
  /** The apiRoot for grammY (`http://127.0.0.1:PORT`); requests arrive as `/bot<TOKEN>/<method>`. */
  readonly url: string;
  /** The bot user; give it to `new Bot(token, { botInfo })` to skip getMe. */
  readonly botInfo: UserFromGetMe;
  /** Every request with a method, in arrival order, refused ones included. */
  readonly calls: RecordedCall[];
  /** The messages the bot sent and has not deleted, as they are now (after edits), in sending order. */
  sentMessages(chatId?: number): SentMessage[];
  /** Makes the next `times` calls of `method` fail with this error (e.g. 429 with parameters.retry_after). */
  failNext(method: string, error: TelegramApiError, times?: number): void;
  /** Every call addressed to this chat answers 403 "Forbidden: bot was blocked by the user" until unblocked. */
  blockChat(chatId: number): void;
  unblockChat(chatId: number): void;
  /** Hands an update to the next getUpdates (long polling); update_id is assigned when missing. */
  queueUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update;
  /**
   * What Telegram does with the webhook's HTTP answer: a JSON body that names a `method` is run as that call
   * (validated like any other); its result and errors go nowhere. Other answers are ignored.
   */
  applyWebhookReply(token: string, response: { statusCode?: number; body?: string }): Promise<void>;
  /** Forgets calls, messages, queued updates, injected failures, blocked chats and settings. */
  reset(): void;
  /** `message`: every message sent, edited or deleted (for the browser simulator); `call`: every request. */
  on(event: 'message', listener: (change: MessageChange) => void): this;
  on(event: 'call', listener: (call: RecordedCall) => void): this;
  off(event: 'message', listener: (change: MessageChange) => void): this;
  off(event: 'call', listener: (call: RecordedCall) => void): this;
  close(): Promise<void>;
}

/** An error as Telegram answers it; the HTTP status is `error_code`. */
export interface TelegramApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export type TelegramResponse =
  | { ok: true; result: unknown; description?: string }
  | ({ ok: false } & TelegramApiError);

export interface RecordedCall {
  /** As Telegram names it (`sendMessage`), whatever the case in the request. */
  method: string;
  token: string;
  /** The parameters as received: query string and body (JSON values, or strings from forms; files as RecordedFile). */
  payload: Record<string, unknown>;
  response: TelegramResponse;
  at: Date;
}

/** A file the bot uploaded (multipart/form-data). */
export interface RecordedFile {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

export interface SentMessage {
  chatId: number;
  messageId: number;
  kind: 'text' | 'location' | 'photo' | 'document';
  /** The text or caption as the bot sent it (HTML when parseMode is HTML). */
  html: string;
  /** What the user sees: after entity parsing and trimming. */
  text: string;
  entities: MessageEntity[];
  parseMode?: string;
  replyMarkup?: ReplyMarkup;
  /** The uploaded photo; a photo sent by file_id or URL has `fileReference` instead. */
  photo?: RecordedFile;
  document?: RecordedFile;
  fileReference?: string;
  location?: { latitude: number; longitude: number };
  /** Unix time in seconds. */
  date: number;
  editDate?: number;
}

/** Any of the four reply_markup kinds. */
export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export interface MessageChange {
  type: 'sent' | 'edited' | 'deleted';
  message: SentMessage;
}

class ApiError extends Error {
  constructor(readonly error: TelegramApiError) {
    super(error.description);
    this.name = 'ApiError';
  }
}

const badRequest = (description: string) =>
  new ApiError({ error_code: 400, description: `Bad Request: ${description}` });

/** Marks checks Telegram does not make: the stand-in refuses what would reach users wrongly. */
const STRICTER = ' (the stand-in is stricter than Telegram here)';
/** Marks checks Telegram makes whose exact description the stand-in does not know. */
const APPROXIMATE = ' (description approximated by the stand-in)';
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
const INLINE_BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

const DEFAULT_BOT: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Self-help groups (local)',
  username: 'selfhelp_local_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

const BotCommandsSchema = z.array(z.object({ command: z.string(), description: z.string() }));
const JsonObjectSchema = z.record(z.string(), z.unknown());

/** The request parameters the way the Bot API sees them: every value a string, files apart. */
class Params {
  constructor(
    private readonly args: Map<string, string>,
    private readonly files: Map<string, RecordedFile>,
  ) {}

  str(name: string): string | undefined {
    return this.args.get(name);
  }

  int(name: string): number | undefined {
    const value = this.args.get(name)?.trim();
    return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
  }

  /** Telegram's to_bool: true, yes or 1, any case. */
  bool(name: string): boolean {
    return ['true', 'yes', '1'].includes(this.args.get(name)?.trim().toLowerCase() ?? '');
  }

  /** A JSON-serialized parameter (reply_markup, commands...): undefined when absent, `failure` when malformed. */
  json(name: string, failure: string): unknown {
    const value = this.args.get(name);
    if (value === undefined || value === '') return undefined;
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(failure);
    }
  }

  /** An uploaded file given directly under `name` or referenced as `attach://<part>` (grammY does the latter). */
  file(name: string): RecordedFile | undefined {
    const value = this.args.get(name);
    if (value?.startsWith('attach://')) return this.files.get(value.slice('attach://'.length));
    return value === undefined ? this.files.get(name) : undefined;
  }
}

interface ParsedRequest {
  params: Params;
  payload: Record<string, unknown>;
}

type Handler = (params: Params, response: ServerResponse) => unknown;

/** A successful answer with Telegram's optional description ("Webhook was set"). */
class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

class Standin implements TelegramApiStandin {
  url = '';
  readonly botInfo: UserFromGetMe;
  readonly calls: RecordedCall[] = [];

  private readonly server = createServer((request, response) => {
    this.handle(request, response).catch((error: unknown) => {
      respond(response, {
        ok: false,
        error_code: 500,
        description: `Internal Server Error: ${String(error)}`,
      });
    });
  });
  private readonly events = new EventEmitter();
  private readonly maxPollMs: number;
  private readonly strictHtml: boolean;
  private readonly handlers: Record<string, Handler>;
  private readonly methodNames = new Map<string, string>();

  private messages = new Map<string, SentMessage>();
  private lastMessageId = new Map<number, number>();
  private failures = new Map<string, TelegramApiError[]>();
  private blocked = new Set<number>();
  private updates: Update[] = [];
  private nextUpdateId = 1;
  private pollWaiters = new Set<(conflict: boolean) => void>();
  private answeredCallbackQueries = new Set<string>();
  private uploadedFiles = new Map<string, RecordedFile>();
  private commands = new Map<string, unknown[]>();
  private botTexts = new Map<string, string>();
  private menuButtons = new Map<string, unknown>();
  private webhook: { url: string; allowed_updates?: unknown } | undefined;
  private closing = false;

  constructor(options: TelegramApiStandinOptions) {
    this.botInfo = { ...DEFAULT_BOT, ...options.botInfo };
    this.maxPollMs = (options.maxPollSeconds ?? 1) * 1000;
    this.strictHtml = options.strictHtml ?? true;
    this.handlers = {
      getMe: () => this.botInfo,
      sendMessage: (p) => this.sendMessage(p),
      editMessageText: (p) => this.editMessageText(p),
      editMessageReplyMarkup: (p) => this.editMessageReplyMarkup(p),
      deleteMessage: (p) => this.deleteMessage(p),
      answerCallbackQuery: (p) => this.answerCallbackQuery(p),
      sendChatAction: (p) => this.sendChatAction(p),
      sendLocation: (p) => this.sendLocation(p),
      sendPhoto: (p) => this.sendFile(p, 'photo'),
      sendDocument: (p) => this.sendFile(p, 'document'),
      setMyCommands: (p) => this.setMyCommands(p),
      getMyCommands: (p) => this.commands.get(commandsKey(p)) ?? [],
      deleteMyCommands: (p) => {
        this.commands.delete(commandsKey(p));
        return true;
      },
      setMyDescription: (p) => this.setBotText(p, 'description', 512),
      getMyDescription: (p) => ({ description: this.botText(p, 'description') }),
      setMyShortDescription: (p) => this.setBotText(p, 'short_description', 120),
      getMyShortDescription: (p) => ({ short_description: this.botText(p, 'short_description') }),
      setMyName: (p) => this.setBotText(p, 'name', 64),
      getMyName: (p) => ({ name: this.botText(p, 'name') || this.botInfo.first_name }),
      setChatMenuButton: (p) => this.setChatMenuButton(p),
      getChatMenuButton: (p) => this.menuButtons.get(p.str('chat_id') ?? '') ?? { type: 'commands' },
      setWebhook: (p) => this.setWebhook(p),
      deleteWebhook: (p) => this.deleteWebhook(p),
      getWebhookInfo: () => this.webhookInfo(),
      getUpdates: (p, response) => this.getUpdates(p, response),
    };
    for (const name of Object.keys(this.handlers)) this.methodNames.set(name.toLowerCase(), name);
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address() as AddressInfo;
        this.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const wake of [...this.pollWaiters]) wake(false);
    // Let the woken long polls answer before the sockets go.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  sentMessages(chatId?: number): SentMessage[] {
    return [...this.messages.values()]
      .filter((message) => chatId === undefined || message.chatId === chatId)
      .map((message) => ({ ...message }));
  }

  failNext(method: string, error: TelegramApiError, times = 1): void {
    const key = method.toLowerCase();
    const queue = this.failures.get(key) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.failures.set(key, queue);
  }

  blockChat(chatId: number): void {
    this.blocked.add(chatId);
  }

  unblockChat(chatId: number): void {
    this.blocked.delete(chatId);
  }

  queueUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const updateId = update.update_id ?? this.nextUpdateId;
    this.nextUpdateId = Math.max(this.nextUpdateId, updateId + 1);
    const queued = { ...update, update_id: updateId } as Update;
    this.updates.push(queued);
    for (const wake of [...this.pollWaiters]) wake(false);
    return queued;
  }

  async applyWebhookReply(token: string, response: { statusCode?: number; body?: string }): Promise<void> {
    if ((response.statusCode ?? 200) !== 200 || !response.body) return;
    const parsed = WebhookReplySchema.safeParse(parseJsonOrUndefined(response.body));
    if (!parsed.success) return;
    const { method, ...params } = parsed.data;
    await fetch(`${this.url}/bot${token}/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    }).then((answer) => answer.arrayBuffer());
  }

  reset(): void {
    this.calls.length = 0;
    this.messages = new Map();
    this.lastMessageId = new Map();
    this.failures = new Map();
    this.blocked = new Set();
    this.updates = [];
    this.answeredCallbackQueries = new Set();
    this.uploadedFiles = new Map();
    this.commands = new Map();
    this.botTexts = new Map();
    this.menuButtons = new Map();
    this.webhook = undefined;
  }

  on(
    event: 'message' | 'call',
    listener: ((change: MessageChange) => void) | ((call: RecordedCall) => void),
  ): this {
    this.events.on(event, listener);
    return this;
  }

  off(
    event: 'message' | 'call',
    listener: ((change: MessageChange) => void) | ((call: RecordedCall) => void),
  ): this {
    this.events.off(event, listener);
    return this;
  }

  // --- HTTP

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://standin');
    const route = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!route) return respond(response, notFound());
    const token = decodeURIComponent(route[1] ?? '');
    const requested = route[2] ?? '';
    // Method names are case-insensitive in the Bot API.
    const method = this.methodNames.get(requested.toLowerCase());

    let outcome: TelegramResponse;
    let payload: Record<string, unknown> = {};
    try {
      const parsed = await readRequest(request, url);
      payload = parsed.payload;
      outcome = method === undefined ? notFound() : await this.run(method, parsed.params, response);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      outcome = { ok: false, ...error.error };
    }
    const call: RecordedCall = {
      method: method ?? requested,
      token,
      payload,
      response: outcome,
      at: new Date(),
    };
    this.calls.push(call);
    this.events.emit('call', call);
    respond(response, outcome);
  }

  private async run(method: string, params: Params, response: ServerResponse): Promise<TelegramResponse> {
    const injected = this.failures.get(method.toLowerCase())?.shift();
    if (injected) throw new ApiError(injected);
    const handler = this.handlers[method];
    if (!handler) return notFound();
    const result = await handler(params, response);
    return result instanceof Described
      ? { ok: true, result: result.result, description: result.description }
      : { ok: true, result };
  }

  // --- Messages

  private sendMessage(p: Params): unknown {
    const chatId = this.targetChat(p);
    const replyMarkup = parseReplyMarkup(p);
    const formatted = this.formatText(p.str('text') ?? '', p.str('parse_mode'));
    if (formatted.text === '') throw badRequest('message text is empty');
    if (formatted.text.length > TEXT_LIMIT) throw badRequest('message is too long');
    this.checkReplyTarget(p, chatId);
    this.checkBlocked(chatId);
    return this.store({ chatId, kind: 'text', ...formatted, replyMarkup });
  }

  private sendLocation(p: Params): unknown {
    const chatId = this.targetChat(p);
    const replyMarkup = parseReplyMarkup(p);
    const [latitude, longitude] = (['latitude', 'longitude'] as const).map((name) => {
      const value = p.str(name)?.trim();
      if (!value) throw badRequest(`${name} is empty`);
      return Number(value);
    }) as [number, number];
    if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180))
      throw badRequest('wrong location specified');
    this.checkReplyTarget(p, chatId);
    this.checkBlocked(chatId);
    return this.store({
      chatId,
      kind: 'location',
      html: '',
      text: '',
      entities: [],
      replyMarkup,
      location: { latitude, longitude },
    });
  }

  private sendFile(p: Params, kind: 'photo' | 'document'): unknown {
    const chatId = this.targetChat(p);
    const replyMarkup = parseReplyMarkup(p);
    const caption = this.formatText(p.str('caption') ?? '', p.str('parse_mode'));
    if (caption.text.length > CAPTION_LIMIT) throw badRequest('message caption is too long');
    const upload = p.file(kind);
    const reference = upload ? undefined : p.str(kind)?.trim();
    if (upload) {
      if (upload.bytes.length === 0) throw badRequest('file must be non-empty');
      if (kind === 'photo' && !looksLikeImage(upload.bytes)) throw badRequest('IMAGE_PROCESS_FAILED');
    } else if (!reference) {
      throw badRequest(`there is no ${kind} in the request`);
    } else if (!/^https?:\/\//i.test(reference) && !this.uploadedFiles.has(reference)) {
      throw badRequest('wrong file identifier/HTTP URL specified');
    }
    this.checkReplyTarget(p, chatId);
    this.checkBlocked(chatId);
    const file = upload ?? (reference ? this.uploadedFiles.get(reference) : undefined);
    return this.store({
      chatId,
      kind,
      ...caption,
      replyMarkup,
      ...(kind === 'photo' ? { photo: file } : { document: file }),
      ...(reference ? { fileReference: reference } : {}),
    });
  }

  private editMessageText(p: Params): unknown {
    const message = this.messageToEdit(p);
    const replyMarkup = parseInlineMarkupForEdit(p);
    const formatted = this.formatText(p.str('text') ?? '', p.str('parse_mode'));
    if (formatted.text === '') throw badRequest('message text is empty');
    if (formatted.text.length > TEXT_LIMIT) throw badRequest('message is too long');
    if (message.kind !== 'text') throw badRequest('there is no text in the message to edit');
    const unchanged =
      formatted.text === message.text &&
      JSON.stringify(formatted.entities) === JSON.stringify(message.entities) &&
      sameInlineKeyboard(replyMarkup, message.replyMarkup);
    if (unchanged) throw badRequest(NOT_MODIFIED);
    return this.edit(message, { ...formatted, replyMarkup: keptReplyKeyboard(replyMarkup, message) });
  }

  private editMessageReplyMarkup(p: Params): unknown {
    const message = this.messageToEdit(p);
    const replyMarkup = parseInlineMarkupForEdit(p);
    if (sameInlineKeyboard(replyMarkup, message.replyMarkup)) throw badRequest(NOT_MODIFIED);
    return this.edit(message, { replyMarkup: keptReplyKeyboard(replyMarkup, message) });
  }

  private deleteMessage(p: Params): unknown {
    const chatId = this.targetChat(p);
    const messageId = p.int('message_id');
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const message = this.messages.get(messageKey(chatId, messageId));
    if (!message) throw badRequest('message to delete not found');
    this.checkBlocked(chatId);
    this.messages.delete(messageKey(chatId, messageId));
    this.emitChange('deleted', message);
    return true;
  }

  private sendChatAction(p: Params): unknown {
    const chatId = this.targetChat(p);
    if (!CHAT_ACTIONS.has(p.str('action')?.trim().toLowerCase() ?? '')) {
      throw badRequest('wrong parameter action in request');
    }
    this.checkBlocked(chatId);
    return true;
  }

  private answerCallbackQuery(p: Params): unknown {
    const id = p.str('callback_query_id')?.trim();
    if (!id) throw badRequest('parameter "callback_query_id" is required');
    if ((p.str('text') ?? '').length > 200) throw badRequest(`MESSAGE_TOO_LONG${APPROXIMATE}`);
    // Telegram accepts one answer per callback query.
    if (this.answeredCallbackQueries.has(id)) {
      throw badRequest('query is too old and response timeout expired or query id is invalid');
    }
    this.answeredCallbackQueries.add(id);
    return true;
  }

  /** Text or caption with its parse mode: what the user sees, or Telegram's refusal. */
  private formatText(
    raw: string,
    parseMode: string | undefined,
  ): Pick<SentMessage, 'html' | 'text' | 'entities' | 'parseMode'> {
    const mode = parseMode?.trim().toLowerCase() ?? '';
    if (mode === '') return { html: raw, ...trimFormattedText(raw, []) };
    if (mode !== 'html') {
      // The bot renders HTML; MarkdownV2 would go unvalidated, so the stand-in refuses it outright.
      throw badRequest(`unsupported parse_mode (the stand-in implements only "HTML")`);
    }
    const parsed = parseTelegramHtml(raw, { strict: this.strictHtml });
    if (!parsed.ok) throw badRequest(`can't parse entities: ${parsed.description}`);
    return { html: raw, text: parsed.text, entities: parsed.entities, parseMode: parseMode?.trim() };
  }

  private store(content: Omit<SentMessage, 'messageId' | 'date'>): unknown {
    const messageId = (this.lastMessageId.get(content.chatId) ?? 0) + 1;
    this.lastMessageId.set(content.chatId, messageId);
    const message: SentMessage = { ...content, messageId, date: unixNow() };
    for (const file of [message.photo, message.document]) {
      if (file && !message.fileReference) this.uploadedFiles.set(fileId(message), file);
    }
    this.messages.set(messageKey(message.chatId, messageId), message);
    this.emitChange('sent', message);
    return this.toApiMessage(message);
  }

  private edit(message: SentMessage, changes: Partial<SentMessage>): unknown {
    const edited: SentMessage = { ...message, ...changes, editDate: unixNow() };
    this.messages.set(messageKey(edited.chatId, edited.messageId), edited);
    this.emitChange('edited', edited);
    return this.toApiMessage(edited);
  }

  private emitChange(type: MessageChange['type'], message: SentMessage): void {
    const change: MessageChange = { type, message: { ...message } };
    this.events.emit('message', change);
  }

  private targetChat(p: Params): number {
    const raw = p.str('chat_id')?.trim();
    if (!raw) throw badRequest('chat_id is empty');
    // The stand-in knows no usernames; every numeric id is a chat that has started the bot.
    if (!/^-?\d+$/.test(raw)) throw badRequest('chat not found');
    return Number(raw);
  }

  private checkBlocked(chatId: number): void {
    if (this.blocked.has(chatId)) {
      throw new ApiError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
  }

  private checkReplyTarget(p: Params, chatId: number): void {
    const parameters = JsonObjectSchema.safeParse(
      p.json('reply_parameters', "can't parse reply parameters JSON object"),
    );
    const replyTo = parameters.success ? parameters.data.message_id : p.int('reply_to_message_id');
    const allowWithout = parameters.success
      ? parameters.data.allow_sending_without_reply === true
      : p.bool('allow_sending_without_reply');
    if (typeof replyTo === 'number' && !allowWithout && !this.messages.has(messageKey(chatId, replyTo))) {
      throw badRequest('message to be replied not found');
    }
  }

  private messageToEdit(p: Params): SentMessage {
    if (p.str('inline_message_id'))
      throw badRequest(`MESSAGE_ID_INVALID (the stand-in keeps no inline messages)`);
    const chatId = this.targetChat(p);
    const messageId = p.int('message_id');
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const message = this.messages.get(messageKey(chatId, messageId));
    if (!message) throw badRequest('message to edit not found');
    this.checkBlocked(chatId);
    return message;
  }

  private toApiMessage(message: SentMessage): Record<string, unknown> {
    const { id, is_bot, first_name, username } = this.botInfo;
    const inline =
      message.replyMarkup && 'inline_keyboard' in message.replyMarkup ? message.replyMarkup : undefined;
    const file = message.photo ?? message.document;
    const fileFields = {
      file_id: fileId(message),
      file_unique_id: `u${fileId(message)}`,
      file_size: file?.bytes.length,
    };
    const withEntities = (key: string, entities: MessageEntity[]) =>
      entities.length > 0 ? { [key]: entities } : {};
    const caption = message.text
      ? { caption: message.text, ...withEntities('caption_entities', message.entities) }
      : {};
    return {
      message_id: message.messageId,
      from: { id, is_bot, first_name, username },
      chat: chatOf(message.chatId),
      date: message.date,
      ...(message.editDate !== undefined ? { edit_date: message.editDate } : {}),
      ...(message.kind === 'text' && { text: message.text, ...withEntities('entities', message.entities) }),
      ...(message.kind === 'location' && { location: message.location }),
      ...(message.kind === 'photo' && { photo: [{ ...fileFields, width: 512, height: 512 }], ...caption }),
      ...(message.kind === 'document' && {
        document: {
          ...fileFields,
          file_name: message.document?.filename,
          mime_type: message.document?.contentType,
        },
        ...caption,
      }),
      ...(inline && inline.inline_keyboard.length > 0 && { reply_markup: inline }),
    };
  }

  // --- Bot settings

  private setMyCommands(p: Params): unknown {
    const parsed = BotCommandsSchema.safeParse(p.json('commands', "can't parse commands JSON object") ?? []);
    if (!parsed.success) throw badRequest("can't parse BotCommand: expected an Array of BotCommand");
    for (const { command, description } of parsed.data) {
      if (!/^[a-z0-9_]{1,32}$/.test(command.replace(/^\//, ''))) throw badRequest('BOT_COMMAND_INVALID');
      if (description.trim() === '' || description.length > 256) {
        throw badRequest(`BOT_COMMAND_DESCRIPTION_INVALID${APPROXIMATE}`);
      }
    }
    this.commands.set(commandsKey(p), parsed.data);
    return true;
  }

  private setBotText(p: Params, field: string, limit: number): unknown {
    const value = p.str(field) ?? '';
    if (value.length > limit)
      throw badRequest(`${field} is too long, at most ${limit} characters${APPROXIMATE}`);
    this.botTexts.set(`${field}:${languageCode(p)}`, value);
    return true;
  }

  private botText(p: Params, field: string): string {
    return this.botTexts.get(`${field}:${languageCode(p)}`) ?? this.botTexts.get(`${field}:`) ?? '';
  }

  private setChatMenuButton(p: Params): unknown {
    const button = p.json('menu_button', "can't parse menu button JSON object") ?? { type: 'default' };
    const parsed = JsonObjectSchema.safeParse(button);
    if (!parsed.success || !['commands', 'web_app', 'default'].includes(String(parsed.data.type))) {
      throw badRequest("can't parse menu button: MenuButton must be an Object with a known type");
    }
    this.menuButtons.set(p.str('chat_id') ?? '', parsed.data);
    return true;
  }

  // --- Updates

  private setWebhook(p: Params): unknown {
    const url = p.str('url')?.trim() ?? '';
    if (url === '') return this.deleteWebhook(p);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
    }
    if (parsed.protocol !== 'https:')
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    if (!['', '80', '88', '443', '8443'].includes(parsed.port)) {
      throw badRequest('bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
    }
    if (p.bool('drop_pending_updates')) this.updates = [];
    this.webhook = {
      url,
      allowed_updates: p.json('allowed_updates', "can't parse allowed updates JSON object"),
    };
    return new Described(true, 'Webhook was set');
  }

  private deleteWebhook(p: Params): unknown {
    if (p.bool('drop_pending_updates')) this.updates = [];
    const existed = this.webhook !== undefined;
    this.webhook = undefined;
    return new Described(true, existed ? 'Webhook was deleted' : 'Webhook is already deleted');
  }

  private webhookInfo(): unknown {
    return {
      url: this.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.updates.length,
      ...(this.webhook && { max_connections: 40, allowed_updates: this.webhook.allowed_updates }),
    };
  }

  private async getUpdates(p: Params, response: ServerResponse): Promise<Update[]> {
    if (this.webhook) {
      throw new ApiError({
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    const offset = p.int('offset') ?? 0;
    const limit = Math.min(Math.max(p.int('limit') ?? 100, 1), 100);
    // Asking from `offset` confirms every earlier update: Telegram forgets them.
    if (offset > 0) this.updates = this.updates.filter((update) => update.update_id >= offset);
    const timeoutMs = Math.min(Math.max(p.int('timeout') ?? 0, 0) * 1000, this.maxPollMs);
    if (this.updates.length === 0 && timeoutMs > 0 && !this.closing) {
      // A second poller ends the first with 409, as Telegram does when two bot instances run.
      for (const wake of [...this.pollWaiters]) wake(true);
      const conflict = await new Promise<boolean>((resolve) => {
        const wake = (conflicted: boolean) => {
          clearTimeout(timer);
          this.pollWaiters.delete(wake);
          resolve(conflicted);
        };
        const timer = setTimeout(() => wake(false), timeoutMs);
        this.pollWaiters.add(wake);
        response.once('close', () => wake(false));
      });
      if (conflict) {
        throw new ApiError({
          error_code: 409,
          description:
            'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        });
      }
    }
    return this.updates.filter((update) => update.update_id >= offset).slice(0, limit);
  }
}

// --- Reply markup

/**
 * Checks reply_markup the way the Bot API parses it (tdlib/telegram-bot-api `get_reply_markup`), plus Telegram's
 * server-side checks on buttons (BUTTON_DATA_INVALID...). Unknown fields are ignored, as in Telegram.
 */
function parseReplyMarkup(p: Params): ReplyMarkup | undefined {
  const value = p.json('reply_markup', "can't parse reply keyboard markup JSON object");
  if (value === undefined || value === null) return undefined;
  const markup = JsonObjectSchema.safeParse(value);
  if (!markup.success) throw badRequest('object expected as reply markup');
  const fields = markup.data;
  if (fields.keyboard !== undefined)
    checkRows(fields.keyboard, 'keyboard', 'ReplyKeyboardMarkup', checkKeyboardButton);
  if (fields.inline_keyboard !== undefined) {
    checkRows(fields.inline_keyboard, 'inline_keyboard', 'InlineKeyboardMarkup', checkInlineButton);
  }
  for (const flag of [
    'resize_keyboard',
    'one_time_keyboard',
    'is_persistent',
    'selective',
    'remove_keyboard',
    'force_reply',
  ]) {
    if (fields[flag] !== undefined && typeof fields[flag] !== 'boolean') {
      throw badRequest(`field "${flag}" of the reply markup must be of the type Boolean`);
    }
  }
  const placeholder = fields.input_field_placeholder;
  if (placeholder !== undefined && (typeof placeholder !== 'string' || placeholder.length > 64)) {
    throw badRequest(`input_field_placeholder must be a String of 0-64 characters${APPROXIMATE}`);
  }
  // Checked above as far as the stand-in cares; other fields pass through as Telegram ignores them.
  return fields as unknown as ReplyMarkup;
}

/** Edits carry only inline keyboards. */
function parseInlineMarkupForEdit(p: Params): ReplyMarkup | undefined {
  const markup = parseReplyMarkup(p);
  if (markup && !('inline_keyboard' in markup)) throw badRequest('inline keyboard expected');
  return markup;
}

function checkRows(rows: unknown, field: string, type: string, checkButton: (button: unknown) => void): void {
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest(`field "${field}" of the ${type} should be an Array of Arrays`);
  }
  for (const row of rows as unknown[][]) for (const button of row) checkButton(button);
}

function checkKeyboardButton(button: unknown): void {
  if (typeof button === 'string') {
    checkButtonText(button);
    return;
  }
  const object = JsonObjectSchema.safeParse(button);
  if (!object.success)
    throw badRequest("can't parse keyboard button: KeyboardButton should be a String or an Object");
  checkButtonTextField(object.data, 'keyboard button');
  for (const flag of ['request_contact', 'request_location']) {
    if (object.data[flag] !== undefined && typeof object.data[flag] !== 'boolean') {
      throw badRequest(`can't parse keyboard button: Field "${flag}" must be of type Boolean`);
    }
  }
}

function checkInlineButton(button: unknown): void {
  const object = JsonObjectSchema.safeParse(button);
  if (!object.success)
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton should be an Object");
  const fields = object.data;
  checkButtonTextField(fields, 'inline keyboard button');
  for (const name of ['url', 'callback_data'] as const) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string') {
      throw badRequest(`can't parse inline keyboard button: Field "${name}" must be of type String`);
    }
  }
  // Telegram treats an empty url or callback_data as absent.
  const actions = INLINE_BUTTON_ACTIONS.filter((name) => fields[name] !== undefined && fields[name] !== '');
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (actions.length > 1) {
    throw badRequest(
      `can't parse inline keyboard button: a button takes exactly one of ${actions.join(', ')}; Telegram would silently use the first${STRICTER}`,
    );
  }
  if (typeof fields.callback_data === 'string' && Buffer.byteLength(fields.callback_data, 'utf8') > 64) {
    throw badRequest('BUTTON_DATA_INVALID');
  }
  if (typeof fields.url === 'string' && fields.url !== '' && checkTelegramUrl(fields.url) === undefined) {
    throw badRequest('BUTTON_URL_INVALID');
  }
}

function checkButtonTextField(fields: Record<string, unknown>, what: string): void {
  if (fields.text === undefined) throw badRequest(`can't parse ${what}: Can't find field "text"`);
  if (typeof fields.text !== 'string')
    throw badRequest(`can't parse ${what}: Field "text" must be of type String`);
  checkButtonText(fields.text);
}

function checkButtonText(text: string): void {
  if (text.trim() === '') throw badRequest('BUTTON_TEXT_INVALID');
}

/** An edit replaces the inline keyboard; a reply keyboard stays on the user's screen whatever the edit says. */
function keptReplyKeyboard(edited: ReplyMarkup | undefined, message: SentMessage): ReplyMarkup | undefined {
  const current = message.replyMarkup;
  return edited ?? (current && !('inline_keyboard' in current) ? current : undefined);
}

function sameInlineKeyboard(a: ReplyMarkup | undefined, b: ReplyMarkup | undefined): boolean {
  const rows = (markup: ReplyMarkup | undefined) =>
    JSON.stringify(markup && 'inline_keyboard' in markup ? markup.inline_keyboard : []);
  return rows(a) === rows(b);
}

// --- Request parsing

/** A webhook's answer that asks Telegram to make a call. */
const WebhookReplySchema = z.object({ method: z.string().min(1) }).loose();

/** Query string and body, parsed as the Bot API does: JSON, url-encoded form or multipart form. */
async function readRequest(request: IncomingMessage, url: URL): Promise<ParsedRequest> {
  const args = new Map<string, string>();
  const files = new Map<string, RecordedFile>();
  const payload: Record<string, unknown> = {};
  const add = (name: string, value: unknown) => {
    if (value === null || value === undefined) return;
    payload[name] = value;
    args.set(
      name,
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value),
    );
  };
  for (const [name, value] of url.searchParams) add(name, value);

  const body = await readBody(request);
  const contentType = request.headers['content-type'] ?? '';
  const lowered = contentType.toLowerCase();
  if (body.length === 0) {
    // Nothing more to read.
  } else if (lowered.includes('multipart/form-data')) {
    for (const part of parseMultipart(body, multipartBoundary(contentType))) {
      if (part.filename === undefined) {
        add(part.name, part.content.toString('utf8'));
      } else {
        const file = { bytes: part.content, filename: part.filename, contentType: part.contentType };
        files.set(part.name, file);
        payload[part.name] = file;
      }
    }
  } else if (lowered.includes('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) add(name, value);
  } else if (lowered.includes('application/json')) {
    // Telegram ignores a body that is not a JSON object: the method then runs without those parameters.
    const parsed = JsonObjectSchema.safeParse(parseJsonOrUndefined(body.toString('utf8')));
    if (parsed.success) for (const [name, value] of Object.entries(parsed.data)) add(name, value);
  }
  return { params: new Params(args, files), payload };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function multipartBoundary(contentType: string): string {
  const match = /boundary\s*=\s*("([^"]+)"|[^;\s]+)/i.exec(contentType);
  const boundary = match?.[2] ?? match?.[1];
  if (!boundary) throw badRequest('boundary not found');
  return boundary;
}

interface MultipartPart {
  name: string;
  filename?: string;
  contentType: string;
  content: Buffer;
}

/** A minimal multipart/form-data reader, lenient like Telegram's (grammY writes `name=x` without quotes). */
function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    const start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const headersEnd = body.indexOf('\r\n\r\n', start);
    if (headersEnd === -1) break;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd + 4);
    const content = body.subarray(headersEnd + 4, next === -1 ? body.length : next);
    parts.push(multipartPart(body.toString('utf8', start, headersEnd), content));
    position = next === -1 ? -1 : next + 2;
  }
  return parts;
}

function multipartPart(rawHeaders: string, content: Buffer): MultipartPart {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType = 'application/octet-stream';
  for (const line of rawHeaders.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === 'content-type') contentType = value;
    if (header !== 'content-disposition') continue;
    if (!value.toLowerCase().startsWith('form-data;'))
      throw badRequest('expected form-data content disposition');
    for (const parameter of value.slice('form-data;'.length).split(';')) {
      const equals = parameter.indexOf('=');
      if (equals === -1) continue;
      const key = parameter.slice(0, equals).trim();
      const raw = parameter.slice(equals + 1).trim();
      const unquoted = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
      if (key === 'name') name = unquoted;
      if (key === 'filename') filename = unquoted;
    }
  }
  if (!name) throw badRequest('field name in multipart/form-data not found');
  return { name, contentType, content, ...(filename !== undefined && { filename }) };
}

// --- Small helpers

function respond(response: ServerResponse, outcome: TelegramResponse): void {
  if (response.headersSent || response.destroyed) return;
  const status = outcome.ok ? 200 : outcome.error_code;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(outcome));
}

function notFound(): TelegramResponse {
  return { ok: false, error_code: 404, description: 'Not Found' };
}

function messageKey(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}

function fileId(message: SentMessage): string {
  return message.fileReference ?? `standin-${message.kind}-${message.chatId}-${message.messageId}`;
}

function chatOf(chatId: number): Record<string, unknown> {
  if (chatId > 0) return { id: chatId, type: 'private' };
  return String(chatId).startsWith('-100')
    ? { id: chatId, type: 'supergroup', title: 'Group' }
    : { id: chatId, type: 'group', title: 'Group' };
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** Telegram's bot settings take a two-letter ISO 639-1 code or none (so not `prs`, `kmr` or `ckb`). */
function languageCode(p: Params): string {
  const code = p.str('language_code')?.trim() ?? '';
  if (code !== '' && !/^[a-z]{2}$/.test(code)) throw badRequest('invalid language code specified');
  return code;
}

function commandsKey(p: Params): string {
  const scope = p.json('scope', "can't parse BotCommandScope JSON object") ?? { type: 'default' };
  return `${JSON.stringify(scope)}:${languageCode(p)}`;
}

/** JPEG, PNG, GIF, WebP or BMP by their magic bytes; Telegram refuses other bytes as a photo. */
function looksLikeImage(bytes: Buffer): boolean {
  const starts = (signature: number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);
  return (
    starts([0xff, 0xd8, 0xff]) ||
    starts([0x89, 0x50, 0x4e, 0x47]) ||
    starts([0x47, 0x49, 0x46, 0x38]) ||
    (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) ||
    starts([0x42, 0x4d])
  );
}

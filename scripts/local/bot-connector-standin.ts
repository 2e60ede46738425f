import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateAdaptiveCard } from './adaptive-card-validator';

/**
 * A local stand-in of the Bot Framework's Bot Connector service, for the end-to-end tests and `npm start`.
 * botbuilder's connector client talks to it when an incoming activity's `serviceUrl` is `standin.serviceUrl`.
 * It validates what the bot sends where Teams would refuse it (JSON, activity type, text or attachments,
 * Adaptive Cards against the schema of their version, the 28 KB size limit), records every call, and can
 * fail calls on purpose. Like the real service it also signs the requests it would send to the bot: its
 * OpenID metadata and keys let botbuilder verify `channelToken()`s, so authentication runs for real.
 *
 * @example
 * const standin = await startBotConnectorStandin();
 * const activity = { ...incoming, serviceUrl: standin.serviceUrl };
 * await handler(activity); // the bot replies through the stand-in
 * standin.activities(activity.conversation.id).at(-1)?.activity.text;
 * await standin.close();
 */
export async function startBotConnectorStandin(
  options: BotConnectorStandinOptions = {},
): Promise<BotConnectorStandin> {
  const standin = new Standin(options);
  await standin.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return standin;
}

export interface BotConnectorStandinOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * When set, every connector call must carry `Authorization: Bearer <token>` with this token (or one the
   * function accepts), as the real service requires the bot's Azure AD token. Default: not checked, as
   * botbuilder sends no token when the bot runs without credentials.
   */
  requireBearer?: string | ((token: string) => boolean);
}

/** The Bot Connector operations, named as botbuilder's `ConnectorClient.conversations` names them. */
export type ConnectorOperation =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity';

export interface BotConnectorStandin {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** What to put into incoming activities' `serviceUrl` (with a path, like Teams' `…/emea/`). */
  readonly serviceUrl: string;
  /** Where botbuilder finds the keys the stand-in signs channel tokens with (`ToBotFromChannelOpenIdMetadataUrl`). */
  readonly openIdMetadataUrl: string;
  /** Every connector request in arrival order, refused ones included. */
  readonly calls: RecordedCall[];
  /** The activities the bot sent and has not deleted, as they are now (after updates), in sending order. */
  activities(conversationId?: string): SentActivity[];
  /** The next `times` calls of `operation` (or of any, with '*') fail with this status and error. */
  failNext(operation: ConnectorOperation | '*', failure: ConnectorFailure, times?: number): void;
  /**
   * A token as the Bot Framework signs its requests to the bot, for `Authorization: Bearer …`. `signedBy:
   * 'stranger'` signs with a key the stand-in does not publish (a forged token).
   */
  channelToken(claims: ChannelTokenClaims): string;
  /** Forgets calls, activities and injected failures. */
  reset(): void;
  /** `activity`: every activity sent, updated or deleted; `call`: every request. */
  on(event: 'activity', listener: (change: ActivityChange) => void): this;
  on(event: 'call', listener: (call: RecordedCall) => void): this;
  off(event: 'activity', listener: (change: ActivityChange) => void): this;
  off(event: 'call', listener: (call: RecordedCall) => void): this;
  close(): Promise<void>;
}

export interface ConnectorFailure {
  status: number;
  /** The error code in the body, such as "ServiceError" or "BotNotInConversationRoster". */
  code?: string;
  message?: string;
}

export interface ChannelTokenClaims {
  /** The bot's Microsoft App ID: the token's audience. */
  appId: string;
  /** Default: this stand-in's serviceUrl; botbuilder requires it to equal the activity's. */
  serviceUrl?: string;
  /** Default 3600; negative for an expired token. */
  expiresInSeconds?: number;
  /** Default 'standin'. */
  signedBy?: 'standin' | 'stranger';
}

export interface RecordedCall {
  /** Undefined for requests that match no operation. */
  operation?: ConnectorOperation;
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  /** The JSON body as received (undefined when it was not JSON or empty). */
  body: unknown;
  status: number;
  response: unknown;
  /** Whether the request carried a bearer token (the token itself is not kept). */
  bearer: boolean;
  at: Date;
}

export interface SentActivity {
  id: string;
  conversationId: string;
  operation: 'sendToConversation' | 'replyToActivity' | 'createConversation';
  replyToId?: string;
  /** The activity as the bot sent it, or as it last updated it. */
  activity: Record<string, unknown>;
  sentAt: Date;
  updatedAt?: Date;
}

export interface ActivityChange {
  type: 'sent' | 'updated' | 'deleted';
  activity: SentActivity;
}

/** Teams refuses larger messages with 413 MessageSizeTooBig (the Teams documentation's older, stricter figure). */
export const MAX_MESSAGE_BYTES = 28 * 1024;
/** Activity types a bot sends to Teams. */
const SENDABLE_TYPES = new Set(['message', 'typing', 'event', 'endOfConversation']);
const TEXT_FORMATS = new Set(['plain', 'markdown', 'xml']);
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** Attachment types Teams shows besides Adaptive Cards; the stand-in checks only their shape. */
const OTHER_CARDS = new Set([
  'application/vnd.microsoft.card.hero',
  'application/vnd.microsoft.card.thumbnail',
  'application/vnd.microsoft.card.o365connector',
  'application/vnd.microsoft.teams.card.list',
  'application/vnd.microsoft.teams.card.file.consent',
]);
/** The region path of Teams' service URLs (https://smba.trafficmanager.net/emea/). */
const REGION = 'emea';
const ISSUER = 'https://api.botframework.com';

/** Marks checks the real service does not make: the stand-in refuses what would reach users wrongly. */
const STRICTER = ' (the stand-in is stricter than Teams here)';

class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

const badArgument = (message: string) => new ConnectorError(400, 'BadArgument', message);

type Json = Record<string, unknown>;

class Standin implements BotConnectorStandin {
  url = '';
  serviceUrl = '';
  openIdMetadataUrl = '';
  readonly calls: RecordedCall[] = [];

  private readonly server = createServer((request, response) => {
    this.handle(request, response).catch((error: unknown) => {
      send(response, 500, { error: { code: 'ServiceError', message: String(error) } });
    });
  });
  private readonly events = new EventEmitter();
  private readonly requireBearer: BotConnectorStandinOptions['requireBearer'];
  private sent = new Map<string, SentActivity>();
  private failures = new Map<string, ConnectorFailure[]>();
  private nextId = 1;
  private keys?: { kid: string; privateKey: KeyObject; jwk: { n: string; e: string }; stranger: KeyObject };

  constructor(options: BotConnectorStandinOptions) {
    this.requireBearer = options.requireBearer;
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address() as AddressInfo;
        this.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
        this.serviceUrl = `${this.url}/${REGION}/`;
        this.openIdMetadataUrl = `${this.url}/v1/.well-known/openidconfiguration`;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  activities(conversationId?: string): SentActivity[] {
    return [...this.sent.values()]
      .filter((sent) => conversationId === undefined || sent.conversationId === conversationId)
      .map((sent) => ({ ...sent }));
  }

  failNext(operation: ConnectorOperation | '*', failure: ConnectorFailure, times = 1): void {
    const queue = this.failures.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(operation, queue);
  }

  channelToken(claims: ChannelTokenClaims): string {
    const keys = this.signingKeys();
    const now = Math.floor(Date.now() / 1000);
    const expires = now + (claims.expiresInSeconds ?? 3600);
    const header = { alg: 'RS256', typ: 'JWT', kid: keys.kid };
    const payload = {
      iss: ISSUER,
      aud: claims.appId,
      serviceurl: claims.serviceUrl ?? this.serviceUrl,
      nbf: Math.min(now, expires) - 300,
      iat: Math.min(now, expires) - 300,
      exp: expires,
    };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    const signer = createSign('RSA-SHA256');
    signer.update(unsigned);
    const key = claims.signedBy === 'stranger' ? keys.stranger : keys.privateKey;
    return `${unsigned}.${signer.sign(key).toString('base64url')}`;
  }

  reset(): void {
    this.calls.length = 0;
    this.sent = new Map();
    this.failures = new Map();
  }

  on(
    event: 'activity' | 'call',
    listener: ((change: ActivityChange) => void) | ((call: RecordedCall) => void),
  ) {
    this.events.on(event, listener);
    return this;
  }

  off(
    event: 'activity' | 'call',
    listener: ((change: ActivityChange) => void) | ((call: RecordedCall) => void),
  ) {
    this.events.off(event, listener);
    return this;
  }

  // --- HTTP

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://standin');
    const method = request.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/v1/.well-known/openidconfiguration') {
      return send(response, 200, {
        issuer: ISSUER,
        jwks_uri: `${this.url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (method === 'GET' && url.pathname === '/v1/.well-known/keys') {
      const keys = this.signingKeys();
      return send(response, 200, {
        keys: [
          { kty: 'RSA', use: 'sig', kid: keys.kid, n: keys.jwk.n, e: keys.jwk.e, endorsements: ['msteams'] },
        ],
      });
    }

    const raw = await readBody(request);
    const route = matchRoute(method, url.pathname);
    const authorization = request.headers.authorization ?? '';
    const bearer = /^Bearer \S+$/.test(authorization);
    let body: unknown;
    let status: number;
    let result: unknown;
    try {
      if (!route) throw new ConnectorError(404, 'NotFound', `No operation at ${method} ${url.pathname}`);
      this.checkAuthorization(authorization);
      const injected = this.failures.get(route.operation)?.shift() ?? this.failures.get('*')?.shift();
      if (injected) {
        throw new ConnectorError(
          injected.status,
          injected.code ?? 'ServiceError',
          injected.message ?? 'Injected failure',
        );
      }
      body = route.operation === 'deleteActivity' ? undefined : parseJsonBody(raw);
      [status, result] = this.run(route, body, raw.length);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      status = error.status;
      // ASP.NET's answer to a missing or wrong token, which the real service gives.
      result =
        error.status === 401
          ? { message: 'Authorization has been denied for this request.' }
          : { error: { code: error.code, message: error.message } };
    }
    const call: RecordedCall = {
      ...(route ? { operation: route.operation } : {}),
      method,
      path: url.pathname,
      ...(route?.conversationId ? { conversationId: route.conversationId } : {}),
      ...(route?.activityId ? { activityId: route.activityId } : {}),
      body,
      status,
      response: result,
      bearer,
      at: new Date(),
    };
    this.calls.push(call);
    this.events.emit('call', call);
    send(response, status, result);
  }

  private checkAuthorization(authorization: string): void {
    const expected = this.requireBearer;
    if (expected === undefined) return;
    const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
    const accepted =
      token !== undefined && (typeof expected === 'string' ? token === expected : expected(token));
    if (!accepted)
      throw new ConnectorError(401, 'Unauthorized', 'Authorization has been denied for this request.');
  }

  private run(route: Route, body: unknown, bytes: number): [number, unknown] {
    switch (route.operation) {
      case 'createConversation':
        return [201, this.createConversation(body, bytes)];
      case 'sendToConversation':
      case 'replyToActivity': {
        const conversationId = route.conversationId ?? '';
        const activity = validateActivity(body, conversationId, bytes);
        const stored = this.store(conversationId, route.operation, activity, route.activityId);
        return [201, { id: stored.id }];
      }
      case 'updateActivity': {
        const existing = this.existing(route);
        const activity = validateActivity(body, existing.conversationId, bytes);
        if (activity.type !== existing.activity.type)
          throw badArgument('An update cannot change the activity type');
        const updated: SentActivity = { ...existing, activity, updatedAt: new Date() };
        this.sent.set(updated.id, updated);
        this.events.emit('activity', { type: 'updated', activity: { ...updated } });
        return [200, { id: updated.id }];
      }
      case 'deleteActivity': {
        const existing = this.existing(route);
        this.sent.delete(existing.id);
        this.events.emit('activity', { type: 'deleted', activity: { ...existing } });
        return [200, {}];
      }
    }
  }

  /** Teams creates (or finds) the 1:1 chat of a user with the bot; the tenant must be given. */
  private createConversation(body: unknown, bytes: number): unknown {
    if (!isObject(body)) throw badArgument('Invalid conversation parameters');
    if (!isObject(body.bot) || typeof body.bot.id !== 'string') throw badArgument('bot.id is required');
    const members = body.members;
    if (
      !Array.isArray(members) ||
      members.length === 0 ||
      !members.every((m) => isObject(m) && typeof m.id === 'string')
    ) {
      throw badArgument('members must list at least one member with an id');
    }
    if (body.isGroup !== true && members.length !== 1)
      throw badArgument('A 1:1 conversation has exactly one member');
    const channelData = isObject(body.channelData) ? body.channelData : {};
    const tenant = isObject(channelData.tenant) ? channelData.tenant.id : undefined;
    if (typeof body.tenantId !== 'string' && typeof tenant !== 'string') {
      throw badArgument('Tenant ID is required (tenantId or channelData.tenant.id)');
    }
    const conversationId = `a:standin-${randomUUID()}`;
    if (body.activity === undefined) return { id: conversationId, serviceUrl: this.serviceUrl };
    const activity = validateActivity(body.activity, conversationId, bytes);
    const stored = this.store(conversationId, 'createConversation', activity);
    return { id: conversationId, activityId: stored.id, serviceUrl: this.serviceUrl };
  }

  private store(
    conversationId: string,
    operation: SentActivity['operation'],
    activity: Json,
    replyToId?: string,
  ): SentActivity {
    // Teams message ids are millisecond timestamps.
    const id = String(1_790_000_000_000 + this.nextId++);
    const stored: SentActivity = {
      id,
      conversationId,
      operation,
      ...(replyToId ? { replyToId } : {}),
      activity: { ...activity, id },
      sentAt: new Date(),
    };
    this.sent.set(id, stored);
    this.events.emit('activity', { type: 'sent', activity: { ...stored } });
    return stored;
  }

  private existing(route: Route): SentActivity {
    const existing = route.activityId ? this.sent.get(route.activityId) : undefined;
    if (!existing || existing.conversationId !== route.conversationId) {
      throw new ConnectorError(404, 'ActivityNotFound', 'The activity does not exist in this conversation');
    }
    return existing;
  }

  private signingKeys() {
    if (!this.keys) {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = pair.publicKey.export({ format: 'jwk' });
      this.keys = {
        kid: `standin-${randomUUID().slice(0, 8)}`,
        privateKey: pair.privateKey,
        jwk: { n: String(jwk.n), e: String(jwk.e) },
        stranger: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      };
    }
    return this.keys;
  }
}

interface Route {
  operation: ConnectorOperation;
  conversationId?: string;
  activityId?: string;
}

function matchRoute(method: string, path: string): Route | undefined {
  const match = new RegExp(`^/${REGION}/v3/conversations(?:/([^/]+)/activities(?:/([^/]+))?)?/?$`).exec(path);
  if (!match) return undefined;
  const conversationId = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  const activityId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  const ids = { ...(conversationId ? { conversationId } : {}), ...(activityId ? { activityId } : {}) };
  if (!conversationId) return method === 'POST' ? { operation: 'createConversation' } : undefined;
  if (!activityId) return method === 'POST' ? { operation: 'sendToConversation', ...ids } : undefined;
  const operations: Record<string, ConnectorOperation> = {
    POST: 'replyToActivity',
    PUT: 'updateActivity',
    DELETE: 'deleteActivity',
  };
  const operation = operations[method];
  return operation ? { operation, ...ids } : undefined;
}

/** The checks Teams makes on a bot's activity (and a few it should make, marked STRICTER). */
function validateActivity(body: unknown, conversationId: string, bytes: number): Json {
  if (!isObject(body)) throw badArgument('The activity must be a JSON object');
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new ConnectorError(
      413,
      'MessageSizeTooBig',
      `The message is ${bytes} bytes; at most ${MAX_MESSAGE_BYTES}`,
    );
  }
  if (typeof body.type !== 'string' || !SENDABLE_TYPES.has(body.type)) {
    throw badArgument(`Unknown or missing activity type: ${JSON.stringify(body.type)}`);
  }
  const conversation = body.conversation;
  if (isObject(conversation) && conversation.id !== undefined && conversation.id !== conversationId) {
    throw badArgument(`conversation.id does not match the conversation in the URL${STRICTER}`);
  }
  if (body.type !== 'message') return body;
  const text = typeof body.text === 'string' ? body.text : '';
  const attachments = body.attachments;
  if (attachments !== undefined && !Array.isArray(attachments))
    throw badArgument('attachments must be an array');
  if (text.trim() === '' && (!Array.isArray(attachments) || attachments.length === 0)) {
    throw badArgument('A message needs text or attachments');
  }
  if (body.textFormat !== undefined && !TEXT_FORMATS.has(String(body.textFormat))) {
    throw badArgument(`Unknown textFormat ${JSON.stringify(body.textFormat)}`);
  }
  (Array.isArray(attachments) ? attachments : []).forEach((attachment, i) => {
    validateAttachment(attachment, `attachments[${i}]`);
  });
  return body;
}

function validateAttachment(attachment: unknown, path: string): void {
  if (!isObject(attachment) || typeof attachment.contentType !== 'string') {
    throw badArgument(`${path} needs a contentType`);
  }
  if (attachment.contentType === ADAPTIVE_CARD) {
    const problems = validateAdaptiveCard(attachment.content);
    if (problems.length > 0)
      throw badArgument(`${path} is not a valid Adaptive Card: ${problems.join('; ')}`);
    return;
  }
  if (OTHER_CARDS.has(attachment.contentType)) {
    if (!isObject(attachment.content)) throw badArgument(`${path} needs a content object`);
    return;
  }
  if (typeof attachment.contentUrl !== 'string') {
    throw badArgument(
      `${path}: unknown attachment type ${attachment.contentType} without contentUrl${STRICTER}`,
    );
  }
}

function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw badArgument('The request body is not JSON');
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

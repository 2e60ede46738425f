import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readBody, telegramApiGatewayEvent, toApiGatewayEvent, writeResult } from './apigw';
import { SimulatorActionSchema, updateFor } from './simulator-updates';
import type { StaffViewConfig } from './staff-local';
import { staffRoute } from './staff-server';
import type { TelegramApiStandin } from './telegram-api-standin';

export type LambdaHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalServerOptions {
  port: number;
  /** Behind `POST /telegram/webhook`: the real bot's handler when configured, else the simulator's. */
  telegram: LambdaHandler;
  /** The simulator's bot (its own token, secret and Bot API stand-in); default `telegram`. */
  simulatorTelegram?: LambdaHandler;
  /** The secret the simulator puts in `X-Telegram-Bot-Api-Secret-Token`, like Telegram does. */
  telegramWebhookSecret: string;
  /** The simulated bot's token: a call in the webhook's answer is run on the stand-in with it. */
  telegramBotToken: string;
  standin: TelegramApiStandin;
  teams?: LambdaHandler;
  /** The staff view (`GET /staff`), when the Bot Connector stand-in runs (scripts/local/staff-local.ts). */
  staff?: StaffViewConfig;
}

export interface LocalServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const SIMULATOR_PAGE = join(__dirname, 'simulator.html');

/**
 * The local HTTP server: the Lambda handlers behind the contract routes (through an API Gateway v2 event),
 * `/healthz`, and the browser simulator with its two helper routes.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const server = createServer((req, res) => {
    route(req, res, options).catch((error: unknown) => {
      console.error('local server error:', error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500).end('Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} is in use (another npm start?). Stop it, or choose another port: PORT=3001 npm start`,
            )
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Routes that channels call: they check their own credentials (webhook secret, Bot Framework token). */
const WEBHOOK_ROUTES = new Set(['POST /telegram/webhook', 'POST /teams/api/messages', 'GET /healthz']);

/**
 * The simulator and the staff view act as a user and as staff: only a page of this server may use them. A
 * request must name this machine as its host (a web page elsewhere cannot reach it through DNS rebinding) and
 * must not come from another origin (a web page elsewhere cannot post to it from the person's browser).
 */
export function fromThisMachine(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;
  if (!local.test(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

async function route(req: IncomingMessage, res: ServerResponse, options: LocalServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const key = `${req.method} ${url.pathname}`;
  if (!WEBHOOK_ROUTES.has(key) && !fromThisMachine(req)) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('Only pages of this server may use this route.');
    return;
  }
  switch (key) {
    case 'GET /healthz':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    case 'GET /':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(SIMULATOR_PAGE));
      return;
    case 'POST /telegram/webhook':
      return runLambda(req, res, options.telegram, 'POST /telegram/webhook');
    case 'POST /teams/api/messages':
      if (options.teams) return runLambda(req, res, options.teams, 'POST /teams/api/messages');
      res
        .writeHead(501, { 'content-type': 'text/plain' })
        .end('The Teams channel is not part of this build yet.');
      return;
    case 'POST /simulator/api/send':
      return simulatorSend(req, res, options);
    case 'GET /simulator/api/events':
      return simulatorEvents(url, res, options.standin);
    default:
      if (options.staff && staffRoute(url, req.method ?? 'GET', res, options.staff)) return;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
}

async function runLambda(
  req: IncomingMessage,
  res: ServerResponse,
  handler: LambdaHandler,
  routeKey: string,
) {
  const body = await readBody(req);
  writeResult(res, await handler(toApiGatewayEvent(req, body, routeKey)));
}

/** Turns a simulator action into a real Telegram update and posts it to the webhook handler. */
async function simulatorSend(req: IncomingMessage, res: ServerResponse, options: LocalServerOptions) {
  let json: unknown;
  try {
    json = JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    res.writeHead(400).end('Body is not JSON');
    return;
  }
  const action = SimulatorActionSchema.safeParse(json);
  if (!action.success) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(action.error.message);
    return;
  }
  const update = JSON.stringify(updateFor(action.data));
  const simulator = options.simulatorTelegram ?? options.telegram;
  const result = await simulator(telegramApiGatewayEvent(update, options.telegramWebhookSecret));
  await options.standin.applyWebhookReply(options.telegramBotToken, result);
  res.writeHead(result.statusCode ?? 200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ webhookStatus: result.statusCode ?? 200 }));
}

/** Server-sent events: the messages the bot sent to one chat, first those so far, then every change. */
function simulatorEvents(url: URL, res: ServerResponse, standin: TelegramApiStandin) {
  const chatId = Number(url.searchParams.get('chat'));
  if (!Number.isSafeInteger(chatId)) {
    res.writeHead(400).end('chat must be a number');
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const message of standin.sentMessages(chatId))
    res.write(`data: ${JSON.stringify({ type: 'sent', message })}\n\n`);
  const listener = (change: { message: { chatId: number } }) => {
    if (change.message.chatId === chatId) res.write(`data: ${JSON.stringify(change)}\n\n`);
  };
  standin.on('message', listener);
  res.on('close', () => standin.off('message', listener));
}

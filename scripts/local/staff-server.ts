import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { ActivityChange } from './bot-connector-standin';
import type { StaffViewConfig } from './staff-local';

const PAGE = join(__dirname, 'staff-view.html');
const RENDERER = join(__dirname, '..', '..', 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');

/**
 * The staff view's routes (`GET /staff`, its script and its event stream). The page itself posts real Teams
 * activities to `POST /teams/api/messages`, as a Teams client's staff member would through the Bot Connector.
 * Returns false for paths that are not the staff view's.
 */
export function staffRoute(url: URL, method: string, res: ServerResponse, view: StaffViewConfig): boolean {
  const key = `${method} ${url.pathname}`;
  switch (key) {
    case 'GET /staff':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(PAGE));
      return true;
    case 'GET /staff/adaptivecards.js':
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(RENDERER));
      return true;
    case 'GET /staff/api/config': {
      const { connector: _connector, ...config } = view;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
      return true;
    }
    case 'GET /staff/api/events':
      staffEvents(res, view);
      return true;
    default:
      return false;
  }
}

/** Server-sent events: what the bot posted in the demo staff channel and its threads, then every change. */
function staffEvents(res: ServerResponse, view: StaffViewConfig): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const inChannel = (conversationId: string) => conversationId.startsWith(view.channelId);
  for (const activity of view.connector.activities()) {
    if (inChannel(activity.conversationId))
      res.write(`data: ${JSON.stringify({ type: 'sent', activity })}\n\n`);
  }
  const listener = (change: ActivityChange) => {
    if (inChannel(change.activity.conversationId)) res.write(`data: ${JSON.stringify(change)}\n\n`);
  };
  view.connector.on('activity', listener);
  res.on('close', () => view.connector.off('activity', listener));
}

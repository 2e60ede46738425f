import type { TurnContext } from 'botbuilder';
import type { Logger } from '../log/logger';
import type { TeamsMessage } from './render';

/** What happened when the replies were sent. */
export type SendOutcome = 'sent' | 'gone' | 'failed';

/**
 * Sends the rendered replies one after another, awaiting each, so they arrive in order. The session is already
 * saved: a failure is logged, not answered with 5xx (Teams would deliver the activity again, and the re-run
 * would be recognised as a duplicate and send nothing either). Sending stops at the first failure, which also
 * bounds the time: the connector client retries 5xx and 429 itself (three times, backing off from one second),
 * and a turn must end well within Teams' 15 seconds.
 * - 403 and 404: the user removed the bot or the conversation is gone; stop.
 */
export async function sendReplies(
  context: TurnContext,
  messages: TeamsMessage[],
  log: Logger,
): Promise<SendOutcome> {
  for (const message of messages) {
    try {
      await context.sendActivity(message);
    } catch (error) {
      const { statusCode, code } = connectorError(error);
      if (statusCode === 403 || statusCode === 404) {
        log.warn('teams.gone', { statusCode, code });
        return 'gone';
      }
      log.error('teams.send_failed', { statusCode, code });
      return 'failed';
    }
  }
  return 'sent';
}

/** The status and error code of a Bot Connector error (a RestError), never its message: it may quote the body. */
export function connectorError(error: unknown): { statusCode?: number; code?: string } {
  const details = (typeof error === 'object' && error !== null ? error : {}) as {
    statusCode?: unknown;
    code?: unknown;
    name?: unknown;
  };
  return {
    ...(typeof details.statusCode === 'number' ? { statusCode: details.statusCode } : {}),
    ...(typeof details.code === 'string'
      ? { code: details.code }
      : typeof details.name === 'string'
        ? { code: details.name }
        : {}),
  };
}

import type { TurnContext } from 'botbuilder';
import type { DialogPorts } from '../../dialogs/types';
import { processEvent } from '../conversation/process-event';
import { type Logger, pseudonym } from '../log/logger';
import { renderForTeams } from '../render/teams';
import type { SessionStore } from '../store/session-store';
import type { TeamsInbound } from './activity-to-event';
import { sendReplies } from './send';

export interface UserTurnDependencies {
  ports: DialogPorts;
  sessions: SessionStore;
  log: Logger;
  /** Salt for pseudonymous ids in logs. */
  logSalt: string;
}

/**
 * The bot logic for one activity of a user's personal chat: one dialog turn (load, turn, save), then the
 * replies, sent after the save. Errors propagate to the adapter's onTurnError (lambdas/teams/adapter.ts),
 * which apologises for a failed turn and lets infrastructure errors fail the request so Teams delivers again.
 */
export function userTurn(inbound: TeamsInbound, deps: UserTurnDependencies) {
  return async (context: TurnContext): Promise<void> => {
    const user = pseudonym(inbound.key, deps.logSalt);
    const outcome = await processEvent({
      key: inbound.key,
      eventId: inbound.eventId,
      event: inbound.event,
      context: inbound.context,
      ports: deps.ports,
      sessions: deps.sessions,
    });
    if (outcome.duplicate) {
      deps.log.info('teams.duplicate_activity', { user });
      return;
    }
    const messages = renderForTeams(outcome.result.messages, outcome.result.lang);
    const sent = await sendReplies(context, messages, deps.log);
    if (sent === 'gone') await markInactive(deps, inbound.key, user);
    // `kind`, not `event`: the logger's own `event` field names the log line.
    deps.log.info('teams.turn', { user, kind: inbound.event.kind, replies: messages.length, sent });
  };
}

/** The turn is saved and answered as far as possible; failing to note the removal must not fail it. */
async function markInactive(deps: UserTurnDependencies, key: string, user: string): Promise<void> {
  try {
    await deps.sessions.markInactive(key);
  } catch (error) {
    deps.log.warn('teams.mark_inactive_failed', {
      user,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

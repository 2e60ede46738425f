import { TurnContext } from 'botbuilder';
import { emergencyWithoutSession } from '../../dialogs/flows/emergency';
import type { DialogPorts, OutboundMessage } from '../../dialogs/types';
import { type ProcessOutcome, processEvent, sendNumbersAnyway } from '../conversation/process-event';
import type { DynamoHandoffs } from '../handoffs/dynamo-handoffs';
import { type Logger, pseudonym } from '../log/logger';
import { renderForTeams } from '../render/teams';
import { staffRelayHook } from '../staff/user-relay';
import type { SessionStore } from '../store/session-store';
import type { TeamsInbound } from './activity-to-event';
import { sendReplies } from './send';

export interface UserTurnDependencies {
  ports: DialogPorts;
  sessions: SessionStore;
  log: Logger;
  /** Salt for pseudonymous ids in logs. */
  logSalt: string;
  /** `/delete`: erases what the Requests table holds of the chat (lambdas/handoffs/erase-chat.ts). */
  eraseUser?: (key: string) => Promise<void>;
  /**
   * Staff review (lambdas/staff/): a new request keeps the user's conversation reference so staff answers can
   * reach this chat, and while staff talk with the user, plain messages go to their thread instead of the dialog.
   */
  staff?: { handoffs: DynamoHandoffs };
}

/**
 * The bot logic for one activity of a user's personal chat: one dialog turn (load, turn, save), then the
 * replies, sent after the save. Errors propagate to the adapter's onTurnError (lambdas/teams/adapter.ts),
 * which apologises for a failed turn and lets infrastructure errors fail the request so Teams delivers again.
 */
export function userTurn(inbound: TeamsInbound, deps: UserTurnDependencies) {
  const relayToStaff = deps.staff && staffRelayHook(deps.staff.handoffs, deps.ports.clock);
  return async (context: TurnContext): Promise<void> => {
    const user = pseudonym(inbound.key, deps.logSalt);
    let outcome: ProcessOutcome;
    try {
      outcome = await processEvent({
        key: inbound.key,
        eventId: inbound.eventId,
        event: inbound.event,
        context: inbound.context,
        ports: deps.ports,
        sessions: deps.sessions,
        ...(relayToStaff ? { relayToStaff } : {}),
        ...(deps.eraseUser ? { eraseUser: deps.eraseUser } : {}),
      });
    } catch (error) {
      await sendNumbersAnyway(inbound.event, error, inbound.context.languageTag, (lang) =>
        sendReplies(context, renderForTeams([emergencyWithoutSession(lang)], lang), deps.log),
      );
      throw error;
    }
    if (outcome.duplicate) {
      deps.log.info('teams.duplicate_activity', { user });
      return;
    }
    if (outcome.relayed) {
      deps.log.info('teams.relayed_to_staff', { user });
      return;
    }
    const created = outcome.result.session?.handoffId;
    if (deps.staff && created && outcome.result.messages.some(isReceipt)) {
      const reference = TurnContext.getConversationReference(context.activity);
      // The user's display name and Azure AD object id are not needed to write to the chat: only its id stays.
      const { activityId: _activityId, user, ...rest } = reference;
      const conversation = { ...rest, ...(user?.id ? { user: { id: user.id } } : {}) };
      await deps.staff.handoffs.setUserReference(
        created,
        inbound.key,
        JSON.parse(JSON.stringify(conversation)),
      );
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

/** The dialog's receipt for a new handoff request ("Your request has arrived…"). */
function isReceipt(message: OutboundMessage): boolean {
  if (message.kind !== 'text') return false;
  const texts = Array.isArray(message.text) ? message.text : [message.text];
  return texts.some((text) => 'key' in text && text.key === 'handoff.received');
}

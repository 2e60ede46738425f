import { emergencyWithoutSession } from '../../dialogs/flows/emergency';
import type { Language } from '../../dialogs/languages';
import { say } from '../../dialogs/messages';
import type {
  ChannelName,
  DialogPorts,
  InboundEvent,
  OutboundMessage,
  TurnContext,
} from '../../dialogs/types';
import {
  type ProcessOutcome,
  processEvent,
  sendNumbersAnyway,
  TurnFailedError,
} from '../conversation/process-event';
import type { HandoffAddressBook, StaffRelayQueue } from '../handoffs/roles';
import { type Logger, pseudonym } from '../log/logger';
import type { SessionStore } from '../store/session-store';

/** One event of a user's chat, as a channel's parser makes it from the channel's payload. */
export interface ChannelInbound {
  /** The chat key, `<channel prefix>:<chat id>` (`tg:42`, `teams:a:1x…`). */
  key: string;
  /** The channel's id of the event, unique within the chat: a re-delivery carries the same id. */
  eventId: string;
  event: InboundEvent;
  context: TurnContext;
}

/** What happened when replies were sent: `gone` when the user blocked or removed the bot. */
export type SendOutcome = 'sent' | 'gone' | 'failed';

/** How a channel answers in the chat an event came from. */
export interface ChatReply {
  /**
   * Renders the dialog's messages for the channel and sends them in order, stopping at the first failure. The
   * turn is saved by then: failures are reported, not thrown.
   */
  send(messages: OutboundMessage[], lang: Language): Promise<SendOutcome>;
  /** Called once before the replies of a turn (Telegram stops a pressed button's spinner). Must not throw. */
  acknowledge?(): Promise<void>;
  /** How staff reach this chat later, where the chat key is not enough (Teams: the conversation reference). */
  address?(): Record<string, unknown>;
}

export interface InboundDependencies {
  ports: DialogPorts;
  sessions: SessionStore;
  log: Logger;
  /** Salt for pseudonymous ids in logs. */
  logSalt: string;
  /** `/delete`: erases what the Requests table holds of the chat (lambdas/privacy/erase-chat.ts). */
  eraseUser?: (key: string) => Promise<void>;
  /**
   * Staff review (lambdas/staff/): while staff talk with the user, typed texts go to their thread instead of the
   * dialog; a new request keeps the chat's address so staff answers reach it.
   */
  staff?: { relay: StaffRelayQueue; addressBook: HandoffAddressBook };
}

/**
 * Everything around one turn that is the same for every channel: load, turn and save (processEvent); a
 * re-delivered event answered once; a text for staff passed on; the chat's address kept with a new request;
 * the replies sent after the save; a chat that blocked the bot marked inactive; one log line.
 * When the turn fails, a message that signals danger still gets the emergency numbers; a failed dialog turn is
 * answered with an apology (delivering it again would only fail again), anything else (the database) is thrown
 * so the channel answers 5xx and delivers the event again.
 */
export async function handleInbound(
  channel: ChannelName,
  inbound: ChannelInbound,
  reply: ChatReply,
  deps: InboundDependencies,
): Promise<void> {
  const user = pseudonym(inbound.key, deps.logSalt);
  const { staff } = deps;
  let outcome: ProcessOutcome;
  try {
    outcome = await processEvent({
      key: inbound.key,
      eventId: inbound.eventId,
      event: inbound.event,
      context: inbound.context,
      ports: deps.ports,
      sessions: deps.sessions,
      ...(staff
        ? {
            relayToStaff: (chatKey: string, eventId: string, text: string) =>
              staff.relay.queueUserMessage(chatKey, eventId, text, deps.ports.clock().toISOString()),
          }
        : {}),
      ...(deps.eraseUser ? { eraseUser: deps.eraseUser } : {}),
    });
  } catch (error) {
    await sendNumbersAnyway(inbound.event, error, inbound.context.languageTag, deps.ports.reader, (lang) =>
      reply.send([emergencyWithoutSession(lang)], lang),
    );
    if (!(error instanceof TurnFailedError)) throw error;
    deps.log.error(`${channel}.turn_failed`, { user, cause: String((error.cause as Error)?.name) });
    await reply.acknowledge?.();
    await reply.send([say('fallback.error')], error.lang);
    return;
  }
  if (outcome.duplicate) {
    deps.log.info(`${channel}.duplicate_event`, { user });
    return;
  }
  if (outcome.relayed) {
    deps.log.info(`${channel}.relayed_to_staff`, { user });
    return;
  }
  const { result } = outcome;
  if (result.handoffCreated && staff && reply.address)
    await staff.addressBook.setUserReference(result.handoffCreated, inbound.key, reply.address());
  await reply.acknowledge?.();
  const sent = await reply.send(result.messages, result.lang);
  if (sent === 'gone') await markInactive(channel, deps, inbound.key, user);
  // `kind`, not `event`: the logger's own `event` field names the log line.
  deps.log.info(`${channel}.turn`, { user, kind: inbound.event.kind, replies: result.messages.length, sent });
}

/** The turn is saved and answered as far as possible; failing to note the removal must not fail it. */
async function markInactive(channel: ChannelName, deps: InboundDependencies, key: string, user: string) {
  try {
    await deps.sessions.markInactive(key);
  } catch (error) {
    deps.log.warn(`${channel}.mark_inactive_failed`, {
      user,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

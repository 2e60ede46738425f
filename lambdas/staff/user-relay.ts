import type { DynamoHandoffs } from '../handoffs/dynamo-handoffs';
import type { Logger } from '../log/logger';
import { type ProactiveMessenger, referenceTo } from '../teams/messenger';
import { cardLanguage, staffNote } from './card';
import { staffText } from './staff-texts';

/** Longest user message passed on to staff. */
const MAX_CHARS = 3500;

/**
 * The user's side of the relay (run by the notifier for a queued `user-message` item): while the request is
 * claimed, the user's text goes into each of its staff threads. Throws when a post fails, so the stream
 * retries; returns false when the request is no longer claimed (the message is dropped with the item).
 */
export async function relayFromUser(
  handoffId: string,
  text: string,
  deps: { handoffs: DynamoHandoffs; messenger: ProactiveMessenger; log: Logger; clock?: () => Date },
): Promise<boolean> {
  const record = await deps.handoffs.record(handoffId);
  if (record?.status !== 'claimed' || record.cards.length === 0) return false;
  const answer = text.trim().slice(0, MAX_CHARS);
  for (const card of record.cards) {
    const lang = cardLanguage(record, card.lang);
    await deps.messenger.send(
      referenceTo(`${card.conversationId};messageid=${card.activityId}`, card.serviceUrl),
      staffNote(staffText(lang, 'relay.answer', { id: record.id, text: answer })),
    );
  }
  const at = (deps.clock ?? (() => new Date()))().toISOString();
  // A count, not an entry per message: a chatty person must not grow the request towards DynamoDB's item limit.
  await deps.handoffs.countUserMessage(record.id, at);
  return true;
}

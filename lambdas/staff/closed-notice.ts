import type { HandoffRecord } from '../handoffs/dynamo-handoffs';
import { type DeliveryOutcome, sendToUserChat, type UserDelivery } from './relay';

/**
 * Tells the user, in their chat and language, that staff closed their request: "Your request {{id}} is closed.
 * Thank you for trusting us. If you need help again, you can always write here." The same words for every
 * outcome: the outcome ("No answer", "Contact point took over"…) is a staff note and never shown to the user,
 * and the notice promises nothing. The user's next message simply goes on with the dialog (the relay to staff
 * ends with the request).
 *
 * `record` is the request as it was before it was resolved (resolving erases the chat key and the Teams
 * conversation reference): only those fields are read, nothing is stored. Never throws; a failure is logged
 * as `staff.closed_notice_failed` with the request number and the error's name and status only.
 */
export async function tellUserClosed(
  record: HandoffRecord,
  delivery: UserDelivery,
): Promise<DeliveryOutcome> {
  return tellUser(record, 'handoff.closedNotice', delivery, 'staff.closed_notice_failed');
}

/**
 * Tells the user, once, that a person took their request ("A person … is now taking care of your request"):
 * sent by the claim that won; a take-over between staff is not news to the user. Never throws.
 */
export async function tellUserClaimed(
  record: HandoffRecord,
  delivery: UserDelivery,
): Promise<DeliveryOutcome> {
  return tellUser(record, 'handoff.claimedNotice', delivery, 'staff.claimed_notice_failed');
}

function tellUser(record: HandoffRecord, key: string, delivery: UserDelivery, failure: string) {
  const notice = { key, params: { id: record.id } };
  return sendToUserChat(record, (t) => ({ paragraphs: [[{ text: t(notice) }]] }), delivery, failure);
}

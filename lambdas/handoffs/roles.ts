/**
 * What the code around a turn needs of the handoff store, by role (lambdas/handoffs/dynamo-handoffs.ts plays
 * both). The dialog's own port is `Handoffs` in dialogs/types.ts.
 */

/** Queues a user's typed text for the staff who are talking with this chat about its request. */
export interface StaffRelayQueue {
  /** True when the chat is being relayed and the text was queued (leave it out of the dialog). */
  queueUserMessage(chatKey: string, eventId: string, text: string, at: string): Promise<boolean>;
}

/** Keeps how a chat is reached with its new request, where the chat key is not enough (Teams). */
export interface HandoffAddressBook {
  setUserReference(id: string, chatKey: string, reference: Record<string, unknown>): Promise<void>;
}

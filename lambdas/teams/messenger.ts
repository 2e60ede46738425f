import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/**
 * Proactive messages to Teams conversations (staff channels, threads, users' chats) through botbuilder's
 * `CloudAdapter.continueConversationAsync`. Errors (a RestError with `statusCode`) propagate: the notifier lets
 * the stream retry, a staff action reports the failure in the thread.
 */
export class ProactiveMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's Microsoft App ID; empty locally (no authentication). */
    private readonly appId: string,
  ) {}

  /** Sends an activity; in a channel's conversation this starts a new thread. Returns the new activity id. */
  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    let id = '';
    const conversationId = reference.conversation?.id ?? '';
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      // Straight to the conversation (POST …/activities), not as a reply: `context.sendActivity` would reply
      // to the made-up id of the continuation activity. In a channel this starts a new thread.
      const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      const response = await connector.conversations.sendToConversation(conversationId, {
        ...activity,
        conversation: context.activity.conversation,
      } as Activity);
      id = response.id ?? '';
    });
    return id;
  }

  /** Replaces a sent activity (a card updated in place). */
  async update(
    reference: Partial<ConversationReference>,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      await context.updateActivity({
        ...activity,
        id: activityId,
        conversation: context.activity.conversation,
      });
    });
  }
}

/** The reference of a thread (or any conversation) at a service URL. */
export function referenceTo(
  conversationId: string,
  serviceUrl: string,
  tenantId?: string,
): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: {
      id: conversationId,
      isGroup: true,
      conversationType: 'channel',
      name: '',
      ...(tenantId ? { tenantId } : {}),
    },
  };
}

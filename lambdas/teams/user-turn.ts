import { TurnContext } from 'botbuilder';
import { type ChannelInbound, handleInbound, type InboundDependencies } from '../channels/inbound';
import { renderForTeams } from './render';
import { sendReplies } from './send';

export type UserTurnDependencies = InboundDependencies;

/**
 * The bot logic for one activity of a user's personal chat, handled like every channel's events
 * (lambdas/channels/inbound.ts). Errors the turn cannot answer (the database) propagate to the adapter's
 * onTurnError (lambdas/teams/adapter.ts), so the request fails and Teams delivers the activity again.
 */
export function userTurn(inbound: ChannelInbound, deps: UserTurnDependencies) {
  return (context: TurnContext): Promise<void> =>
    handleInbound(
      'teams',
      inbound,
      {
        send: (messages, lang) => sendReplies(context, renderForTeams(messages, lang), deps.log),
        address: () => {
          const reference = TurnContext.getConversationReference(context.activity);
          // The user's display name and Azure AD object id are not needed to write to the chat: only its id stays.
          const { activityId: _activityId, user, ...rest } = reference;
          const conversation = { ...rest, ...(user?.id ? { user: { id: user.id } } : {}) };
          return JSON.parse(JSON.stringify(conversation));
        },
      },
      deps,
    );
}

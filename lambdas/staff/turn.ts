import { TurnContext } from 'botbuilder';
import * as z from 'zod/mini';
import type { DynamoHandoffs, HandoffRecord, StaffMember } from '../handoffs/dynamo-handoffs';
import type { Logger } from '../log/logger';
import { type StaffInbound, withoutBotMention } from '../teams/activity-to-event';
import { refreshCards } from './announce';
import { OUTCOMES, openListCard, staffNote } from './card';
import { type StaffChannel, type StaffChannels, splitThreadId } from './channels';
import { tellUserClaimed, tellUserClosed } from './closed-notice';
import { type StaffConfig, teamAllowed } from './config';
import type { ProactiveMessenger } from './messenger';
import {
  ReferralActionSchema,
  type ReferralStaffDependencies,
  referralAction,
  referralCommand,
} from './referral-staff';
import { type DeliveryOutcome, deliverToUser, type UserDelivery } from './relay';

/** What the staff side of the Teams endpoint needs. */
export interface StaffTurnDependencies {
  handoffs: DynamoHandoffs;
  channels: StaffChannels;
  messenger: ProactiveMessenger;
  delivery: UserDelivery;
  config: StaffConfig;
  log: Logger;
  clock?: () => Date;
  /** Referral codes (lambdas/staff/referral-staff.ts): approving requests, revoking, counts. */
  referrals?: Pick<ReferralStaffDependencies, 'store' | 'links'>;
}

/** What a staff card's Action.Submit posts: the button's data merged with the card's inputs. */
export const StaffActionSchema = z.object({
  staff: z.enum(['claim', 'resolve', 'reply', 'open', 'takeover']),
  id: z.string().check(z.regex(/^[2-9A-Z]{4,12}$/)),
  replyText: z.optional(z.string().check(z.maxLength(4000))),
  outcome: z.optional(z.string().check(z.maxLength(40))),
});
export type StaffAction = z.infer<typeof StaffActionSchema>;

/** The command word that lists open requests ("open", also "list open requests"). */
const OPEN_COMMAND = /^(?:list\s+)?open(?:\s+requests)?$/i;
/** "serve <contact point id>": this channel receives that contact point's requests. */
const SERVE_COMMAND = /^serve\s+([A-Za-z0-9_-]{1,64})$/i;
/** "default": this channel receives the requests no channel serves. */
const DEFAULT_COMMAND = /^default(?:\s+channel)?$/i;

/**
 * The bot logic for an activity in a team channel:
 * - the bot added to a channel of an allowed team (STAFF_TEAM_IDS / STAFF_TENANT_IDS) registers the channel;
 * - in a registered channel, and only from its own team: the card buttons claim, reply (the card's text input)
 *   and resolve; a message in a card's thread is a reply to the person; "open" lists the open requests.
 * Activities from other channels or teams are refused: logged, not answered, nothing changes.
 */
export function staffTurn(inbound: StaffInbound, deps: StaffTurnDependencies) {
  return async (context: TurnContext): Promise<void> => {
    const { activity } = inbound;
    if (activity.type === 'conversationUpdate') return register(context, inbound, deps);
    if (activity.type !== 'message') return;
    const { channelId, rootId } = splitThreadId(activity.conversation.id);
    const channel = await deps.channels.get(channelId);
    if (
      !channel ||
      channel.teamId !== inbound.team.id ||
      !teamAllowed(deps.config, channel.teamId, channel.tenantId)
    ) {
      deps.log.warn('staff.refused', { reason: channel ? 'other-team' : 'not-a-staff-channel' });
      return;
    }
    const staff: StaffMember = {
      id: String(activity.from.aadObjectId ?? activity.from.id),
      name: String(activity.from.name ?? 'Staff'),
    };
    const action = StaffActionSchema.safeParse(activity.value);
    if (action.success) return act(context, action.data, staff, channel, deps);
    const referrals = deps.referrals ? { ...deps, ...deps.referrals } : undefined;
    const referral = ReferralActionSchema.safeParse(activity.value);
    if (referral.success && referrals) return referralAction(context, referral.data, staff, referrals);
    const text = withoutBotMention(activity);
    if (referrals && (await referralCommand(context, text, staff, referrals))) return;
    if (OPEN_COMMAND.test(text)) return listOpen(context, channel, deps);
    const serve = SERVE_COMMAND.exec(text);
    if (serve?.[1]) {
      await deps.channels.serve(channel.conversationId, serve[1]);
      deps.log.info('staff.channel_serves', {});
      await context.sendActivity(
        staffNote(`This channel now receives the requests of people near contact point ${serve[1]}.`),
      );
      return;
    }
    if (DEFAULT_COMMAND.test(text)) {
      await deps.channels.makeDefault(channel.conversationId);
      await context.sendActivity(
        staffNote(
          'This channel now receives the requests that no channel serves (for example without a place).',
        ),
      );
      return;
    }
    if (rootId && text !== '') {
      const id = await deps.handoffs.threadOf(activity.conversation.id);
      if (id) await reply(context, id, text, staff, channel, deps);
    }
  };
}

async function register(context: TurnContext, inbound: StaffInbound, deps: StaffTurnDependencies) {
  const { activity } = inbound;
  const added = activity.membersAdded?.some((member) => member.id === activity.recipient.id) ?? false;
  if (!added) return;
  if (!teamAllowed(deps.config, inbound.team.id, inbound.tenantId)) {
    deps.log.warn('staff.registration_refused', { reason: 'team-not-configured' });
    return;
  }
  const { channelId } = splitThreadId(activity.conversation.id);
  const reference = TurnContext.getConversationReference(context.activity);
  await deps.channels.register({
    conversationId: channelId,
    teamId: inbound.team.id,
    ...(inbound.team.name ? { teamName: inbound.team.name } : {}),
    ...(inbound.tenantId ? { tenantId: inbound.tenantId } : {}),
    reference: {
      channelId: reference.channelId ?? 'msteams',
      serviceUrl: reference.serviceUrl ?? activity.serviceUrl,
      conversation: {
        id: channelId,
        isGroup: true,
        conversationType: 'channel',
        name: '',
        ...(inbound.tenantId ? { tenantId: inbound.tenantId } : {}),
      },
      ...(reference.bot ? { bot: { id: reference.bot.id, name: reference.bot.name ?? '' } } : {}),
    },
    registeredAt: now(deps).toISOString(),
  });
  deps.log.info('staff.channel_registered', {});
  await context.sendActivity(
    staffNote(
      'This channel now receives requests from people who asked to talk to a person. Claim a request on its ' +
        'card, answer in its thread, resolve it when done. Write "open" to list the open requests. Representatives ' +
        'of organisations ask for referral links here too; write "referrals" for the counts of their links.',
    ),
  );
}

async function act(
  context: TurnContext,
  action: StaffAction,
  staff: StaffMember,
  channel: StaffChannel,
  deps: StaffTurnDependencies,
): Promise<void> {
  const at = now(deps).toISOString();
  if (action.staff === 'open') return listOpen(context, channel, deps);
  // A request is handled only in the channels it was sent to, and once claimed, only by its claimer.
  const current = await deps.handoffs.record(action.id);
  if (current && !current.cards.some((card) => card.conversationId === channel.conversationId)) {
    deps.log.warn('staff.refused', { reason: 'other-channel' });
    await context.sendActivity(staffNote('This request belongs to another staff channel.'));
    return;
  }
  if (
    current?.status === 'claimed' &&
    (action.staff === 'reply' || action.staff === 'resolve') &&
    current.claimedBy?.id !== staff.id
  ) {
    await context.sendActivity(
      staffNote(
        `Claimed by ${current.claimedBy?.name ?? 'someone else'}: only they answer and resolve it. To do it yourself, press "Take over" first.`,
      ),
    );
    return;
  }
  switch (action.staff) {
    case 'takeover': {
      const result = await deps.handoffs.takeOver(action.id, staff, at, channel.conversationId);
      if (result.ok && result.record) {
        await refreshCards(result.record, deps);
        await context.sendActivity(staffNote(`${staff.name} took over request ${action.id}.`));
        return;
      }
      await context.sendActivity(staffNote(notPossible(result.record, staff, 'take over')));
      return;
    }
    case 'claim': {
      const result = await deps.handoffs.claim(action.id, staff, at, channel.conversationId);
      if (result.ok && result.record) {
        await refreshCards(result.record, deps);
        await tellUserClaimed(result.record, deps.delivery);
        return;
      }
      await context.sendActivity(staffNote(notPossible(result.record, staff, 'claim')));
      return;
    }
    case 'resolve': {
      const outcome = action.outcome && action.outcome in OUTCOMES ? action.outcome : 'other';
      // Resolving erases the chat key and the Teams reference, so where to tell the user is read first. Only
      // the resolve that wins the conditional write tells them (two clicks at once: one notice, none for a
      // request withdrawn meanwhile), and the erase has happened whether or not the notice gets through.
      const before = await deps.handoffs.record(action.id);
      const result = await deps.handoffs.resolve(action.id, staff, outcome, at);
      if (result.ok && result.record) {
        const told = before ? await tellUserClosed(before, deps.delivery) : 'no-chat';
        await refreshCards(result.record, deps);
        if (told !== 'sent') {
          await context.sendActivity(
            staffNote(`Resolved. The person was not told in their chat: ${whyNot(told)}.`),
          );
        }
        return;
      }
      await context.sendActivity(staffNote(notPossible(result.record, staff, 'resolve')));
      return;
    }
    case 'reply': {
      const text = action.replyText?.trim() ?? '';
      if (text === '') {
        await context.sendActivity(staffNote('Write your message in the field above "Send" first.'));
        return;
      }
      const sent = await reply(context, action.id, text, staff, channel, deps);
      if (sent) await context.sendActivity(staffNote(`${staff.name} wrote to the person:\n${text}`));
      return;
    }
  }
}

/** Passes a staff reply to the user; says in the thread when that is not possible. True when it was sent. */
async function reply(
  context: TurnContext,
  id: string,
  text: string,
  staff: StaffMember,
  channel: StaffChannel,
  deps: StaffTurnDependencies,
): Promise<boolean> {
  const record = await deps.handoffs.record(id);
  if (record?.status !== 'claimed') {
    await context.sendActivity(staffNote(notPossible(record, staff, 'reply')));
    return false;
  }
  if (record.claimedBy?.id !== staff.id) {
    await context.sendActivity(
      staffNote(
        `Claimed by ${record.claimedBy?.name ?? 'someone else'}: only they answer. Press "Take over" first.`,
      ),
    );
    return false;
  }
  const ref = `teams:${context.activity.id ?? ''}`;
  if (context.activity.id && record.actions.some((action) => action.ref === ref)) {
    deps.log.info('staff.duplicate_reply', { handoff: id });
    return false;
  }
  const first = !record.actions.some((action) => action.what === 'replied');
  // A team without a name: the user reads "at a self-help contact point" in their language (no English here).
  const sender = { name: staff.name, ...(channel.teamName ? { contactPoint: channel.teamName } : {}) };
  const outcome = await deliverToUser(record, text, sender, deps.delivery, first);
  const at = now(deps).toISOString();
  await deps.handoffs.addAction(id, {
    who: staff.id,
    name: staff.name,
    ...(context.activity.id ? { ref } : {}),
    what: `replied (${outcome})`.replace(' (sent)', ''),
    at,
  });
  if (outcome !== 'sent') {
    const retry = outcome === 'failed' ? '; try again in a minute' : '';
    await context.sendActivity(staffNote(`Not delivered: ${whyNot(outcome)}${retry}.`));
    return false;
  }
  if (record.chatKey) await deps.handoffs.startRelay(record.chatKey, id, at);
  return true;
}

/** Why a message did not reach the person, for staff. */
function whyNot(outcome: Exclude<DeliveryOutcome, 'sent'>): string {
  switch (outcome) {
    case 'gone':
      return 'the person has blocked the bot or left the chat';
    case 'no-chat':
      return 'the request has no chat to answer in';
    case 'failed':
      return 'the chat service failed';
  }
}

function notPossible(record: HandoffRecord | undefined, staff: StaffMember, verb: string): string {
  if (!record) return 'This request no longer exists.';
  switch (record.status) {
    case 'claimed':
      return record.claimedBy?.id === staff.id
        ? 'You have already claimed this request.'
        : `Already claimed by ${record.claimedBy?.name ?? 'someone else'}.`;
    case 'resolved':
      return 'This request is already resolved.';
    case 'withdrawn':
      return 'The person has withdrawn this request.';
    default:
      return verb === 'reply' ? 'Claim the request first, then answer.' : 'This request is still open.';
  }
}

/** The open requests of the contact points this channel serves (all of them in a channel that serves none). */
async function listOpen(
  context: TurnContext,
  channel: StaffChannel,
  deps: StaffTurnDependencies,
): Promise<void> {
  const open = await deps.handoffs.listByStatus('open', { limit: 50 });
  const served = channel.contactPoints ?? [];
  const mine =
    served.length > 0 ? open.filter((r) => r.contactPointId && served.includes(r.contactPointId)) : open;
  await context.sendActivity(openListCard(mine, now(deps)));
}

function now(deps: { clock?: () => Date }): Date {
  return (deps.clock ?? (() => new Date()))();
}

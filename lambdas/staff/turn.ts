import { TurnContext } from 'botbuilder';
import * as z from 'zod/mini';
import type { DynamoHandoffs, HandoffRecord, StaffMember } from '../handoffs/dynamo-handoffs';
import type { Logger } from '../log/logger';
import { type StaffInbound, withoutBotMention } from '../teams/activity-to-event';
import type { ProactiveMessenger } from '../teams/messenger';
import { refreshCards } from './announce';
import { cardLanguage, isOutcome, openListCard, staffNote, staffNoteIn } from './card';
import { type StaffChannel, type StaffChannels, splitThreadId } from './channels';
import { tellUserClaimed, tellUserClosed } from './closed-notice';
import { type StaffConfig, teamAllowed } from './config';
import {
  ReferralActionSchema,
  type ReferralStaffDependencies,
  referralAction,
  referralCommand,
} from './referral-staff';
import { type DeliveryOutcome, deliverToUser, type UserDelivery } from './relay';
import { type StaffLanguage, type StaffTextKey, staffLanguageOfLocale, staffText } from './staff-texts';

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
/** "language de" (also "Sprache de", "språk nb"): the language of the bot's texts in this channel. */
const LANGUAGE_COMMAND = /^(?:language|sprache|spr[åa]k)\s+(de|nb|nn|no|en)$/i;

/** The language of a note in a channel: the channel's choice, else the writer's Teams language, else English. */
function noteLanguage(channel: Pick<StaffChannel, 'language'> | undefined, locale: string | undefined) {
  return channel?.language ?? staffLanguageOfLocale(locale) ?? 'en';
}

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
    const lang = noteLanguage(channel, activity.locale);
    const channelLanguage = { ...(channel.language ? { chosen: channel.language } : {}), note: lang };
    const referral = ReferralActionSchema.safeParse(activity.value);
    if (referral.success && referrals)
      return referralAction(context, referral.data, staff, referrals, channelLanguage);
    const text = withoutBotMention(activity);
    if (referrals && (await referralCommand(context, text, staff, referrals, channelLanguage))) return;
    if (OPEN_COMMAND.test(text)) return listOpen(context, channel, deps);
    const serve = SERVE_COMMAND.exec(text);
    if (serve?.[1]) {
      await deps.channels.serve(channel.conversationId, serve[1]);
      deps.log.info('staff.channel_serves', {});
      await context.sendActivity(staffNoteIn(lang, 'note.serves', { id: serve[1] }));
      return;
    }
    if (DEFAULT_COMMAND.test(text)) {
      await deps.channels.makeDefault(channel.conversationId);
      await context.sendActivity(staffNoteIn(lang, 'note.default'));
      return;
    }
    const language = LANGUAGE_COMMAND.exec(text)?.[1]?.toLowerCase();
    if (language) {
      const chosen: StaffLanguage = language === 'no' ? 'nb' : (language as StaffLanguage);
      await deps.channels.setLanguage(channel.conversationId, chosen);
      deps.log.info('staff.channel_language', { language: chosen });
      await context.sendActivity(staffNoteIn(chosen, 'note.language'));
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
  await context.sendActivity(staffNoteIn(noteLanguage(undefined, activity.locale), 'note.registered'));
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
  const lang = current
    ? cardLanguage(current, channel.language)
    : noteLanguage(channel, context.activity.locale);
  if (current && !current.cards.some((card) => card.conversationId === channel.conversationId)) {
    deps.log.warn('staff.refused', { reason: 'other-channel' });
    await context.sendActivity(staffNoteIn(lang, 'note.otherChannel'));
    return;
  }
  if (
    current?.status === 'claimed' &&
    (action.staff === 'reply' || action.staff === 'resolve') &&
    current.claimedBy?.id !== staff.id
  ) {
    const name = current.claimedBy?.name ?? staffText(lang, 'note.someoneElse');
    await context.sendActivity(staffNoteIn(lang, 'note.claimedByOther', { name }));
    return;
  }
  switch (action.staff) {
    case 'takeover': {
      const result = await deps.handoffs.takeOver(action.id, staff, at, channel.conversationId);
      if (result.ok && result.record) {
        await refreshCards(result.record, deps);
        await context.sendActivity(staffNoteIn(lang, 'note.tookOver', { name: staff.name, id: action.id }));
        return;
      }
      await context.sendActivity(staffNote(notPossible(result.record, staff, 'take over', lang)));
      return;
    }
    case 'claim': {
      const result = await deps.handoffs.claim(action.id, staff, at, channel.conversationId);
      if (result.ok && result.record) {
        await refreshCards(result.record, deps);
        await tellUserClaimed(result.record, deps.delivery);
        return;
      }
      await context.sendActivity(staffNote(notPossible(result.record, staff, 'claim', lang)));
      return;
    }
    case 'resolve': {
      const outcome = isOutcome(action.outcome) ? action.outcome : 'other';
      // Resolving erases the chat key and the Teams reference, so where to tell the user is read first. Only
      // the resolve that wins the conditional write tells them (two clicks at once: one notice, none for a
      // request withdrawn meanwhile), and the erase has happened whether or not the notice gets through.
      const before = await deps.handoffs.record(action.id);
      const result = await deps.handoffs.resolve(action.id, staff, outcome, at);
      if (result.ok && result.record) {
        const told = before ? await tellUserClosed(before, deps.delivery) : 'no-chat';
        await refreshCards(result.record, deps);
        if (told !== 'sent') {
          await context.sendActivity(staffNoteIn(lang, 'note.resolvedNotTold', { why: whyNot(told, lang) }));
        }
        return;
      }
      await context.sendActivity(staffNote(notPossible(result.record, staff, 'resolve', lang)));
      return;
    }
    case 'reply': {
      const text = action.replyText?.trim() ?? '';
      if (text === '') {
        await context.sendActivity(staffNoteIn(lang, 'note.writeFirst'));
        return;
      }
      const sent = await reply(context, action.id, text, staff, channel, deps);
      if (sent) await context.sendActivity(staffNoteIn(lang, 'note.wrote', { name: staff.name, text }));
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
  const lang = record
    ? cardLanguage(record, channel.language)
    : noteLanguage(channel, context.activity.locale);
  if (record?.status !== 'claimed') {
    await context.sendActivity(staffNote(notPossible(record, staff, 'reply', lang)));
    return false;
  }
  if (record.claimedBy?.id !== staff.id) {
    const name = record.claimedBy?.name ?? staffText(lang, 'note.someoneElse');
    await context.sendActivity(staffNoteIn(lang, 'note.claimedByOtherReply', { name }));
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
    const key = outcome === 'failed' ? 'note.notDeliveredRetry' : 'note.notDelivered';
    await context.sendActivity(staffNoteIn(lang, key, { why: whyNot(outcome, lang) }));
    return false;
  }
  if (record.chatKey) await deps.handoffs.startRelay(record.chatKey, id, at);
  return true;
}

/** Why a message did not reach the person, for staff. */
function whyNot(outcome: Exclude<DeliveryOutcome, 'sent'>, lang: StaffLanguage): string {
  return staffText(lang, `why.${outcome}`);
}

function notPossible(
  record: HandoffRecord | undefined,
  staff: StaffMember,
  verb: string,
  lang: StaffLanguage,
): string {
  const t = (key: StaffTextKey, params?: Record<string, string>) => staffText(lang, key, params);
  if (!record) return t('not.exists');
  switch (record.status) {
    case 'claimed':
      return record.claimedBy?.id === staff.id
        ? t('not.claimedByYou')
        : t('not.claimedBy', { name: record.claimedBy?.name ?? t('note.someoneElse') });
    case 'resolved':
      return t('not.resolved');
    case 'withdrawn':
      return t('not.withdrawn');
    default:
      return verb === 'reply' ? t('not.claimFirst') : t('not.stillOpen');
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
  await context.sendActivity(openListCard(mine, now(deps), noteLanguage(channel, context.activity.locale)));
}

function now(deps: { clock?: () => Date }): Date {
  return (deps.clock ?? (() => new Date()))();
}

import * as z from 'zod/mini';
import { COMMANDS, type CommandName, type InboundEvent, type TurnContext } from '../../dialogs/types';
import type { ChannelInbound } from '../channels/inbound';

const ChannelAccountSchema = z.looseObject({ id: z.string().check(z.minLength(1)) });

/**
 * The parts of a Bot Framework activity the bot relies on; the rest passes through to botbuilder untouched.
 * Bot Framework payloads grow new fields often, so unknown ones are kept, not refused.
 */
export const TeamsActivitySchema = z.looseObject({
  type: z.string().check(z.minLength(1)),
  id: z.optional(z.string().check(z.minLength(1))),
  timestamp: z.optional(z.string()),
  channelId: z.string().check(z.minLength(1)),
  // Replies go to this URL with the bot's token: only web URLs (http only matters for local stand-ins).
  serviceUrl: z.url({ protocol: /^https?$/ }),
  from: ChannelAccountSchema,
  recipient: ChannelAccountSchema,
  conversation: z.looseObject({
    id: z.string().check(z.minLength(1)),
    conversationType: z.optional(z.string()),
    isGroup: z.optional(z.boolean()),
    tenantId: z.optional(z.string()),
  }),
  locale: z.optional(z.string()),
  text: z.optional(z.string()),
  value: z.optional(z.unknown()),
  entities: z.optional(z.array(z.looseObject({ type: z.string() }))),
  membersAdded: z.optional(z.array(ChannelAccountSchema)),
});
export type TeamsActivity = z.infer<typeof TeamsActivitySchema>;

/** What an Adaptive Card's Action.Submit posts back (lambdas/teams/adaptive-card.ts `submitAction`). */
const ButtonValueSchema = z.object({ button: z.string().check(z.minLength(1), z.maxLength(64)) });

const MentionSchema = z.object({
  type: z.literal('mention'),
  mentioned: z.looseObject({ id: z.string() }),
  text: z.string().check(z.minLength(1)),
});

/** What a user's activity means for the dialog, and whose chat it is. */
/**
 * A personal chat's activity: the key `teams:<conversation id>`, and as event id `teams:<activity id>`, which
 * Teams repeats when it delivers an activity again.
 */
export type TeamsInbound = ChannelInbound;

/** Why an activity gets no answer. */
export type IgnoreReason =
  /** Channels and group chats: reserved for the staff of contact points (handoff review). */
  | 'not-personal'
  /** Typing, reactions, edits, installation and invoke activities. */
  | 'activity-type'
  /** A conversation update that did not add the bot. */
  | 'not-added'
  /** No id to recognise a re-delivery by. */
  | 'no-id';

/**
 * Where an activity goes. Only users' personal chats run the dialog; staff channels will get a route of their
 * own here (card actions and messages in `channel` conversations arrive through the same endpoint).
 */
export type TeamsRoute = { kind: 'user'; inbound: TeamsInbound } | { kind: 'ignore'; reason: IgnoreReason };

/**
 * Maps an activity to a dialog event:
 * - a message's text, without the bot's @mention; a whole message that is a command word ("start", "help",
 *   also "/start") is the command, "start CODE" carries a referral code;
 * - an Action.Submit value `{ button }` is the button press;
 * - the bot being added to a personal chat greets like "start".
 * Teams cannot share a location, so places always arrive as typed text.
 */
export function routeActivity(activity: TeamsActivity): TeamsRoute {
  if (!isPersonal(activity)) return ignore('not-personal');
  const key = `teams:${activity.conversation.id}`;
  const context: TurnContext = {
    channel: 'teams',
    chatKey: key,
    ...(activity.locale ? { languageTag: activity.locale } : {}),
    address: conversationAddress(activity),
  };
  switch (activity.type) {
    case 'message': {
      if (!activity.id) return ignore('no-id');
      return {
        kind: 'user',
        inbound: { key, eventId: `teams:${activity.id}`, event: messageEvent(activity), context },
      };
    }
    case 'conversationUpdate': {
      const added = activity.membersAdded?.some((member) => member.id === activity.recipient.id) ?? false;
      if (!added) return ignore('not-added');
      // Teams gives conversation updates an id too; the timestamp is the fallback that still dedupes a retry.
      const id = activity.id ?? (activity.timestamp ? `added:${activity.timestamp}` : undefined);
      if (!id) return ignore('no-id');
      const event: InboundEvent = { kind: 'command', name: 'start' };
      return { kind: 'user', inbound: { key, eventId: `teams:${id}`, event, context } };
    }
    default:
      return ignore('activity-type');
  }
}

const ChannelDataSchema = z.looseObject({
  team: z.looseObject({ id: z.string().check(z.minLength(1)), name: z.optional(z.string()) }),
  tenant: z.optional(z.looseObject({ id: z.string().check(z.minLength(1)) })),
});

/** A team channel's activity for the staff side (lambdas/staff/turn.ts). */
export interface StaffInbound {
  activity: TeamsActivity;
  /** `channelData.team`: which team the channel belongs to (checked against the registered staff channels). */
  team: { id: string; name?: string };
  tenantId?: string;
}

/**
 * Staff channels' own branch: activities in a team channel (`conversationType: channel` with
 * `channelData.team`) go to the staff side; everything else stays with `routeActivity`. Group chats are not
 * staff channels.
 */
export function routeStaffActivity(activity: TeamsActivity): StaffInbound | undefined {
  // Staff work in Teams channels only: an activity from another Bot Framework channel is no staff action.
  if (activity.channelId !== 'msteams' || activity.conversation.conversationType !== 'channel')
    return undefined;
  const channelData = ChannelDataSchema.safeParse((activity as Record<string, unknown>).channelData);
  if (!channelData.success) return undefined;
  const tenantId = channelData.data.tenant?.id ?? activity.conversation.tenantId;
  return {
    activity,
    team: {
      id: channelData.data.team.id,
      ...(channelData.data.team.name ? { name: channelData.data.team.name } : {}),
    },
    ...(tenantId ? { tenantId } : {}),
  };
}

/**
 * How the bot reaches this personal chat proactively (a botbuilder ConversationReference): the service URL, the
 * conversation and the bot, without the user. Stored only with a representative's request for a link.
 */
function conversationAddress(activity: TeamsActivity): Record<string, unknown> {
  const { id, tenantId } = activity.conversation;
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: { id, conversationType: 'personal', isGroup: false, ...(tenantId ? { tenantId } : {}) },
    bot: { id: activity.recipient.id, name: String((activity.recipient as { name?: unknown }).name ?? '') },
  };
}

/**
 * Teams marks 1:1 chats `personal` (and team channels `channel`, group chats `groupChat`); other Bot Framework
 * clients, such as the Emulator used locally, leave the type out and mark only group conversations.
 */
function isPersonal(activity: TeamsActivity): boolean {
  const { conversationType, isGroup } = activity.conversation;
  return conversationType === undefined ? isGroup !== true : conversationType === 'personal';
}

function ignore(reason: IgnoreReason): TeamsRoute {
  return { kind: 'ignore', reason };
}

function messageEvent(activity: TeamsActivity): InboundEvent {
  const button = ButtonValueSchema.safeParse(activity.value);
  if (button.success) return { kind: 'button', id: button.data.button };
  const text = withoutBotMention(activity);
  return parseCommandWord(text) ?? { kind: 'text', text };
}

/**
 * The text without the bot's @mention ("<at>Self-help finder</at> hello" → "hello"). In personal chats Teams
 * rarely adds one, but a user may still type it.
 */
export function withoutBotMention(activity: TeamsActivity): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    const mention = MentionSchema.safeParse(entity);
    if (mention.success && mention.data.mentioned.id === activity.recipient.id) {
      text = text.split(mention.data.text).join('');
    }
  }
  return text.trim();
}

/**
 * "start", "Help", "/find" → the command; "start ABC123" → start with a referral code. Only a whole message
 * counts: "help me find a group" is text for the dialog to understand.
 */
export function parseCommandWord(text: string): InboundEvent | undefined {
  const match = text.trim().match(/^\/?([a-z]+)(?:\s+(\S+))?$/i);
  if (!match) return undefined;
  const name = match[1]?.toLowerCase() ?? '';
  if (!(COMMANDS as readonly string[]).includes(name)) return undefined;
  const payload = match[2];
  if (payload !== undefined && name !== 'start') return undefined;
  return { kind: 'command', name: name as CommandName, ...(payload ? { payload } : {}) };
}

import type { TurnContext } from 'botbuilder';
import * as z from 'zod/mini';
import type { StaffCardRef, StaffMember } from '../handoffs/dynamo-handoffs';
import type { Logger } from '../log/logger';
import { ReferralCodeSchema, recentWeeks } from '../referrals/code';
import type { DynamoReferrals, ReferralRecord } from '../referrals/dynamo-referrals';
import { type LinkConfig, type ReferralLinks, referralLinks } from '../referrals/links';
import { type ProactiveMessenger, referenceTo } from '../teams/messenger';
import { errorFields } from './announce';
import { cardLanguage, staffNote, staffNoteIn } from './card';
import type { StaffChannels } from './channels';
import { referralCard, referralCsv, referralSummaryCard } from './referral-card';
import { deliverReferral } from './referral-delivery';
import type { DeliveryOutcome, UserDelivery } from './relay';
import { type StaffLanguage, staffText } from './staff-texts';

/** The language of the channel a staff member acts in: chosen by staff, or the one notes are written in. */
export interface ChannelLanguage {
  chosen?: StaffLanguage;
  note: StaffLanguage;
}
const ENGLISH: ChannelLanguage = { note: 'en' };

/** What the staff side needs for referral codes. */
export interface ReferralStaffDependencies {
  store: DynamoReferrals;
  /** How links are made; undefined when the Telegram bot's username is not configured (no approvals then). */
  links?: LinkConfig;
  channels: StaffChannels;
  messenger: ProactiveMessenger;
  delivery: UserDelivery;
  log: Logger;
  clock?: () => Date;
}

/** What a referral card's Action.Submit posts (lambdas/staff/referral-card.ts). */
export const ReferralActionSchema = z.object({
  referral: z.enum(['approve', 'decline', 'revoke', 'resend', 'summary', 'csv']),
  code: z.optional(ReferralCodeSchema),
});
export type ReferralAction = z.infer<typeof ReferralActionSchema>;

/** Weeks in the CSV a staff member asks for in Teams, unless they say how many. */
export const DEFAULT_CSV_WEEKS = 12;
const MAX_CSV_WEEKS = 104;
/** Longer CSV does not fit a Teams message (about 28 KB); the export script has no limit. */
const MAX_CSV_CHARS = 20_000;

const SUMMARY_COMMAND = /^(?:referrals?|summary)$/i;
const CSV_COMMAND = /^referrals?\s+csv(?:\s+(\d{1,3}))?$/i;
const REVOKE_COMMAND = /^revoke\s+(\S+)$/i;

/**
 * Staff commands about referral codes, typed in a staff channel: "referrals" (the summary card of this and last
 * week), "referrals csv [weeks]" (the counts as CSV), "revoke <code>". True when the text was one of them.
 */
export async function referralCommand(
  context: TurnContext,
  text: string,
  staff: StaffMember,
  deps: ReferralStaffDependencies,
  lang: ChannelLanguage = ENGLISH,
): Promise<boolean> {
  if (SUMMARY_COMMAND.test(text)) {
    await referralAction(context, { referral: 'summary' }, staff, deps, lang);
    return true;
  }
  const csv = CSV_COMMAND.exec(text);
  if (csv) {
    await sendCsv(context, Number(csv[1] ?? DEFAULT_CSV_WEEKS), deps, lang.note);
    return true;
  }
  const revoke = REVOKE_COMMAND.exec(text);
  if (revoke) {
    const code = ReferralCodeSchema.safeParse(revoke[1]);
    if (!code.success) await context.sendActivity(staffNoteIn(lang.note, 'ref.note.notACode'));
    else await referralAction(context, { referral: 'revoke', code: code.data }, staff, deps, lang);
    return true;
  }
  return false;
}

/** A button on a referral card or the summary card. */
export async function referralAction(
  context: TurnContext,
  action: ReferralAction,
  staff: StaffMember,
  deps: ReferralStaffDependencies,
  channelLanguage: ChannelLanguage = ENGLISH,
): Promise<void> {
  const at = now(deps).toISOString();
  if (action.referral === 'summary') {
    await context.sendActivity(await summaryCard(deps, recentWeeks(now(deps), 2), channelLanguage.note));
    return;
  }
  if (action.referral === 'csv') return sendCsv(context, DEFAULT_CSV_WEEKS, deps, channelLanguage.note);
  const code = action.code;
  if (!code) return;
  const { store } = deps;
  // Notes about a request in the language of its card in this channel.
  const current = await store.record(code);
  const lang = current ? cardLanguage(current, channelLanguage.chosen) : channelLanguage.note;
  switch (action.referral) {
    case 'approve': {
      if (!deps.links) {
        await context.sendActivity(staffNoteIn(lang, 'ref.note.noLinks'));
        return;
      }
      const result = await store.decide(code, 'active', staff, at);
      if (!result.ok || !result.record) {
        await context.sendActivity(staffNote(notPossible(result.record, lang)));
        return;
      }
      const links = referralLinks(code, deps.links);
      const outcome = await deliverReferral(result.record, { approved: true, links }, deps.delivery);
      const record = await afterDelivery(result.record, outcome, deps);
      await refreshReferralCards(record, deps);
      await context.sendActivity(
        staffNoteIn(lang, 'ref.note.approved', {
          name: staff.name,
          organisation: result.record.organisation,
          delivered: staffText(lang, `ref.delivered.${outcome}`),
        }),
      );
      return;
    }
    case 'decline': {
      const result = await store.decide(code, 'declined', staff, at);
      if (!result.ok || !result.record) {
        await context.sendActivity(staffNote(notPossible(result.record, lang)));
        return;
      }
      const outcome = await deliverReferral(result.record, { approved: false }, deps.delivery);
      // A decline is said once: the chat key goes whatever the outcome.
      await store.eraseChat(code);
      await refreshReferralCards({ ...result.record, chatKey: undefined }, deps);
      const told = staffText(lang, outcome === 'sent' ? 'ref.note.told' : 'ref.note.notTold');
      await context.sendActivity(
        staffNoteIn(lang, 'ref.note.declined', {
          name: staff.name,
          organisation: result.record.organisation,
          told,
        }),
      );
      return;
    }
    case 'resend': {
      // The chat is kept for a resend two weeks at most (DELIVERY_RETRY_DAYS).
      const keptUntil = (current?.chatKeyUntil ?? Number.POSITIVE_INFINITY) * 1000;
      if (current?.state !== 'active' || !current.chatKey || !deps.links || keptUntil <= Date.now()) {
        await context.sendActivity(staffNoteIn(lang, 'ref.note.nothingToResend'));
        return;
      }
      const outcome = await deliverReferral(
        current,
        { approved: true, links: referralLinks(code, deps.links) },
        deps.delivery,
      );
      await refreshReferralCards(await afterDelivery(current, outcome, deps), deps);
      await context.sendActivity(staffNoteIn(lang, `ref.delivered.${outcome}`));
      return;
    }
    case 'revoke': {
      const result = await store.revoke(code, staff, at);
      if (!result.ok || !result.record) {
        await context.sendActivity(staffNote(notPossible(result.record, lang, 'revoke')));
        return;
      }
      await refreshReferralCards(result.record, deps);
      await context.sendActivity(
        staffNoteIn(lang, 'ref.note.revoked', { name: staff.name, organisation: result.record.organisation }),
      );
      return;
    }
  }
}

/** Once the answer reached the representative (or never can), their chat is erased from the record. */
async function afterDelivery(
  record: ReferralRecord,
  outcome: DeliveryOutcome,
  deps: ReferralStaffDependencies,
): Promise<ReferralRecord> {
  if (outcome === 'failed') return record;
  await deps.store.eraseChat(record.code);
  const { chatKey: _chatKey, address: _address, ...rest } = record;
  return rest;
}

/**
 * Posts the card of a new request to every staff channel that does not show it yet and notes each card on the
 * record (a retry posts only the missing ones). Throws when a post fails, so the stream retries.
 */
export async function announceReferral(
  code: string,
  deps: Pick<ReferralStaffDependencies, 'store' | 'channels' | 'messenger' | 'log'>,
): Promise<void> {
  const record = await deps.store.record(code);
  if (record?.state !== 'pending') return;
  const channels = await deps.channels.list();
  if (channels.length === 0) deps.log.warn('staff.no_channels', { referral: 'pending' });
  const shown = new Set(record.cards.map((card) => card.conversationId));
  let failure: unknown;
  for (const channel of channels) {
    if (shown.has(channel.conversationId)) continue;
    try {
      const lang = cardLanguage(record, channel.language);
      const activityId = await deps.messenger.send(channel.reference, referralCard(record, undefined, lang));
      const ref: StaffCardRef = {
        conversationId: channel.conversationId,
        activityId,
        serviceUrl: channel.reference.serviceUrl,
        lang,
      };
      await deps.store.addCard(code, ref);
    } catch (error) {
      deps.log.error('staff.referral_announce_failed', { ...errorFields(error) });
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

/** Updates the request's cards in place; a card that cannot be updated is logged and skipped. */
async function refreshReferralCards(record: ReferralRecord, deps: ReferralStaffDependencies): Promise<void> {
  const links: ReferralLinks | undefined = deps.links ? referralLinks(record.code, deps.links) : undefined;
  for (const ref of record.cards) {
    try {
      const card = referralCard(record, links, cardLanguage(record, ref.lang));
      await deps.messenger.update(referenceTo(ref.conversationId, ref.serviceUrl), ref.activityId, card);
    } catch (error) {
      deps.log.warn('staff.card_update_failed', { ...errorFields(error) });
    }
  }
}

/** The summary card of these weeks: one GetItem per week and one BatchGetItem for the names. */
export async function summaryCard(
  deps: Pick<ReferralStaffDependencies, 'store'>,
  weeks: string[],
  lang: StaffLanguage = 'en',
) {
  const rows = await deps.store.weekCounts(weeks);
  const records = await deps.store.records(rows.map((row) => row.code));
  return referralSummaryCard(weeks, rows, records, lang);
}

async function sendCsv(
  context: TurnContext,
  weeks: number,
  deps: ReferralStaffDependencies,
  lang: StaffLanguage,
): Promise<void> {
  const count = Math.min(Math.max(1, weeks), MAX_CSV_WEEKS);
  const rows = await deps.store.weekCounts(recentWeeks(now(deps), count));
  const csv = referralCsv(rows, await deps.store.records(rows.map((row) => row.code)));
  if (csv.length > MAX_CSV_CHARS) {
    await context.sendActivity(staffNoteIn(lang, 'ref.note.csvTooLong', { count }));
    return;
  }
  await context.sendActivity(staffNoteIn(lang, 'ref.note.csv', { count, csv }));
}

function notPossible(record: ReferralRecord | undefined, lang: StaffLanguage, verb = 'decide'): string {
  if (!record) return staffText(lang, 'ref.not.exists');
  const who = record.state === 'revoked' ? record.revokedBy : record.decidedBy;
  if (record.state === 'pending')
    return staffText(lang, verb === 'revoke' ? 'ref.not.waiting' : 'ref.not.possible');
  return who
    ? staffText(lang, `ref.not.${record.state}By`, { name: who.name })
    : staffText(lang, `ref.not.${record.state}`);
}

function now(deps: { clock?: () => Date }): Date {
  return (deps.clock ?? (() => new Date()))();
}

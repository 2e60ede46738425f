import type { DynamoHandoffs, HandoffRecord } from '../handoffs/dynamo-handoffs';
import type { Logger } from '../log/logger';
import type { DynamoReferrals } from '../referrals/dynamo-referrals';
import { type ProactiveMessenger, referenceTo } from '../teams/messenger';
import { cardLanguage, staffCard } from './card';
import { channelsFor, type StaffChannels } from './channels';

/** What announcing needs: the stores, the messenger and a clock. */
export interface AnnounceDependencies {
  handoffs: DynamoHandoffs;
  channels: StaffChannels;
  messenger: ProactiveMessenger;
  log: Logger;
  clock?: () => Date;
  /** Representatives' requests for referral codes (announced like handoff requests). */
  referrals?: DynamoReferrals;
}

/**
 * Posts the card of a request to every staff channel that does not show it yet, each as a new thread, and
 * notes each card on the request at once (so a retry after a partial failure posts only the missing ones).
 * A request that is no longer open is left alone. Throws when a post fails: the caller retries.
 *
 * `reannounce`: post again to every channel (the request waited too long), as new threads further down.
 */
export async function announceHandoff(
  id: string,
  deps: AnnounceDependencies,
  options: { reannounce?: boolean } = {},
): Promise<'announced' | 'not-open' | 'no-channels'> {
  const now = (deps.clock ?? (() => new Date()))();
  const record = await deps.handoffs.record(id);
  if (record?.status !== 'open') return 'not-open';
  const channels = channelsFor(record.contactPointId, await deps.channels.list());
  const at = now.toISOString();
  const reannounce = options.reannounce === true;
  if (channels.length === 0) {
    deps.log.warn('staff.no_channels', { handoff: id });
    await deps.handoffs.markAnnounced(id, at, reannounce);
    return 'no-channels';
  }
  const shown = new Set(record.cards.map((card) => card.conversationId));
  let failure: unknown;
  for (const channel of channels) {
    if (!reannounce && shown.has(channel.conversationId)) continue;
    try {
      const lang = cardLanguage(record, channel.language);
      const activityId = await deps.messenger.send(
        channel.reference,
        staffCard(record, now, channel.conversationId, lang),
      );
      await deps.handoffs.addCard(
        id,
        {
          conversationId: channel.conversationId,
          activityId,
          serviceUrl: channel.reference.serviceUrl,
          lang,
        },
        at,
        reannounce,
      );
      await deps.handoffs.linkThread(`${channel.conversationId};messageid=${activityId}`, id, at);
    } catch (error) {
      // The other channels still get the card; the request fails afterwards so it is retried.
      deps.log.error('staff.announce_failed', { handoff: id, ...errorFields(error) });
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
  deps.log.info('staff.announced', { handoff: id, channels: channels.length, reannounce });
  return 'announced';
}

/**
 * Updates every card of the request in place to show its current state. A card that can no longer be updated
 * (deleted in Teams) is logged and skipped: the state is stored, and the list of open requests shows it.
 */
export async function refreshCards(
  record: HandoffRecord,
  deps: Pick<AnnounceDependencies, 'messenger' | 'log' | 'clock'>,
): Promise<void> {
  const now = (deps.clock ?? (() => new Date()))();
  for (const ref of record.cards) {
    try {
      const card = staffCard(record, now, ref.conversationId, cardLanguage(record, ref.lang));
      await deps.messenger.update(referenceTo(ref.conversationId, ref.serviceUrl), ref.activityId, card);
    } catch (error) {
      deps.log.warn('staff.card_update_failed', { handoff: record.id, ...errorFields(error) });
    }
  }
}

/** Status and code of a connector error, never its message (it may quote the request). */
export function errorFields(error: unknown): Record<string, unknown> {
  const details = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  return {
    error: error instanceof Error ? error.name : 'unknown',
    ...(typeof details.statusCode === 'number' ? { statusCode: details.statusCode } : {}),
    ...(typeof details.code === 'string' ? { code: details.code } : {}),
  };
}

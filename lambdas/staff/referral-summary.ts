import { recentWeeks } from '../referrals/code';
import type { AnnounceDependencies } from './announce';
import { errorFields } from './announce';
import { summaryCard } from './referral-staff';

/**
 * The weekly summary of the referral codes' counts, posted to every staff channel by the first scheduled run
 * of a new week (Monday just after midnight UTC): last week and the week before. Claimed once per week (a
 * conditional write), so overlapping or retried runs do not post it twice; a week without any count posts
 * nothing. A failed post is logged, not retried: "referrals" in the channel shows the same card any time.
 */
export async function postWeeklyReferralSummary(
  deps: AnnounceDependencies,
  now: Date,
): Promise<'posted' | 'already-posted' | 'nothing-counted' | 'no-referrals'> {
  const store = deps.referrals;
  if (!store) return 'no-referrals';
  const [, lastWeek, weekBefore] = recentWeeks(now, 3);
  if (!lastWeek || !weekBefore) return 'nothing-counted';
  if (!(await store.claimWeeklySummary(lastWeek, now.toISOString()))) return 'already-posted';
  const weeks = [lastWeek, weekBefore];
  const rows = await store.weekCounts(weeks);
  if (rows.length === 0) return 'nothing-counted';
  const cards = new Map<string, Awaited<ReturnType<typeof summaryCard>>>();
  for (const channel of await deps.channels.list()) {
    try {
      // In the channel's language; a channel that chose none reads English (the counts span both countries).
      const lang = channel.language ?? 'en';
      const card = cards.get(lang) ?? (await summaryCard({ store }, weeks, lang));
      cards.set(lang, card);
      await deps.messenger.send(channel.reference, card);
    } catch (error) {
      deps.log.error('staff.referral_summary_failed', { ...errorFields(error) });
    }
  }
  return 'posted';
}

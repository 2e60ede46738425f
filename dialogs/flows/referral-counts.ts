import type { ReferralCounts, Session } from '../types';
import { type Turn, tally } from './turn';

/**
 * What this turn counted for the chat's referral code (a start, a search, the groups shown, a new handoff
 * request), or undefined for a chat without a code or a turn that counted nothing. Only numbers. The channel
 * writes them once the turn is saved, so a turn that runs twice for one event counts once.
 */
export function referralCountsOf(
  turn: Turn,
  before: Session | undefined,
): { code: string; counts: ReferralCounts } | undefined {
  const code = turn.session.referral;
  if (!code) return undefined;
  const created = turn.session.handoffId;
  if (created && created !== before?.handoffId) tally(turn, 'handoffs');
  return Object.keys(turn.counts).length > 0 ? { code, counts: { ...turn.counts } } : undefined;
}

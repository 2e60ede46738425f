import type { Session } from '../types';
import { type Turn, tally } from './turn';

/**
 * Writes what this turn counted for the chat's referral code (a start, a search, the groups shown, a new
 * handoff request): one write at most, and none at all for a chat without a code. Only numbers are counted.
 */
export async function countForReferral(turn: Turn, before: Session | undefined): Promise<void> {
  const code = turn.session.referral;
  if (!code) return;
  const created = turn.session.handoffId;
  if (created && created !== before?.handoffId) tally(turn, 'handoffs');
  if (Object.keys(turn.counts).length === 0) return;
  await turn.ports.referrals.count(code, turn.counts, turn.ports.clock().toISOString());
}

import type {
  DialogPorts,
  OutboundMessage,
  ReferralCounts,
  ReferralMetric,
  Session,
  TurnContext,
} from '../types';

/** What a flow works on during one turn: a private copy of the session and the messages to send. */
export interface Turn {
  session: Session;
  readonly ports: DialogPorts;
  readonly context: TurnContext;
  readonly out: OutboundMessage[];
  /** What this turn adds to the counts of the chat's referral code (written once, at the end of the turn). */
  readonly counts: ReferralCounts;
}

/** Counts something for the chat's referral code, if it has one; a chat without a code counts nothing. */
export function tally(turn: Turn, metric: ReferralMetric, n = 1): void {
  if (!turn.session.referral || n <= 0) return;
  turn.counts[metric] = (turn.counts[metric] ?? 0) + n;
}

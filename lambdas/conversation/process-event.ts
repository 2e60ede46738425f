import { createHash } from 'node:crypto';
import { runTurn } from '../../dialogs/engine';
import { type Language, languageFromTag } from '../../dialogs/languages';
import { say } from '../../dialogs/messages';
import type { DialogPorts, InboundEvent, Session, TurnContext, TurnResult } from '../../dialogs/types';
import { SessionConflictError } from '../store/errors';
import type { SessionRecord, SessionStore } from '../store/session-store';

/** How often a turn is re-run at least when another message of the same chat saved first. */
export const MAX_TURN_ATTEMPTS = 30;
/**
 * After MAX_TURN_ATTEMPTS, a turn keeps trying until this much time has passed since it began: on a slow
 * database (seen on Amazon's DynamoDB Local under load) 40 updates of one chat at once need more than 30 rounds,
 * and giving up means a 500 and a re-delivery. Well inside grammY's 25 s webhook timeout.
 */
export const MAX_CONFLICT_WAIT_MS = 12_000;
/** The longest pause between two attempts, in ms: Telegram sends up to 40 updates of one chat at once. */
const MAX_BACKOFF_MS = 250;

export type ProcessOutcome =
  | { duplicate: true }
  /** The text went to the staff who are talking with this chat (see `relayToStaff`); no turn ran. */
  | { duplicate: false; relayed: true }
  | { duplicate: false; relayed?: false; result: TurnResult };

/**
 * Passes a typed text to the staff who talk with this chat about its handoff request (lambdas/staff/relay.ts);
 * true when it did, false when the text belongs to the dialog.
 */
export type RelayToStaff = (chatKey: string, eventId: string, text: string) => Promise<boolean>;

/**
 * Load, run the turn, save once: the channel-independent core of every webhook.
 * - A re-delivered event (same id) is recognised and not answered again.
 * - Two messages of one chat at once: the loser of the conditional write reloads and runs its turn again,
 *   so no step is lost.
 * - Nothing is sent before the save: a failure here leaves the stored state as it was, and the channel's
 *   re-delivery runs the turn anew.
 */
export async function processEvent(input: {
  key: string;
  eventId: string;
  event: InboundEvent;
  context: TurnContext;
  ports: DialogPorts;
  sessions: SessionStore;
  /** Called when the user asked to erase their data, after the session is gone. */
  eraseUser?: (key: string) => Promise<void>;
  relayToStaff?: RelayToStaff;
}): Promise<ProcessOutcome> {
  const { key, eventId, sessions } = input;
  const context: TurnContext = { ...input.context, effectKey: effectKeyOf(key, eventId) };
  // Event ids are unique only per chat (Teams activity ids per conversation): the marker names both (hashed).
  const handledKey = `${key}|${eventId}`;
  let relayedToStaff = false;
  let relayChecked = false;
  // Read once, and only where it decides something (a slowed-down chat, a relay): the turn reads it anyway.
  let danger: boolean | undefined;
  const signalsDanger = (session: Session | undefined) => {
    const { event } = input;
    danger ??=
      event.kind === 'text' && input.ports.reader.recognizeDanger(event.text, session?.lang) !== undefined;
    return danger;
  };
  const began = Date.now();
  for (let attempt = 1; ; attempt++) {
    const loaded = await sessions.load(key);
    if (loaded.record?.recentEvents.includes(eventId)) return { duplicate: true };
    const now = input.ports.clock().getTime();
    const flood = floodCheck(loaded.record, now);
    // Emergency numbers and erasure are never held back, not even from a chat that is being slowed down.
    const { event } = input;
    const erasing = event.kind === 'command' && event.name === 'delete';
    const slowedDown =
      flood.blocked && loaded.record !== undefined && !erasing && !signalsDanger(loaded.record.session);
    if (!slowedDown && !relayChecked) {
      relayChecked = true;
      relayedToStaff = await relayed(loaded.record?.session, input, signalsDanger);
    }
    if (relayedToStaff) {
      // A message passed on to staff counts like a turn, so flood protection sees it too.
      if (loaded.record) {
        const saved = await saveOrConflict(() =>
          sessions.save(
            key,
            nextRecord(loaded.record, loaded.record?.session, flood, now, eventId),
            loaded.version,
          ),
        );
        if (!saved) {
          await backOff(attempt);
          continue;
        }
      }
      return { duplicate: false, relayed: true };
    }
    let result: TurnResult;
    try {
      result =
        slowedDown && loaded.record
          ? floodAnswer(loaded.record, flood.warn)
          : await runTurnOrFail(loaded.record?.session, { ...input, context });
    } catch (error) {
      // A failed turn saves nothing, so only a marker tells a second copy of the event that the user has already
      // been told (the channel then apologises once).
      if (error instanceof TurnFailedError && !(await sessions.markEventHandled(handledKey)))
        return { duplicate: true };
      throw error;
    }
    if (result.session === null) {
      // Erasing also erases the record of handled events, so a marker (by update id only) catches re-deliveries.
      await sessions.delete(key);
      await input.eraseUser?.(key);
      if (!(await sessions.markEventHandled(handledKey))) return { duplicate: true };
      return { duplicate: false, result };
    }
    const record = nextRecord(loaded.record, result.session, flood, now, eventId);
    if (await saveOrConflict(() => sessions.save(key, record, loaded.version))) {
      // Counted after the save, so a turn that ran twice counts once; numbers only, and never worth a failed turn.
      if (result.referralCounts) {
        const { code, counts } = result.referralCounts;
        await input.ports.referrals.count(code, counts, new Date(now).toISOString()).catch(() => undefined);
      }
      return { duplicate: false, result };
    }
    if (attempt >= MAX_TURN_ATTEMPTS && Date.now() - began >= MAX_CONFLICT_WAIT_MS)
      throw new SessionConflictError();
    await backOff(attempt);
  }
}

/** The stored record after a turn (or a message passed on to staff): this event and this moment noted. */
function nextRecord(
  loaded: SessionRecord | undefined,
  session: Session | undefined,
  flood: ReturnType<typeof floodCheck>,
  now: number,
  eventId: string,
): SessionRecord {
  if (!session) throw new Error('nextRecord needs a session');
  const recentEvents = [...(loaded?.recentEvents ?? []), eventId];
  const recentTurns = [...flood.recentTurns, now];
  const floodWarnedAt = flood.warn ? now : loaded?.floodWarnedAt;
  return { session, recentEvents, recentTurns, ...(floodWarnedAt ? { floodWarnedAt } : {}) };
}

/** True when saved; false when another turn of the chat saved first (the caller reloads and tries again). */
async function saveOrConflict(save: () => Promise<unknown>): Promise<boolean> {
  try {
    await save();
    return true;
  } catch (error) {
    if (error instanceof SessionConflictError) return false;
    throw error;
  }
}

/**
 * A random pause that grows with each attempt (full jitter), so a burst of messages of one chat (an album,
 * forwards, Telegram's 40 parallel connections) spreads out instead of colliding again at once.
 */
async function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(MAX_BACKOFF_MS, 5 * 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** The event's key for idempotent effects: the chat and the channel's event id (unique only per chat). */
function effectKeyOf(key: string, eventId: string): string {
  return createHash('sha256').update(`${key}|${eventId}`).digest('base64url').slice(0, 22);
}

/**
 * Only a chat that has asked for a person can be in a staff conversation, so only its typed texts cost the
 * extra read of the relay: chats whose session knows a handoff request, and chats without a session (it expires
 * after 30 days, a request stays open up to a year). A message that signals danger always goes to the dialog
 * (emergency numbers first).
 */
async function relayed(
  session: Session | undefined,
  input: { key: string; eventId: string; event: InboundEvent; relayToStaff?: RelayToStaff },
  signalsDanger: (session: Session | undefined) => boolean,
): Promise<boolean> {
  const { event, relayToStaff } = input;
  if (!relayToStaff || event.kind !== 'text') return false;
  if (session && !session.handoffId) return false;
  if (signalsDanger(session)) return false;
  return relayToStaff(input.key, input.eventId, event.text);
}

/** More turns than this within FLOOD_WINDOW_MS are not run: one polite warning, then silence until it calms. */
export const FLOOD_LIMIT = 10;
export const FLOOD_WINDOW_MS = 20_000;

function floodCheck(record: SessionRecord | undefined, now: number) {
  const recentTurns = (record?.recentTurns ?? []).filter((at) => now - at < FLOOD_WINDOW_MS);
  const blocked = recentTurns.length >= FLOOD_LIMIT;
  const warnedRecently = record?.floodWarnedAt !== undefined && now - record.floodWarnedAt < FLOOD_WINDOW_MS;
  return { recentTurns, blocked, warn: blocked && !warnedRecently };
}

/** The turn a flooding user gets: the session unchanged, and at most one "please slow down". */
function floodAnswer(record: SessionRecord, warn: boolean): TurnResult {
  return {
    session: record.session,
    lang: record.session.lang,
    messages: warn ? [say('fallback.slowDown')] : [],
  };
}

/**
 * When a turn could not run (a bug, the database down): a text that signals danger still gets the emergency
 * numbers, sent by the channel through `send`, before the apology or the re-delivery. Sending them twice is
 * better than not at all.
 */
export async function sendNumbersAnyway(
  event: InboundEvent,
  error: unknown,
  languageTag: string | undefined,
  reader: DialogPorts['reader'],
  send: (lang: Language) => Promise<unknown>,
): Promise<void> {
  if (event.kind !== 'text' || !reader.recognizeDanger(event.text)) return;
  const lang = error instanceof TurnFailedError ? error.lang : (languageFromTag(languageTag) ?? 'en');
  await send(lang).catch(() => undefined);
}

/** The dialog itself failed (a bug or a port error during the turn); nothing was saved. */
export class TurnFailedError extends Error {
  constructor(
    readonly lang: Language,
    options: { cause: unknown },
  ) {
    super('The dialog turn failed; nothing was saved. See the cause.', options);
    this.name = 'TurnFailedError';
  }
}

async function runTurnOrFail(
  session: Session | undefined,
  input: { event: InboundEvent; context: TurnContext; ports: DialogPorts },
): Promise<TurnResult> {
  try {
    return await runTurn(session, input.event, input.context, input.ports);
  } catch (error) {
    // A database or network fault is passed on as it is: the webhook answers 5xx and the channel delivers again.
    if (isInfrastructureError(error)) throw error;
    throw new TurnFailedError(session?.lang ?? languageFromTag(input.context.languageTag) ?? 'en', {
      cause: error,
    });
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);
/** DynamoDB's throttling and server errors, by name: SDK errors do not always keep `$metadata` when rethrown. */
const SERVICE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ResourceNotFoundException',
  'TimeoutError',
]);

/**
 * Errors of AWS services (they carry `$metadata`) and of the network, also when a store wrapped them as its
 * own error's `cause`; as opposed to bugs in the dialog.
 */
export function isInfrastructureError(error: unknown): boolean {
  // Duck typing, not instanceof: errors may come from another realm (the SDK's, a test runner's sandbox).
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const details = current as {
      name?: unknown;
      $metadata?: unknown;
      $fault?: unknown;
      code?: unknown;
      cause?: unknown;
    };
    if (
      details.$metadata !== undefined ||
      details.$fault !== undefined ||
      NETWORK_CODES.has(String(details.code)) ||
      SERVICE_ERRORS.has(String(details.name))
    ) {
      return true;
    }
    current = details.cause;
  }
  return false;
}

import { runTurn } from '../../dialogs/engine';
import type { DialogPorts, InboundEvent, Session, TurnContext, TurnResult } from '../../dialogs/types';

/**
 * Runs events one after another like a chat, each turn on the session the one before left (none after
 * /delete), and returns the last turn.
 */
export async function runChat(
  events: InboundEvent[],
  context: TurnContext,
  ports: DialogPorts,
  start?: Session,
): Promise<TurnResult> {
  let session = start;
  let last: TurnResult | undefined;
  for (const event of events) {
    last = await runTurn(session, event, context, ports);
    session = last.session ?? undefined;
  }
  if (!last) throw new Error('no events');
  return last;
}

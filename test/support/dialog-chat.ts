import { runTurn } from '../../dialogs/engine';
import type {
  DialogPorts,
  InboundEvent,
  OutboundMessage,
  Session,
  TurnContext,
  TurnResult,
} from '../../dialogs/types';

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

/** The keys of the texts a turn produced, in order (what a reader would see, without the wording). */
export function keysOf(messages: OutboundMessage[]): string[] {
  return messages.flatMap((m) => {
    if (m.kind === 'text')
      return (Array.isArray(m.text) ? m.text : [m.text]).map((t) => ('key' in t ? t.key : 'raw'));
    if (m.kind === 'group-list') return ['group-list'];
    return [m.kind];
  });
}

/** The ids of every button of a turn's messages, in order. */
export function buttonIds(messages: OutboundMessage[]): string[] {
  return messages.flatMap((m) => ('buttons' in m && m.buttons ? m.buttons.flat().map((b) => b.id) : []));
}

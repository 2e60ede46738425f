import type { DialogPorts, OutboundMessage, Session, TurnContext } from '../types';

/** What a flow works on during one turn: a private copy of the session and the messages to send. */
export interface Turn {
  session: Session;
  readonly ports: DialogPorts;
  readonly context: TurnContext;
  readonly out: OutboundMessage[];
}

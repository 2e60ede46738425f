import type { OutboundMessage, Text } from '../../dialogs/types';

/**
 * Joins a plain text message (no buttons, no keyboard change) with the text message after it, so a turn such as
 * "Got it: diabetes." + "Where do you live?" arrives as one message: one notification and one Bot API call
 * instead of two. Other kinds (emergency numbers, group lists) stay messages of their own.
 */
export function mergePlainTexts(messages: readonly OutboundMessage[]): OutboundMessage[] {
  const merged: OutboundMessage[] = [];
  for (const message of messages) {
    const previous = merged.at(-1);
    if (message.kind === 'text' && previous?.kind === 'text' && isPlain(previous)) {
      merged[merged.length - 1] = { ...message, text: [...texts(previous.text), ...texts(message.text)] };
    } else {
      merged.push(message);
    }
  }
  return merged;
}

function isPlain(message: Extract<OutboundMessage, { kind: 'text' }>): boolean {
  return (
    (message.buttons === undefined || message.buttons.length === 0) &&
    !message.requestLocation &&
    !message.closeLocationRequest
  );
}

function texts(text: Text | Text[]): Text[] {
  return Array.isArray(text) ? text : [text];
}

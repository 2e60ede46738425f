import type { Button, OutboundMessage, Text, TextParam } from './types';

/** A text message from a locale key. */
export function say(key: string, params?: Record<string, TextParam>, buttons?: Button[][]): OutboundMessage {
  return { kind: 'text', text: params ? { key, params } : { key }, ...(buttons ? { buttons } : {}) };
}

/** Several paragraphs in one message. */
export function sayAll(texts: Text[], buttons?: Button[][]): OutboundMessage {
  return { kind: 'text', text: texts, ...(buttons ? { buttons } : {}) };
}

/** A list of topic labels as one parameter, translated and joined by the renderer: "Diabetes, Stress". */
export function topicList(topics: readonly string[]): TextParam {
  return { list: topics.map((topic) => ({ key: `topics.${topic}` })) };
}

import type { Button, OutboundMessage, Text, TextParam } from './types';

/** A text message from a locale key. */
export function say(key: string, params?: Record<string, TextParam>, buttons?: Button[][]): OutboundMessage {
  return { kind: 'text', text: params ? { key, params } : { key }, ...(buttons ? { buttons } : {}) };
}

/** Several paragraphs in one message. */
export function sayAll(texts: Text[], buttons?: Button[][]): OutboundMessage {
  return { kind: 'text', text: texts, ...(buttons ? { buttons } : {}) };
}

/**
 * Topics named inside a sentence, translated and joined the language's way by the renderer ("grief and
 * depression"): the `topicsInText` names are short and written as words inside a sentence (lower case where the
 * language writes them so), unlike the button labels of `topics` ("Grief and loss").
 */
export function topicList(topics: readonly string[]): TextParam {
  return { list: topics.map((topic) => ({ key: `topicsInText.${topic}` })) };
}

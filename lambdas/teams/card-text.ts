import type { TextFormat } from '../i18n/translator';

/** Always markup in Adaptive Card markdown (bold/italic, links) or the escape character itself. */
const INLINE_SPECIALS = /[\\*[\]`]/g;
/**
 * `_` emphasises only at a word's edge (CommonMark: never inside a word), so `info_berlin@example.org` stays
 * readable and copyable; only an underscore next to a non-letter is escaped.
 */
const EDGE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
/** A line that starts like a list item or heading ("1. ", "- ", "# ") would be shown as one. */
const NUMBERED_LINE = /^(\s*\d+)([.)])(?=\s|$)/gm;
const MARKER_LINE = /^(\s*)([-+#>])(?=\s|$)/gm;

/**
 * Adaptive Card TextBlocks and facts apply a subset of markdown (bold, italic, lists, links): a group called
 * "*Together*" or a schedule "- Mondays" must show as written. Special characters are escaped with CommonMark
 * backslashes, which the Teams renderers honour (the JavaScript one on desktop and web, the mobile ones since
 * microsoft/Teams-AdaptiveCards-Mobile#83). Escaping only what could become markup keeps the backslashes away
 * from clients that render escapes less faithfully.
 */
export function escapeCardMarkdown(plain: string): string {
  return plain
    .replace(INLINE_SPECIALS, (c) => `\\${c}`)
    .replace(EDGE_UNDERSCORE, '\\_')
    .replace(NUMBERED_LINE, '$1\\$2')
    .replace(MARKER_LINE, '$1\\$2');
}

/** The text format of Adaptive Card text in Teams (button titles are plain: use PLAIN for them). */
export const TEAMS_CARD_TEXT: TextFormat = { escape: escapeCardMarkdown };

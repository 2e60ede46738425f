import type { Language } from '../../dialogs/languages';
import type { TextParam } from '../../dialogs/types';
import { i18n, renderText } from '../i18n/translator';
import { type CardElement, type Fact, factSet, type Spacing, textBlock } from './adaptive-card';
import { TEAMS_CARD_TEXT } from './card-text';

/** One line of a group or contact point: a labelled fact ("When" → "Mondays 18:00") or a line of its own. */
export type CardLine = { fact: Fact } | { line: string };

/** Stands for the value while the label is looked up; U+E001 (private use) never occurs in locale texts. */
const SLOT = '\ue001';
/** What separates a label from its value: ":" in most languages, "：" in CJK punctuation, spaces around. */
const LABEL_END = /[\s:：]+$/u;

/**
 * A labelled text such as "When: {{schedule}}" as a fact: the translation's text before the value becomes the
 * title. Texts whose value does not come last ("{{km}} km away") stay a line, in every language, so no
 * translation has to be written twice.
 */
export function labelledLine(key: string, name: string, value: TextParam, lang: Language): CardLine {
  const line = renderText({ key, params: { [name]: value } }, lang, TEAMS_CARD_TEXT);
  const template = i18n().t(key, { lng: lang, [name]: SLOT });
  const at = template.indexOf(SLOT);
  if (at <= 0 || at + SLOT.length !== template.length) return { line };
  const prefix = TEAMS_CARD_TEXT.escape(template.slice(0, at));
  const title = TEAMS_CARD_TEXT.escape(template.slice(0, at).replace(LABEL_END, ''));
  if (title === '' || !line.startsWith(prefix)) return { line };
  return { fact: { title, value: line.slice(prefix.length).trim() } };
}

/** A text without a value ("Online", "Only for women") as a line. */
export function plainLine(key: string, lang: Language): CardLine {
  return { line: renderText({ key }, lang, TEAMS_CARD_TEXT) };
}

/** Card elements for lines in order: consecutive facts share one FactSet so their values align. */
export function cardLines(lines: (CardLine | undefined)[], spacing: Spacing = 'Small'): CardElement[] {
  const elements: CardElement[] = [];
  let facts: Fact[] = [];
  const flush = () => {
    if (facts.length > 0) elements.push({ ...factSet(facts), spacing });
    facts = [];
  };
  for (const item of lines) {
    if (item === undefined) continue;
    if ('fact' in item) {
      facts.push(item.fact);
      continue;
    }
    flush();
    elements.push(textBlock(item.line, { spacing }));
  }
  flush();
  return elements;
}

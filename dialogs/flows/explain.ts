import { BUTTON, button } from '../buttons';
import { say } from '../messages';
import type { Turn } from './turn';

/** The explanation of self-help, one short idea per message. The last page depends on the country. */
const PAGES = ['group', 'meeting', 'principles', 'peers', 'languages', 'contactPoints'] as const;

export function explain(turn: Turn, page = 0): void {
  turn.session.step = 'explain';
  turn.session.explainPage = page;
  const name = PAGES[page] ?? 'group';
  // The contact points differ by country; before we know it, a text that names both.
  const key =
    name === 'contactPoints' ? `explain.contactPoints${turn.session.country ?? ''}` : `explain.${name}`;
  const last = page >= PAGES.length - 1;
  const buttons = last
    ? [[button(BUTTON.find, 'explain.find')], [button(BUTTON.start, 'menu.start')]]
    : [[button(BUTTON.explainNext, 'explain.next'), button(BUTTON.find, 'explain.find')]];
  turn.out.push(say(key, undefined, buttons));
}

export function explainNext(turn: Turn): void {
  explain(turn, Math.min(turn.session.explainPage + 1, PAGES.length - 1));
}

import { BUTTON, button } from '../buttons';
import { say, topicList } from '../messages';
import type { Turn } from './turn';
import { showMenu } from './welcome';

/** Offers to note, without any personal data, that someone wants a group for this concern in this area. */
export function askFounding(turn: Turn): void {
  const { session } = turn;
  session.step = 'founding';
  const topics = topicList(session.concerns);
  const buttons = [[button(BUTTON.foundingYes, 'founding.yes'), button(BUTTON.foundingNo, 'founding.no')]];
  turn.out.push(
    session.place?.label
      ? say('founding.ask', { place: session.place.label, topics }, buttons)
      : say('founding.askNoPlace', { topics }, buttons),
  );
}

export async function answerFounding(turn: Turn, yes: boolean): Promise<void> {
  const { session, ports, context } = turn;
  if (yes && session.concerns.length > 0) {
    await ports.foundingInterests.register({
      topics: session.concerns,
      ...(session.place ? { place: session.place } : {}),
      language: session.lang,
      ...(context.effectKey ? { effectKey: context.effectKey } : {}),
      at: ports.clock().toISOString(),
    });
    turn.out.push(say('founding.saved'));
  } else {
    turn.out.push(say('founding.declined'));
  }
  showMenu(turn);
}

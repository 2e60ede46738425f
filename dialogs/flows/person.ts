import { BUTTON, button } from '../buttons';
import { say } from '../messages';
import type { Button } from '../types';
import type { Turn } from './turn';

/** "Talk to a person": the nearest contact point (or the national one) with how to reach it. */
export async function talkToPerson(turn: Turn): Promise<void> {
  turn.out.push(say('person.intro'));
  await offerContactPoint(turn, [[button(BUTTON.find, 'menu.find'), button(BUTTON.start, 'menu.start')]]);
}

export async function offerContactPoint(turn: Turn, buttons: Button[][]): Promise<void> {
  const { session, ports } = turn;
  const contactPoint = await ports.directory.nearestContactPoint(session.place, session.country ?? 'DE');
  if (contactPoint) turn.out.push({ kind: 'contact-point', contactPoint, buttons });
  else turn.out.push(say('welcome.whatNext', undefined, buttons));
}

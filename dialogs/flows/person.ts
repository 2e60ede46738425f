import { say } from '../messages';
import type { Button } from '../types';
import type { Turn } from './turn';

/** The nearest contact point (or the national one) with how to reach it, and what to do next. */
export async function offerContactPoint(turn: Turn, buttons: Button[][]): Promise<void> {
  const { session, ports } = turn;
  const contactPoint = await ports.directory.nearestContactPoint(session.place, session.country ?? 'DE');
  if (contactPoint) turn.out.push({ kind: 'contact-point', contactPoint, buttons });
  else turn.out.push(say('welcome.whatNext', undefined, buttons));
}

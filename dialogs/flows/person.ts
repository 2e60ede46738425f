import { knownCountry } from '../country';
import { say } from '../messages';
import type { Button, ContactPointView, Country, Session } from '../types';
import type { Turn } from './turn';

/**
 * Whose offices `offerContactPoint` shows: the user's country, or both before we know it. A text that leads
 * into the offer can ask this to say "this place" or "one of these places".
 */
export function contactPointCountries(session: Session): Country[] {
  const known = knownCountry(session);
  return known ? [known] : ['DE', 'NO'];
}

/**
 * The nearest contact point (or the national one) with how to reach it, and what to do next. Before we know
 * the user's country, both national offices (NAKOS for Germany, Selvhjelp Norge for Norway; each shows its
 * city): guessing one would send half the people to an office in the wrong country. Neither costs a request.
 */
export async function offerContactPoint(turn: Turn, buttons: Button[][]): Promise<void> {
  const { session, ports } = turn;
  const countries = contactPointCountries(session);
  const found: ContactPointView[] = [];
  for (const country of countries) {
    const contactPoint = await ports.directory.nearestContactPoint(session.place, country);
    if (contactPoint) found.push(contactPoint);
  }
  if (found.length === 0) {
    turn.out.push(say('welcome.whatNext', undefined, buttons));
    return;
  }
  // The buttons follow the last one, so what to do next comes after both.
  found.forEach((contactPoint, i) => {
    turn.out.push({ kind: 'contact-point', contactPoint, ...(i === found.length - 1 ? { buttons } : {}) });
  });
}

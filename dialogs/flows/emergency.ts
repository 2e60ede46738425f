import { BUTTON, button } from '../buttons';
import type { Language } from '../languages';
import { say } from '../messages';
import type { Country, Session } from '../types';
import type { Turn } from './turn';

/**
 * Emergency numbers for the user's country come before anything else. The bot gives no advice of its own;
 * the conversation goes on where it was when the user is ready.
 */
export function answerDanger(turn: Turn): void {
  turn.out.push(
    { kind: 'emergency', countries: emergencyCountries(turn.session) },
    say('emergency.after', undefined, [[button(BUTTON.continue, 'emergency.continue')]]),
  );
}

/** Languages that tell the country on their own: someone who writes Norwegian is almost surely in Norway. */
const COUNTRY_OF_LANGUAGE: Partial<Record<Language, Country>> = { de: 'DE', nb: 'NO', nn: 'NO' };

/**
 * The country whose numbers to give: the one the user's place is in, else the one their language points to,
 * else both (German 110 is the police, Norwegian 110 the fire brigade: guessing wrong sends help astray).
 */
export function emergencyCountries(session: Session): Country[] {
  const known = session.country ?? session.place?.country ?? COUNTRY_OF_LANGUAGE[session.lang];
  return known ? [known] : ['DE', 'NO'];
}

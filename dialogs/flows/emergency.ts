import { BUTTON, button } from '../buttons';
import { say } from '../messages';
import type { Country, Session } from '../types';
import { likelyCountry } from './location';
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

/**
 * The country whose numbers to give: the one the user's place is in, else the one their language points to,
 * else both (German 110 is the police, Norwegian 110 the fire brigade: guessing wrong sends help astray).
 */
function emergencyCountries(session: Session): Country[] {
  const likely = likelyCountry(session);
  return likely ? [likely] : ['DE', 'NO'];
}

import { BUTTON, button } from '../buttons';
import { say } from '../messages';
import type { Turn } from './turn';

/**
 * Emergency numbers for the user's country come before anything else. The bot gives no advice of its own;
 * the conversation goes on where it was when the user is ready.
 */
export function answerDanger(turn: Turn): void {
  turn.out.push(
    { kind: 'emergency', country: turn.session.country ?? 'DE' },
    say('emergency.after', undefined, [[button(BUTTON.continue, 'emergency.continue')]]),
  );
}

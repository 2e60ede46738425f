import { BUTTON, button, sectorButtons } from '../buttons';
import { say, topicList } from '../messages';
import type { Place } from '../types';
import { search } from './results';
import type { Turn } from './turn';

/**
 * The location texts that mention sending a location, for the channel: `location.ask` on Telegram,
 * `location.askTeams` (postcode or town only) where there is no location button.
 */
function locationKey(turn: Turn, base: 'ask' | 'unknownPostcode' | 'unknownPlace'): string {
  return turn.context.sharesLocation ? `location.${base}` : `location.${base}Teams`;
}

/** Asks where the user lives: a postcode, a town, or (Telegram) the location button. */
export function askLocation(turn: Turn): void {
  turn.session.step = 'location';
  turn.out.push(
    // requestLocation stays for every channel: renderers without location sharing (Teams) ignore it.
    { kind: 'text', text: { key: locationKey(turn, 'ask') }, requestLocation: true },
    say('location.alternatives', undefined, [
      [button(BUTTON.onlineOnly, 'location.onlineOnly')],
      [button(BUTTON.concernAdd, 'concern.addAnother')],
    ]),
  );
}

/** Takes a place and searches when a concern is known; otherwise asks for the concern next. */
export async function usePlace(turn: Turn, place: Place): Promise<void> {
  turn.session.place = place;
  turn.session.country = place.country;
  turn.session.onlineOnly = false;
  turn.session.resultsOffset = 0;
  turn.out.push({
    kind: 'text',
    text: place.label
      ? { key: 'location.received', params: { place: place.label } }
      : { key: 'location.receivedPoint' },
    closeLocationRequest: true,
  });
  // The person answered "did you mean …?" with their place: search for the best guess, and say it by name.
  const [guess] = turn.session.guesses ?? [];
  if (turn.session.concerns.length === 0 && guess) {
    delete turn.session.guesses;
    turn.session.concerns = [guess];
    turn.out.push(say('concern.chosen', { topics: topicList([guess]) }));
  }
  if (turn.session.concerns.length === 0) {
    turn.session.step = 'sector';
    turn.out.push(say('concern.ask', undefined, sectorButtons()));
    return;
  }
  await search(turn);
}

export function unknownPostcode(turn: Turn, postcode: string): void {
  turn.out.push(say(locationKey(turn, 'unknownPostcode'), { postcode }, onlineButton()));
}

export function unknownPlace(turn: Turn): void {
  const example = turn.session.country === 'NO' ? '6900' : '20095';
  turn.out.push(say(locationKey(turn, 'unknownPlace'), { example }, onlineButton()));
}

function onlineButton() {
  return [[button(BUTTON.onlineOnly, 'location.onlineOnly')]];
}

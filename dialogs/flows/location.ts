import { BUTTON, button } from '../buttons';
import { say } from '../messages';
import type { Country, Place, Point } from '../types';
import { search } from './results';
import type { Turn } from './turn';

/** Asks where the user lives: a postcode, a town, or (Telegram) the location button. */
export function askLocation(turn: Turn): void {
  turn.session.step = 'location';
  turn.out.push(
    { kind: 'text', text: { key: 'location.ask' }, requestLocation: true },
    say('location.alternatives', undefined, [
      [button(BUTTON.onlineOnly, 'location.onlineOnly')],
      [button(BUTTON.concernAdd, 'concern.addAnother')],
    ]),
  );
}

/** Norway lies north of 57.9° N between 4° and 31.5° E; everything else the bot serves is Germany. */
export function countryOf(point: Point): Country {
  return point.lat > 57.9 && point.lon > 4 && point.lon < 31.5 ? 'NO' : 'DE';
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
  if (turn.session.concerns.length === 0) {
    turn.session.step = 'sector';
    turn.out.push(say('concern.ask'));
    return;
  }
  await search(turn);
}

export function unknownPostcode(turn: Turn, postcode: string): void {
  turn.out.push(say('location.unknownPostcode', { postcode }, onlineButton()));
}

export function unknownPlace(turn: Turn): void {
  const example = turn.session.country === 'NO' ? '6900' : '20095';
  turn.out.push(say('location.unknownPlace', { example }, onlineButton()));
}

function onlineButton() {
  return [[button(BUTTON.onlineOnly, 'location.onlineOnly')]];
}

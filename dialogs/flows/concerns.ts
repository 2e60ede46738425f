import { BUTTON, button, guessButtons, sectorButtons, topicButtons } from '../buttons';
import { say, topicList } from '../messages';
import type { Sector, TopicId } from '../topics';
import { askLocation } from './location';
import { search } from './results';
import type { Turn } from './turn';

/** The most concerns one search looks for: each costs a query (a search turn stays within 6 DynamoDB requests). */
export const MAX_CONCERNS = 2;

/** Starts a new search: the topics menu, grouped by sector. */
export function askConcern(turn: Turn, keepConcerns = false): void {
  if (!keepConcerns) turn.session.concerns = [];
  turn.session.step = 'sector';
  turn.session.resultsOffset = 0;
  turn.out.push(say('concern.ask', undefined, sectorButtons()));
}

export function showSector(turn: Turn, sector: Sector): void {
  turn.session.step = 'topic';
  turn.session.sector = sector;
  turn.out.push(say('concern.chooseTopic', undefined, topicButtons(sector)));
}

/** Adds concerns; searches at once when the place is known, otherwise asks where the user lives. */
export async function addConcerns(turn: Turn, topics: TopicId[]): Promise<void> {
  delete turn.session.guesses;
  const merged = [...turn.session.concerns, ...topics.filter((t) => !turn.session.concerns.includes(t))];
  turn.session.concerns = merged.slice(0, MAX_CONCERNS);
  turn.session.resultsOffset = 0;
  turn.out.push(say('concern.chosen', { topics: topicList(turn.session.concerns) }));
  if (turn.session.place || turn.session.onlineOnly) {
    await search(turn);
    return;
  }
  askLocation(turn);
}

/**
 * The message only hinted at a concern ("Tabletten", "Druck"): ask with the best guesses as buttons and
 * "something else", rather than searching for a topic the person may not have meant.
 */
export function askGuesses(turn: Turn, guesses: TopicId[]): void {
  turn.session.step = 'topic';
  turn.session.guesses = guesses.slice(0, 3);
  turn.out.push(say('concern.guess', undefined, guessButtons(turn.session.guesses)));
}

export function concernNotUnderstood(turn: Turn): void {
  turn.session.step = 'sector';
  turn.out.push(say('concern.notUnderstood', undefined, sectorButtons()));
}

export function askAnotherConcern(turn: Turn): void {
  turn.session.step = 'sector';
  turn.out.push(
    say('concern.ask', undefined, [...sectorButtons(), [button(BUTTON.concernSearch, 'concern.searchNow')]]),
  );
}

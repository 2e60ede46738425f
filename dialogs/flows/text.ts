import { menuButtons } from '../buttons';
import { say } from '../messages';
import { languageNamed } from '../native-names';
import type { TopicId } from '../topics';
import { findPostcode, type Understanding } from '../understand/recognizer';
import { addConcerns, askGuesses, concernNotUnderstood, MAX_CONCERNS } from './concerns';
import { answerDanger } from './emergency';
import { answerFounding } from './founding';
import { takeContactDetail } from './handoff';
import { offerLanguageSwitch } from './language-offer';
import { unknownPlace, unknownPostcode, usePlace } from './location';
import { chooseReferralLanguage, takeReferralText } from './representative';
import type { Turn } from './turn';
import { chooseLanguage } from './welcome';

/** Longer messages are not parsed: the bot asks for a few words instead. */
export const MAX_TEXT_LENGTH = 1000;

/**
 * Typed text: danger first, then whatever the current step can make of it, then the topics and places; and,
 * when the text is in another language we speak, the offer to switch.
 */
export async function handleText(turn: Turn, text: string): Promise<void> {
  // An organisation's or a town's name is not a sign of the user's language.
  const naming = turn.session.step.startsWith('referral-');
  await understandText(turn, text);
  if (turn.out[0]?.kind !== 'emergency' && !naming) offerLanguageSwitch(turn, text);
}

async function understandText(turn: Turn, text: string): Promise<void> {
  const understood = turn.ports.reader.understand(text, turn.session.lang);
  if (understood.danger) {
    answerDanger(turn);
    // What the person told of stays their concern: when they later give a place, the search is for it.
    if (understood.topics.length > 0) turn.session.concerns = understood.topics.slice(0, MAX_CONCERNS);
    return;
  }
  if (text.length > MAX_TEXT_LENGTH) {
    turn.out.push(say('fallback.tooLong'));
    return;
  }
  const { session, ports } = turn;

  // A phone number or e-mail address is asked for only after consent, and goes nowhere but the request.
  if (session.step === 'handoff-phone' || session.step === 'handoff-email') {
    takeContactDetail(turn, text);
    return;
  }
  if (session.step === 'language') {
    const lang = languageNamed(text);
    if (lang) {
      chooseLanguage(turn, lang);
      return;
    }
  }
  // A representative's answers (organisation, place) are names, not concerns or places to search.
  if (session.step === 'referral-language') {
    const lang = languageNamed(text);
    if (lang) {
      chooseReferralLanguage(turn, lang);
      return;
    }
  }
  if (takeReferralText(turn, text)) return;
  if (session.step === 'founding') {
    const answer = turn.ports.reader.recognizeYesNo(text, session.lang);
    if (answer) {
      await answerFounding(turn, answer === 'yes');
      return;
    }
  }

  const postcode = findPostcode(text);
  if (postcode) {
    const place = ports.gazetteer.postcode(postcode, session.country);
    if (place) await usePlace(turn, place);
    else unknownPostcode(turn, postcode);
    return;
  }

  // At the location question a town name wins over topic words: "Frauenstein" is a town, not "women".
  if (session.step === 'location') {
    const place = ports.gazetteer.place(text);
    if (place) {
      await usePlace(turn, place);
      return;
    }
  }

  const { topics, guesses } = understood;
  if (topics.length > 0) {
    await takeTopics(turn, topics);
    return;
  }
  if (guesses.length > 0 && session.step !== 'location') {
    askGuesses(turn, guesses);
    return;
  }

  if (session.step === 'location') {
    unknownPlace(turn);
    return;
  }
  // Once a concern is known, a town name at any step runs the search.
  if (session.concerns.length > 0) {
    const place = ports.gazetteer.place(text);
    if (place) {
      await usePlace(turn, place);
      return;
    }
  }

  if (session.step === 'sector' || session.step === 'topic') {
    concernNotUnderstood(turn);
    return;
  }
  turn.out.push(say('fallback.notUnderstood', undefined, menuButtons()));
}

/** Topics typed after results mean "search for this": a new search, not one more topic added to the old. */
async function takeTopics(turn: Turn, topics: TopicId[]): Promise<void> {
  const { session } = turn;
  delete session.guesses;
  if (session.step === 'results' || session.step === 'no-match' || session.step === 'founding')
    session.concerns = [];
  await addConcerns(turn, topics);
}

/**
 * A first message that already says something (a concern, a postcode, a town) is answered with the greeting and
 * then acted on, so nobody has to write it twice. False when there is nothing to act on (the caller greets).
 */
export async function actOnFirstText(turn: Turn, text: string, understood: Understanding): Promise<boolean> {
  const { session, ports } = turn;
  if (text.length > MAX_TEXT_LENGTH) return false;
  const { topics, guesses } = understood;
  const postcode = findPostcode(text);
  const place = postcode ? ports.gazetteer.postcode(postcode, session.country) : ports.gazetteer.place(text);
  if (topics.length === 0 && guesses.length === 0 && !place) return false;
  session.step = 'menu';
  turn.out.push(say('welcome.hello'));
  if (topics.length > 0) await addConcerns(turn, topics);
  else if (place) await usePlace(turn, place);
  else askGuesses(turn, guesses);
  return true;
}

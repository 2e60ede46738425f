import { languageButtons, menuButtons } from '../buttons';
import { isLanguage, type Language } from '../languages';
import { say } from '../messages';
import { type Turn, tally } from './turn';

/** The greeting: in the user's language with the main menu, or in English with the language menu. */
export function welcome(turn: Turn, organisation?: string): void {
  if (organisation) turn.out.push(say('welcome.referral', { organisation }));
  if (!turn.session.langChosen) {
    turn.session.step = 'language';
    turn.out.push(say('welcome.hello'), say('welcome.chooseLanguage', undefined, languageButtons()));
    return;
  }
  turn.session.step = 'menu';
  turn.out.push(say('welcome.hello'), say('welcome.whatNext', undefined, menuButtons()));
}

export function showMenu(turn: Turn): void {
  turn.session.step = 'menu';
  turn.out.push(say('welcome.whatNext', undefined, menuButtons()));
}

export function askLanguage(turn: Turn): void {
  turn.session.step = 'language';
  turn.out.push(say('welcome.chooseLanguage', undefined, languageButtons()));
}

/** Switches the language and goes on with the menu (or where the user was, when a search is under way). */
export function chooseLanguage(turn: Turn, lang: Language): void {
  const firstChoice = !turn.session.langChosen;
  turn.session.lang = lang;
  turn.session.langChosen = true;
  turn.out.push(say('language.changed'));
  if (firstChoice || turn.session.step === 'language') showMenu(turn);
}

/** Referral codes come from representatives' links: `/start CODE`. Unknown or revoked codes are harmless. */
export async function startWithReferral(
  turn: Turn,
  code: string | undefined,
  /** The code the chat had before this start: a start is counted once per chat and code. */
  previous?: string,
): Promise<void> {
  let organisation: string | undefined;
  if (code && /^[A-Za-z0-9_-]{1,64}$/.test(code)) {
    const referral = await turn.ports.referrals.resolve(code);
    if (referral) {
      turn.session.referral = code;
      organisation = referral.organisation;
      if (code !== previous) tally(turn, 'starts');
      if (referral.language && isLanguage(referral.language)) {
        turn.session.lang = referral.language;
        turn.session.langChosen = true;
      }
    }
  }
  welcome(turn, organisation);
}

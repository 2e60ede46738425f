import { type Language, languageFromTag } from './languages';
import type { Session, TurnContext } from './types';

/** The state of a chat the bot has not seen before: in the channel's language when it is one we speak. */
export function newSession(context: TurnContext): Session {
  const lang: Language | undefined = languageFromTag(context.languageTag);
  return {
    lang: lang ?? 'en',
    langChosen: lang !== undefined,
    step: lang ? 'menu' : 'language',
    explainPage: 0,
    concerns: [],
    onlineOnly: false,
    resultsOffset: 0,
  };
}

import { CloudAdapter, type ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { type Language, languageFromTag } from '../../dialogs/languages';
import { say } from '../../dialogs/messages';
import { isInfrastructureError, TurnFailedError } from '../conversation/process-event';
import { type Logger, pseudonym } from '../log/logger';
import { renderForTeams } from './render';
import { sendReplies } from './send';

/**
 * botbuilder's CloudAdapter with the turn-level error boundary:
 * - infrastructure errors (DynamoDB, network) are logged and rethrown: the request answers 5xx, Teams delivers
 *   the activity again, and since nothing was saved the turn runs anew;
 * - anything else (a failed dialog turn, a bug in rendering) is logged and answered with the localized
 *   apology; the request answers 200, because delivering it again would only fail again.
 * Logs hold error names and a pseudonym, never message text, names or ids.
 */
export function createTeamsAdapter(
  auth: ConfigurationBotFrameworkAuthentication,
  log: Logger,
  logSalt: string,
): CloudAdapter {
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const user = pseudonym(`teams:${context.activity.conversation?.id ?? ''}`, logSalt);
    const cause = error instanceof TurnFailedError ? error.cause : error;
    const name = cause instanceof Error ? cause.name : 'unknown';
    if (isInfrastructureError(error)) {
      log.error('teams.infrastructure_error', { user, error: name });
      throw error;
    }
    log.error('teams.turn_failed', { user, error: name });
    const lang: Language =
      error instanceof TurnFailedError ? error.lang : (languageFromTag(context.activity.locale) ?? 'en');
    await sendReplies(context, renderForTeams([say('fallback.error')], lang), log);
  };
  return adapter;
}

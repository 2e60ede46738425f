import { BUTTON, button, menuButtons, PREFIX } from './buttons';
import { countryOf } from './country';
import { addConcerns, askAnotherConcern, askConcern, showSector } from './flows/concerns';
import { answerDanger, grounding, notSafe, safeNow, showCrisisServices } from './flows/emergency';
import { explain, explainNext } from './flows/explain';
import { answerFounding, askFounding } from './flows/founding';
import {
  askContactWay,
  chooseContactWay,
  declineHandoff,
  GOOD_TIMES,
  offerHandoff,
  showHandoffStatus,
  submitHandoff,
  withdrawHandoff,
} from './flows/handoff';
import { keepLanguage } from './flows/language-offer';
import { askLocation, unknownPlace, usePlace } from './flows/location';
import { referralCountsOf } from './flows/referral-counts';
import {
  cancelReferral,
  chooseReferralLanguage,
  sendReferralRequest,
  startRepresentative,
} from './flows/representative';
import { nextPage, search, showGroup } from './flows/results';
import { actOnFirstText, handleText } from './flows/text';
import type { Turn } from './flows/turn';
import { askLanguage, chooseLanguage, showMenu, startWithReferral, welcome } from './flows/welcome';
import { isLanguage } from './languages';
import { say } from './messages';
import { newSession } from './session';
import { isTopicId, SECTORS, type Sector } from './topics';
import type { DialogPorts, InboundEvent, Session, Step, TurnContext, TurnResult } from './types';

/**
 * One turn of the conversation: (stored session, what the user did) → (new session, what to say).
 * Knows no channel, database or network; everything outside comes in through `ports`.
 * The stored session is not modified. `session: null` in the result means "erase this chat's data".
 *
 * @example
 * const { session, messages } = await runTurn(undefined, { kind: 'command', name: 'start' }, { channel: 'telegram', languageTag: 'ar' }, ports);
 */
export async function runTurn(
  stored: Session | undefined,
  event: InboundEvent,
  context: TurnContext,
  ports: DialogPorts,
): Promise<TurnResult> {
  const turn: Turn = {
    session: stored ? structuredClone(stored) : newSession(context),
    ports,
    context,
    out: [],
    counts: {},
  };
  if (event.kind === 'command' && event.name === 'delete') {
    // An open handoff request loses its personal fields too: nothing keeps the user's id or contact.
    if (turn.session.handoffId)
      await ports.handoffs.withdraw(turn.session.handoffId, ports.clock().toISOString());
    // So does a representative's request for a referral code.
    if (turn.session.referralRequest && context.chatKey)
      await ports.referrals.forget(turn.session.referralRequest, context.chatKey);
    return { session: null, lang: turn.session.lang, messages: [say('delete.done')] };
  }
  if (!stored && event.kind !== 'command') {
    // First contact: greet before anything else, but danger still comes first.
    const understood =
      event.kind === 'text' ? ports.reader.understand(event.text, turn.session.lang) : undefined;
    if (understood?.danger) answerDanger(turn);
    const actedOn =
      understood !== undefined &&
      !understood.danger &&
      event.kind === 'text' &&
      turn.session.langChosen &&
      (await actOnFirstText(turn, event.text, understood));
    if (!actedOn) welcome(turn);
  } else {
    await handleEvent(turn, event);
  }
  const referralCounts = referralCountsOf(turn, stored);
  const handoffCreated = turn.session.handoffId !== stored?.handoffId ? turn.session.handoffId : undefined;
  return {
    session: turn.session,
    lang: turn.session.lang,
    messages: turn.out,
    ...(referralCounts ? { referralCounts } : {}),
    ...(handoffCreated ? { handoffCreated } : {}),
  };
}

/** Steps whose typed answer is a name or a contact detail, never a button. */
const TAKES_NAMES: ReadonlySet<Step> = new Set<Step>([
  'handoff-phone',
  'handoff-email',
  'referral-organisation',
  'referral-city',
]);

async function handleEvent(turn: Turn, event: InboundEvent): Promise<void> {
  switch (event.kind) {
    case 'command':
      return handleCommand(turn, event.name, event.payload);
    case 'button':
      return handleButton(turn, event.id);
    case 'location':
      // A channel could pass on anything; a point off the map is answered like an unknown place.
      if (!isOnMap(event)) return unknownPlace(turn);
      return usePlace(turn, { lat: event.lat, lon: event.lon, country: countryOf(event) });
    case 'text': {
      // A button's label typed instead of pressed works like the button; names and contact details are
      // taken as they are typed.
      const pressed = TAKES_NAMES.has(turn.session.step)
        ? undefined
        : turn.ports.reader.typedButton(event.text, turn.session.lang);
      return pressed ? handleButton(turn, pressed) : handleText(turn, event.text);
    }
  }
}

async function handleCommand(turn: Turn, name: string, payload: string | undefined): Promise<void> {
  switch (name) {
    case 'start': {
      // A fresh start keeps the language, the open request (to show its status, and to erase it on /delete)
      // and the representative's request.
      const { lang, langChosen, handoffId, referralRequest, referral } = turn.session;
      turn.session = {
        ...newSession(turn.context),
        lang,
        langChosen,
        ...(handoffId ? { handoffId } : {}),
        ...(referralRequest ? { referralRequest } : {}),
      };
      return startWithReferral(turn, payload, referral);
    }
    case 'language':
      return askLanguage(turn);
    case 'find':
      return askConcern(turn);
    case 'help':
      turn.out.push(say('help.text', undefined, menuButtons()));
      return;
    case 'privacy':
      turn.out.push(say('privacy.text', undefined, menuButtons()));
      return;
    case 'representative':
      return startRepresentative(turn);
  }
}

async function handleButton(turn: Turn, id: string): Promise<void> {
  if (id.startsWith(PREFIX.language)) {
    const lang = id.slice(PREFIX.language.length);
    if (isLanguage(lang)) return chooseLanguage(turn, lang);
  }
  if (id.startsWith(PREFIX.keepLanguage)) {
    const declined = id.slice(PREFIX.keepLanguage.length);
    if (isLanguage(declined)) {
      keepLanguage(turn, declined);
      turn.out.push(say('language.kept', undefined, [[button(BUTTON.continue, 'emergency.continue')]]));
      return;
    }
  }
  if (id.startsWith(PREFIX.sector)) {
    const sector = id.slice(PREFIX.sector.length);
    if (Object.hasOwn(SECTORS, sector)) return showSector(turn, sector as Sector);
  }
  if (id.startsWith(PREFIX.topic)) {
    const topic = id.slice(PREFIX.topic.length);
    if (isTopicId(topic)) return addConcerns(turn, [topic]);
  }
  if (id.startsWith(PREFIX.group)) return showGroup(turn, id.slice(PREFIX.group.length));
  if (id.startsWith(PREFIX.goodTime)) {
    const time = id.slice(PREFIX.goodTime.length);
    const goodTime = GOOD_TIMES.find((t) => t === time);
    if (goodTime && turn.session.step === 'handoff-time') return submitHandoff(turn, goodTime);
  }
  if (id.startsWith(PREFIX.referralLanguage)) {
    const lang = id.slice(PREFIX.referralLanguage.length);
    if (isLanguage(lang)) return chooseReferralLanguage(turn, lang);
  }

  switch (id) {
    case BUTTON.explain:
      return explain(turn, 0);
    case BUTTON.explainNext:
      return explainNext(turn);
    case BUTTON.find:
    case BUTTON.newSearch:
      return askConcern(turn);
    case BUTTON.person:
      return offerHandoff(turn);
    case BUTTON.handoffAgree:
      return turn.session.step === 'handoff-consent' ? askContactWay(turn) : offerHandoff(turn);
    case BUTTON.handoffDecline:
      return declineHandoff(turn);
    case BUTTON.handoffViaChat:
      return chooseContactWay(turn, 'chat');
    case BUTTON.handoffViaPhone:
      return chooseContactWay(turn, 'phone');
    case BUTTON.handoffViaEmail:
      return chooseContactWay(turn, 'email');
    case BUTTON.handoffStatus:
      return showHandoffStatus(turn);
    case BUTTON.handoffWithdraw:
      return withdrawHandoff(turn);
    case BUTTON.language:
      return askLanguage(turn);
    case BUTTON.start:
      return showMenu(turn);
    case BUTTON.concernAdd:
      return askAnotherConcern(turn);
    case BUTTON.concernBack:
      return askConcern(turn, true);
    case BUTTON.concernSearch:
      return turn.session.concerns.length > 0 ? searchOrAskPlace(turn) : askConcern(turn);
    case BUTTON.onlineOnly:
      if (turn.session.concerns.length === 0) return askConcern(turn);
      turn.session.onlineOnly = true;
      turn.session.resultsOffset = 0;
      return search(turn);
    case BUTTON.resultsMore:
      return nextPage(turn);
    case BUTTON.resultsBack:
      return turn.session.concerns.length > 0 ? search(turn) : askConcern(turn);
    case BUTTON.startGroup:
      return turn.session.concerns.length > 0 ? askFounding(turn) : askConcern(turn);
    case BUTTON.foundingYes:
      return answerFounding(turn, true);
    case BUTTON.foundingNo:
      return answerFounding(turn, false);
    case BUTTON.continue:
      return continueWhereWeWere(turn);
    case BUTTON.referralSend:
      return sendReferralRequest(turn);
    case BUTTON.referralAgain:
      return startRepresentative(turn);
    case BUTTON.referralCancel:
      return cancelReferral(turn);
    case BUTTON.concernOther:
      delete turn.session.guesses;
      return askConcern(turn, true);
    case BUTTON.crisisSafe:
      return safeNow(turn);
    case BUTTON.crisisUnsafe:
      return notSafe(turn);
    case BUTTON.crisisServices:
      return showCrisisServices(turn);
    case BUTTON.crisisGrounding:
      return grounding(turn);
    case BUTTON.crisisPerson:
      return offerHandoff(turn, true);
  }
  // An unknown or outdated button: show the menu rather than nothing.
  showMenu(turn);
}

async function searchOrAskPlace(turn: Turn): Promise<void> {
  if (turn.session.place || turn.session.onlineOnly) return search(turn);
  askLocation(turn);
}

/** After the emergency numbers: ask the current step's question again. */
async function continueWhereWeWere(turn: Turn): Promise<void> {
  const { session } = turn;
  switch (session.step) {
    case 'explain':
      return explain(turn, session.explainPage);
    case 'sector':
      return askConcern(turn, true);
    case 'topic':
      return session.sector ? showSector(turn, session.sector) : askConcern(turn, true);
    case 'location':
      return askLocation(turn);
    case 'results':
      return search(turn);
    case 'language':
      return askLanguage(turn);
    default:
      return showMenu(turn);
  }
}

function isOnMap(point: { lat: number; lon: number }): boolean {
  return (
    Number.isFinite(point.lat) &&
    Number.isFinite(point.lon) &&
    Math.abs(point.lat) <= 90 &&
    Math.abs(point.lon) <= 180
  );
}

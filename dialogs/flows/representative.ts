import { BUTTON, button, languageButtons, menuButtons, PREFIX } from '../buttons';
import type { Language } from '../languages';
import { say } from '../messages';
import { NATIVE_NAMES } from '../native-names';
import type { Button } from '../types';
import { findPostcode } from '../understand/recognizer';
import type { Turn } from './turn';
import { showMenu } from './welcome';

/** Longest organisation name and place we keep: enough for "Interkultureller Verein … e. V.", short on a card. */
export const MAX_ORGANISATION_LENGTH = 80;
export const MAX_REGION_LENGTH = 60;

/**
 * A representative of a migrant organisation asks for a referral link of their own (`/representative`):
 * the organisation's name, the city or region, the language the bot should start in; then a summary to confirm.
 * Only the confirmed request is stored (pending until staff decide), and only then is the user told.
 */
export function startRepresentative(turn: Turn): void {
  turn.session.referralDraft = {};
  turn.session.step = 'referral-organisation';
  turn.out.push(say('representative.intro'), say('representative.askOrganisation', undefined, cancelRow()));
}

/** Typed text at one of the representative's questions. True when it was the answer (or asked again). */
export function takeReferralText(turn: Turn, text: string): boolean {
  const { session, ports } = turn;
  const draft = session.referralDraft;
  if (!draft) return false;
  switch (session.step) {
    case 'referral-organisation': {
      const name = cleanName(text, MAX_ORGANISATION_LENGTH);
      if (!name) {
        turn.out.push(say('representative.invalidName', { max: MAX_ORGANISATION_LENGTH }, cancelRow()));
        return true;
      }
      draft.organisation = name;
      session.step = 'referral-city';
      turn.out.push(say('representative.askCity', undefined, cancelRow()));
      return true;
    }
    case 'referral-city': {
      const typed = cleanName(text, MAX_REGION_LENGTH);
      if (!typed) {
        turn.out.push(say('representative.invalidCity', { max: MAX_REGION_LENGTH }, cancelRow()));
        return true;
      }
      // The gazetteer's spelling when it knows the place (and its country); else the text as typed.
      const postcode = findPostcode(typed);
      const place = postcode ? ports.gazetteer.postcode(postcode) : ports.gazetteer.place(typed);
      draft.region = place?.label ?? typed;
      if (place) draft.country = place.country;
      else delete draft.country;
      askReferralLanguage(turn);
      return true;
    }
    case 'referral-language':
      askReferralLanguage(turn);
      return true;
    case 'referral-confirm':
      confirmReferral(turn);
      return true;
    default:
      return false;
  }
}

function askReferralLanguage(turn: Turn): void {
  turn.session.step = 'referral-language';
  turn.out.push(
    say('representative.askLanguage', undefined, [
      ...languageButtons(PREFIX.referralLanguage),
      ...cancelRow(),
    ]),
  );
}

/** The language the link opens the bot in; then the summary. */
export function chooseReferralLanguage(turn: Turn, lang: Language): void {
  const draft = turn.session.referralDraft;
  if (!draft?.organisation || !draft.region) {
    startRepresentative(turn);
    return;
  }
  draft.language = lang;
  confirmReferral(turn);
}

function confirmReferral(turn: Turn): void {
  const draft = turn.session.referralDraft;
  if (!draft?.organisation || !draft.region || !draft.language) {
    startRepresentative(turn);
    return;
  }
  turn.session.step = 'referral-confirm';
  turn.out.push(
    say(
      'representative.confirm',
      { organisation: draft.organisation, region: draft.region, language: NATIVE_NAMES[draft.language] },
      [
        [button(BUTTON.referralSend, 'representative.send')],
        [
          button(BUTTON.referralAgain, 'representative.again'),
          button(BUTTON.referralCancel, 'representative.cancel'),
        ],
      ],
    ),
  );
}

/** Stores the request, and only then tells the representative what happens next. */
export async function sendReferralRequest(turn: Turn): Promise<void> {
  const { session, ports, context } = turn;
  const draft = session.referralDraft;
  if (session.step !== 'referral-confirm' || !draft?.organisation || !draft.region || !draft.language) {
    startRepresentative(turn);
    return;
  }
  if (!context.chatKey) {
    // Without a chat to send the link to, a request could never be answered.
    turn.out.push(say('fallback.error'));
    return;
  }
  const stored = await ports.referrals.request({
    organisation: draft.organisation,
    region: draft.region,
    ...(draft.country ? { country: draft.country } : {}),
    language: draft.language,
    chatLanguage: session.lang,
    channel: context.channel,
    chatKey: context.chatKey,
    ...(context.address ? { address: context.address } : {}),
    ...(context.effectKey ? { effectKey: context.effectKey } : {}),
    at: ports.clock().toISOString(),
  });
  delete session.referralDraft;
  if ('refused' in stored) {
    session.step = 'menu';
    turn.out.push(say('handoff.dailyLimit', undefined, menuButtons()));
    return;
  }
  session.referralRequest = stored.code;
  session.step = 'menu';
  turn.out.push(say('representative.sent', { organisation: draft.organisation }, menuButtons()));
}

export function cancelReferral(turn: Turn): void {
  delete turn.session.referralDraft;
  turn.out.push(say('representative.cancelled'));
  showMenu(turn);
}

function cancelRow(): Button[][] {
  return [[button(BUTTON.referralCancel, 'representative.cancel')]];
}

/** Invisible and control characters (also bidi overrides, which could turn a name around on a card). */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** A name as typed, without control characters and runs of spaces; undefined when too short or too long. */
export function cleanName(text: string, max: number): string | undefined {
  const name = text.normalize('NFC').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (name.length < 2 || name.length > max) return undefined;
  // A command or a lone number is not a name.
  if (name.startsWith('/') || /^\d+$/.test(name)) return undefined;
  return name;
}

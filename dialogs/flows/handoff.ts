import { BUTTON, button, menuButtons, PREFIX } from '../buttons';
import { knownCountry, likelyCountry } from '../country';
import { say } from '../messages';
import type { Button, ContactWay, Country, GoodTime, NewHandoff, OutboundMessage, Session } from '../types';
import { contactPointCountries, offerContactPoint } from './person';
import type { Turn } from './turn';
import { showMenu } from './welcome';

export const GOOD_TIMES: readonly GoodTime[] = ['any', 'morning', 'afternoon', 'evening'];

/**
 * "Talk to a person": first what would be stored, for how long and who sees it, and explicit consent.
 * Nothing is stored before the user agrees.
 */
export async function offerHandoff(turn: Turn, urgent = false): Promise<void> {
  const { session } = turn;
  if (session.handoffId) {
    const current = await turn.ports.handoffs.get(session.handoffId);
    if (current && (current.status === 'open' || current.status === 'claimed')) {
      turn.out.push(say('handoff.alreadyOpen', { id: current.id }, requestButtons()));
      return;
    }
  }
  session.step = 'handoff-consent';
  session.handoffDraft = urgent ? { urgent } : {};
  // Which languages staff speak depends on the country; before we know it, a neutral wording.
  const country = knownCountry(session);
  turn.out.push(
    // From the crisis answer: staff are no emergency service, and say so before anything is stored.
    ...(urgent ? [say('emergency.personNote')] : []),
    say(country ? `handoff.explain${country}` : 'handoff.explain'),
    say('handoff.consent', undefined, [
      [button(BUTTON.handoffAgree, 'handoff.agree'), button(BUTTON.handoffDecline, 'handoff.decline')],
    ]),
  );
}

export async function declineHandoff(turn: Turn): Promise<void> {
  delete turn.session.handoffDraft;
  turn.session.step = 'menu';
  const both = contactPointCountries(turn.session).length > 1;
  turn.out.push(say(both ? 'handoff.declinedBoth' : 'handoff.declined'));
  await offerContactPoint(turn, [[button(BUTTON.find, 'menu.find'), button(BUTTON.start, 'menu.start')]]);
}

export function askContactWay(turn: Turn): void {
  turn.session.step = 'handoff-contact';
  turn.session.handoffDraft = turn.session.handoffDraft?.urgent ? { urgent: true } : {};
  turn.out.push(
    say('handoff.askContact', undefined, [
      [button(BUTTON.handoffViaChat, 'handoff.viaChat')],
      [
        button(BUTTON.handoffViaPhone, 'handoff.viaPhone'),
        button(BUTTON.handoffViaEmail, 'handoff.viaEmail'),
      ],
    ]),
  );
}

export function chooseContactWay(turn: Turn, way: ContactWay): void {
  if (!turn.session.handoffDraft) {
    askContactWay(turn);
    return;
  }
  turn.session.handoffDraft.contactWay = way;
  if (way === 'phone') {
    turn.session.step = 'handoff-phone';
    turn.out.push(say('handoff.askPhone'));
    return;
  }
  if (way === 'email') {
    turn.session.step = 'handoff-email';
    turn.out.push(say('handoff.askEmail'));
    return;
  }
  askGoodTime(turn);
}

/** Phone numbers as people type them: +49 40 1234567, 0170/1234567, (040) 123-45; 6 to 15 digits. */
const PHONE = /^\+?[\d\s()/.-]{6,25}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,24}$/;

/**
 * Example numbers shown when a typed phone number does not look right. Germany: the Bundesnetzagentur's
 * "drama numbers" (Berlin 030 23125 000–999), assigned to nobody. Norway has no such range that we know of:
 * an 8-digit mobile pattern. Both must pass `looksLikePhone` (tested).
 */
export const PHONE_EXAMPLES: Record<Country, string> = {
  DE: '+49 30 23125 678',
  NO: '+47 412 34 567',
};

export function looksLikePhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return PHONE.test(value) && digits >= 6 && digits <= 15;
}

/** The phone number or e-mail address typed at that question; asks again kindly when it does not look right. */
export function takeContactDetail(turn: Turn, text: string): void {
  const { session } = turn;
  const value = text.trim();
  const phone = session.step === 'handoff-phone';
  const valid = phone ? looksLikePhone(value) : EMAIL.test(value);
  if (!valid || !session.handoffDraft) {
    const chatButton = [[button(BUTTON.handoffViaChat, 'handoff.viaChat')]];
    turn.out.push(
      phone ? invalidPhone(turn, chatButton) : say('handoff.invalidEmail', undefined, chatButton),
    );
    return;
  }
  session.handoffDraft.contactDetail = value;
  askGoodTime(turn);
}

/** "Please write it again, for example …": a number of the user's country, or one of each before we know it. */
function invalidPhone(turn: Turn, buttons: Button[][]): OutboundMessage {
  const country = knownCountry(turn.session);
  if (country) return say('handoff.invalidPhone', { example: PHONE_EXAMPLES[country] }, buttons);
  return say(
    'handoff.invalidPhoneBoth',
    { exampleDE: PHONE_EXAMPLES.DE, exampleNO: PHONE_EXAMPLES.NO },
    buttons,
  );
}

function askGoodTime(turn: Turn): void {
  turn.session.step = 'handoff-time';
  const timeButton = (time: GoodTime): Button => button(`${PREFIX.goodTime}${time}`, `handoff.time.${time}`);
  turn.out.push(
    say('handoff.askTime', undefined, [
      [timeButton('any')],
      [timeButton('morning'), timeButton('afternoon'), timeButton('evening')],
    ]),
  );
}

/** Stores the request, and only then tells the user it was received. */
export async function submitHandoff(turn: Turn, goodTime: GoodTime): Promise<void> {
  const { session, ports, context } = turn;
  const draft = session.handoffDraft;
  if (!draft?.contactWay || !context.chatKey) {
    askContactWay(turn);
    return;
  }
  const country = handoffCountry(session);
  const contactPoint = session.place
    ? await ports.directory.nearestContactPoint(session.place, country.country)
    : undefined;
  const created = await ports.handoffs.create({
    channel: context.channel,
    chatKey: context.chatKey,
    language: session.lang,
    topics: session.concerns,
    ...country,
    ...(session.place?.label ? { region: session.place.label } : {}),
    ...(contactPoint ? { contactPointId: contactPoint.id } : {}),
    contactWay: draft.contactWay,
    ...(draft.contactDetail ? { contactDetail: draft.contactDetail } : {}),
    goodTime,
    ...(draft.urgent ? { urgent: true } : {}),
    ...(context.effectKey ? { effectKey: context.effectKey } : {}),
    at: ports.clock().toISOString(),
  });
  delete session.handoffDraft;
  if ('refused' in created) {
    session.step = 'menu';
    if (created.refused === 'open') {
      session.handoffId = created.id;
      turn.out.push(say('handoff.alreadyOpen', { id: created.id }, requestButtons()));
    } else turn.out.push(say('handoff.dailyLimit', undefined, menuButtons()));
    return;
  }
  session.handoffId = created.id;
  session.step = 'menu';
  turn.out.push(say('handoff.received', { id: created.id }, requestButtons()));
}

/**
 * Where the request goes: the country of the user's place; before they gave one, the country their language
 * points to (the same rule as the emergency numbers); otherwise Germany, marked as unknown for staff. Asking
 * for the place here would put one more question between a person and a human being.
 */
function handoffCountry(session: Session): Pick<NewHandoff, 'country' | 'countryGuess'> {
  const known = knownCountry(session);
  if (known) return { country: known };
  const likely = likelyCountry(session);
  return likely ? { country: likely, countryGuess: 'language' } : { country: 'DE', countryGuess: 'none' };
}

export async function showHandoffStatus(turn: Turn): Promise<void> {
  const id = turn.session.handoffId;
  const handoff = id ? await turn.ports.handoffs.get(id) : undefined;
  if (!handoff) {
    turn.out.push(say('handoff.statusNone'));
    showMenu(turn);
    return;
  }
  const open = handoff.status === 'open' || handoff.status === 'claimed';
  turn.out.push(
    say(`handoff.status.${handoff.status}`, { id: handoff.id }, open ? requestButtons() : undefined),
  );
}

export async function withdrawHandoff(turn: Turn): Promise<void> {
  const id = turn.session.handoffId;
  if (id) await turn.ports.handoffs.withdraw(id, turn.ports.clock().toISOString());
  delete turn.session.handoffId;
  turn.out.push(say(id ? 'handoff.withdrawn' : 'handoff.statusNone'));
  showMenu(turn);
}

function requestButtons(): Button[][] {
  return [
    [button(BUTTON.handoffStatus, 'handoff.showStatus'), button(BUTTON.handoffWithdraw, 'handoff.withdraw')],
  ];
}

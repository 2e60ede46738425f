import { BUTTON, button } from '../buttons';
import { COUNTRY_OF_LANGUAGE, likelyCountry } from '../country';
import { crisisServicesFor } from '../crisis-services';
import type { Language } from '../languages';
import { say, sayAll } from '../messages';
import type { Button, Country, OutboundMessage, Session, Text } from '../types';
import type { Turn } from './turn';

/**
 * Emergency numbers for the user's country come before anything else, always. Then one question, "Are you safe
 * right now?", and what helps beyond a phone number: services to write to, a short calming exercise, and a
 * person from a contact point (the request is marked urgent). The bot gives no advice of its own; the
 * conversation goes on where it was when the user is ready.
 */
export function answerDanger(turn: Turn): void {
  turn.out.push(
    { kind: 'emergency', countries: emergencyCountries(turn.session) },
    say('emergency.askSafe', undefined, [
      [button(BUTTON.crisisSafe, 'emergency.safeYes'), button(BUTTON.crisisUnsafe, 'emergency.safeNo')],
    ]),
  );
}

/**
 * The emergency numbers when the turn itself could not run (the database is down): a person in danger gets them
 * even then. Only the language tells the country here.
 */
export function emergencyWithoutSession(lang: Language): OutboundMessage {
  const country = COUNTRY_OF_LANGUAGE[lang];
  return { kind: 'emergency', countries: country ? [country] : ['DE', 'NO'] };
}

/** "No, I am not safe": the numbers again (they are what helps now), then ways to write and a person. */
export function notSafe(turn: Turn): void {
  turn.out.push(
    { kind: 'emergency', countries: emergencyCountries(turn.session) },
    say('emergency.notSafe', undefined, crisisButtons(turn.session, false)),
  );
}

/** "Yes, I am safe": what could help now. */
export function safeNow(turn: Turn): void {
  turn.out.push(say('emergency.safe', undefined, crisisButtons(turn.session, true)));
}

/** Services to write to in the user's country (both countries before we know it), their language first. */
export function showCrisisServices(turn: Turn): void {
  const lines: Text[] = [{ key: 'emergency.writeTo' }];
  for (const country of emergencyCountries(turn.session)) {
    for (const service of crisisServicesFor(country, turn.session.lang)) {
      lines.push(
        service.maxAge
          ? {
              key: 'emergency.serviceYoung',
              params: { name: service.name, contact: service.contact, age: service.maxAge },
            }
          : { key: 'emergency.service', params: { name: service.name, contact: service.contact } },
      );
    }
  }
  turn.out.push(sayAll(lines, afterHelpButtons()));
}

/** A short grounding exercise (feet, breath, five things you see): the same for everyone, no advice. */
export function grounding(turn: Turn): void {
  turn.out.push(say('emergency.grounding', undefined, afterHelpButtons()));
}

/** Whether the user's country has services to write to: no button that leads nowhere. */
function hasServices(session: Session): boolean {
  return emergencyCountries(session).some((country) => crisisServicesFor(country, session.lang).length > 0);
}

function crisisButtons(session: Session, safe: boolean): Button[][] {
  return [
    ...(hasServices(session) ? [[button(BUTTON.crisisServices, 'emergency.writeInstead')]] : []),
    ...(safe ? [[button(BUTTON.crisisGrounding, 'emergency.groundingButton')]] : []),
    [button(BUTTON.crisisPerson, 'emergency.personButton')],
    [button(BUTTON.continue, 'emergency.continue')],
  ];
}

function afterHelpButtons(): Button[][] {
  return [
    [button(BUTTON.crisisPerson, 'emergency.personButton')],
    [button(BUTTON.continue, 'emergency.continue')],
  ];
}

/**
 * The country whose numbers to give: the one the user's place is in, else the one their language points to,
 * else both (German 110 is the police, Norwegian 110 the fire brigade: guessing wrong sends help astray).
 */
function emergencyCountries(session: Session): Country[] {
  const likely = likelyCountry(session);
  return likely ? [likely] : ['DE', 'NO'];
}

import { BUTTON } from '../../dialogs/buttons';
import { CRISIS_SERVICES, crisisServicesFor } from '../../dialogs/crisis-services';
import { runTurn } from '../../dialogs/engine';
import type { Session, TurnContext } from '../../dialogs/types';
import { buttonIds, keysOf, runChat } from '../support/dialog-chat';
import { memoryPorts } from '../support/memory-ports';

const telegram = (languageTag: string): TurnContext => ({
  channel: 'telegram',
  sharesLocation: true,
  languageTag,
  chatKey: 'tg:7',
});

async function inCrisis(lang = 'de') {
  const ports = memoryPorts();
  const started = await runTurn(undefined, { kind: 'command', name: 'start' }, telegram(lang), ports);
  const crisis = await runTurn(
    started.session ?? undefined,
    { kind: 'text', text: lang === 'de' ? 'Ich will nicht mehr leben' : 'I want to kill myself' },
    telegram(lang),
    ports,
  );
  return { ports, session: crisis.session as Session, crisis };
}

describe('the answer to a person in danger', () => {
  test('gives the emergency numbers first, then asks whether the person is safe right now', async () => {
    const { crisis } = await inCrisis();
    expect(keysOf(crisis.messages)).toEqual(['emergency', 'emergency.askSafe']);
    expect(buttonIds(crisis.messages)).toEqual([BUTTON.crisisSafe, BUTTON.crisisUnsafe]);
  });

  test('gives the numbers again to a person who is not safe, with ways to write and to reach a person', async () => {
    const { ports, session } = await inCrisis();
    const answer = await runTurn(session, { kind: 'button', id: BUTTON.crisisUnsafe }, telegram('de'), ports);
    expect(keysOf(answer.messages)).toEqual(['emergency', 'emergency.notSafe']);
    expect(buttonIds(answer.messages)).toEqual([BUTTON.crisisServices, BUTTON.crisisPerson, BUTTON.continue]);
  });

  test('offers a calming exercise, services to write to and a person to a person who is safe', async () => {
    const { ports, session } = await inCrisis();
    const answer = await runTurn(session, { kind: 'button', id: BUTTON.crisisSafe }, telegram('de'), ports);
    expect(keysOf(answer.messages)).toEqual(['emergency.safe']);
    expect(buttonIds(answer.messages)).toEqual([
      BUTTON.crisisServices,
      BUTTON.crisisGrounding,
      BUTTON.crisisPerson,
      BUTTON.continue,
    ]);
    const exercise = await runTurn(
      session,
      { kind: 'button', id: BUTTON.crisisGrounding },
      telegram('de'),
      ports,
    );
    expect(keysOf(exercise.messages)).toEqual(['emergency.grounding']);
  });

  test('lists the services to write to in the country, those in the person’s language first', async () => {
    const { ports, session } = await inCrisis();
    const ukrainian: Session = { ...session, lang: 'uk', country: 'DE' };
    const answer = await runTurn(
      ukrainian,
      { kind: 'button', id: BUTTON.crisisServices },
      telegram('uk'),
      ports,
    );
    const [message] = answer.messages;
    const lines = message?.kind === 'text' && Array.isArray(message.text) ? message.text : [];
    expect(lines[0]).toEqual({ key: 'emergency.writeTo' });
    const names = lines.slice(1).map((line) => ('params' in line ? line.params?.name : undefined));
    expect(names[0]).toMatch(/krisenchat/);
    expect(names).toHaveLength(crisisServicesFor('DE', 'uk').length);
  });

  test('files the request for a person from the crisis answer as urgent, after the person agreed', async () => {
    const { ports, session } = await inCrisis();
    const done = await runChat(
      [
        { kind: 'button', id: BUTTON.crisisPerson },
        { kind: 'button', id: BUTTON.handoffAgree },
        { kind: 'button', id: BUTTON.handoffViaChat },
        { kind: 'button', id: 'ho:time:any' },
      ],
      telegram('de'),
      ports,
      session,
    );
    expect(keysOf(done.messages)).toContain('handoff.received');
    expect(ports.handoffRequests).toHaveLength(1);
    expect(ports.handoffRequests[0]?.urgent).toBe(true);
  });

  test('says that staff are no emergency service before asking for consent to an urgent request', async () => {
    const { ports, session } = await inCrisis();
    const offer = await runTurn(session, { kind: 'button', id: BUTTON.crisisPerson }, telegram('de'), ports);
    expect(keysOf(offer.messages)[0]).toBe('emergency.personNote');
    expect(ports.handoffRequests).toHaveLength(0);
  });

  test('files a request from the main menu without the urgent mark', async () => {
    const ports = memoryPorts();
    await runChat(
      [
        { kind: 'command', name: 'start' },
        { kind: 'button', id: BUTTON.person },
        { kind: 'button', id: BUTTON.handoffAgree },
        { kind: 'button', id: BUTTON.handoffViaChat },
        { kind: 'button', id: 'ho:time:any' },
      ],
      telegram('de'),
      ports,
    );
    expect(ports.handoffRequests[0]?.urgent).toBeUndefined();
  });
});

describe('the crisis services', () => {
  test.each(CRISIS_SERVICES.map((s) => [s.name, s] as const))(
    '%s names its public source and the date it was checked',
    (_name, service) => {
      expect(service.source.length).toBeGreaterThan(10);
      expect(service.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    },
  );
});

test('after the numbers, a place given later searches for what the person told of', async () => {
  const ports = memoryPorts();
  const result = await runChat(
    [
      { kind: 'command', name: 'start' },
      { kind: 'text', text: 'my husband is hitting me right now, help' },
      { kind: 'text', text: '20095' },
    ],
    telegram('en'),
    ports,
  );
  expect(result.session?.concerns).toContain('violence');
  expect(ports.queries.at(-1)?.topics).toContain('violence');
});

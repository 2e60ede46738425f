import type { Country, InboundEvent, Place, Session, TurnContext, TurnResult } from '../../dialogs/types';
import { NATIONAL_CONTACT_POINTS } from '../../lambdas/directory/national-contact-points';
import { runChat } from '../support/dialog-chat';
import { CONTACT_POINT, type MemoryPorts, memoryPorts } from '../support/memory-ports';

const context: TurnContext = {
  channel: 'telegram',
  sharesLocation: true,
  chatKey: 'tg:1',
  languageTag: 'de',
};

const chat = (events: InboundEvent[], ports: MemoryPorts, start?: Session): Promise<TurnResult> =>
  runChat(events, context, ports, start);

const keys = (result: TurnResult) =>
  result.messages.flatMap((m) =>
    m.kind === 'text' && !Array.isArray(m.text) && 'key' in m.text ? [m.text.key] : [m.kind],
  );

const start: InboundEvent = { kind: 'command', name: 'start' };
const press = (id: string): InboundEvent => ({ kind: 'button', id });

/** Like the DynamoDB directory without local contact points: the national office of the country asked for. */
function withNationalOffices(ports: MemoryPorts): MemoryPorts {
  ports.directory.nearestContactPoint = async (_place: Place | undefined, country: Country) =>
    NATIONAL_CONTACT_POINTS[country];
  return ports;
}

/** The request stored when a user whose app speaks `languageTag` asks for a person after `events`. */
async function requestFrom(languageTag: string, events: InboundEvent[] = []) {
  const ports = memoryPorts();
  const steps = [
    start,
    ...events,
    press('menu:person'),
    press('ho:agree'),
    press('ho:chat'),
    press('ho:time:any'),
  ];
  await runChat(steps, { ...context, languageTag }, ports);
  return ports.handoffRequests[0];
}

describe('asking for a person', () => {
  test('explains what is stored and asks for consent before storing anything', async () => {
    const ports = memoryPorts();
    const result = await chat([start, press('menu:person')], ports);
    expect(keys(result)).toEqual(['handoff.explain', 'handoff.consent']);
    expect(ports.handoffRequests).toEqual([]);
  });

  test('stores nothing and shows the contact point when the user declines', async () => {
    const ports = memoryPorts();
    const result = await chat(
      [start, { kind: 'text', text: '20095' }, press('menu:person'), press('ho:decline')],
      ports,
    );
    expect(keys(result)).toEqual(['handoff.declined', 'contact-point']);
    expect(result.messages[1]).toMatchObject({ contactPoint: CONTACT_POINT });
    expect(ports.handoffRequests).toEqual([]);
  });

  test('says "one of these places" and shows both national offices, then what to do next, when the user has not said where they live', async () => {
    const ports = withNationalOffices(memoryPorts());
    const result = await chat([start, press('menu:person'), press('ho:decline')], ports);
    expect(keys(result)).toEqual(['handoff.declinedBoth', 'contact-point', 'contact-point']);
    const [, germany, norway] = result.messages;
    expect(germany).toEqual({ kind: 'contact-point', contactPoint: NATIONAL_CONTACT_POINTS.DE });
    expect(norway).toMatchObject({ kind: 'contact-point', contactPoint: NATIONAL_CONTACT_POINTS.NO });
    expect(norway?.kind === 'contact-point' && norway.buttons?.flat().map((b) => b.id)).toEqual([
      'menu:find',
      'menu:start',
    ]);
  });

  test('says "this place" and shows only the office of the country once the user said where they live', async () => {
    const ports = withNationalOffices(memoryPorts());
    const result = await chat(
      [start, { kind: 'text', text: '6900' }, press('menu:person'), press('ho:decline')],
      ports,
    );
    expect(keys(result)).toEqual(['handoff.declined', 'contact-point']);
    expect(result.messages[1]).toMatchObject({ contactPoint: NATIONAL_CONTACT_POINTS.NO });
  });

  test('stores the request with the phone number and only then says it was received', async () => {
    const ports = memoryPorts();
    const result = await chat(
      [
        start,
        { kind: 'text', text: 'Diabetes' },
        { kind: 'text', text: '20095' },
        press('menu:person'),
        press('ho:agree'),
        press('ho:phone'),
        { kind: 'text', text: '+49 40 1234567' },
        press('ho:time:evening'),
      ],
      ports,
    );
    expect(ports.handoffRequests).toEqual([
      expect.objectContaining({
        chatKey: 'tg:1',
        language: 'de',
        topics: ['diabetes'],
        region: '20095 Hamburg',
        contactWay: 'phone',
        contactDetail: '+49 40 1234567',
        goodTime: 'evening',
      }),
    ]);
    expect(result.messages[0]).toMatchObject({ text: { key: 'handoff.received', params: { id: 'H1' } } });
    expect(result.session?.handoffDraft).toBeUndefined();
  });

  test('asks again kindly when the phone number does not look like one', async () => {
    const ports = memoryPorts();
    const result = await chat(
      [
        start,
        press('menu:person'),
        press('ho:agree'),
        press('ho:phone'),
        { kind: 'text', text: 'call me maybe' },
      ],
      ports,
    );
    // No place given yet, so the example numbers are one German and one Norwegian.
    expect(keys(result)).toEqual(['handoff.invalidPhoneBoth']);
    expect(result.session?.step).toBe('handoff-phone');
  });

  test('lets the user see the status and withdraw the request, erasing the contact detail', async () => {
    const ports = memoryPorts();
    const created = await chat(
      [
        start,
        press('menu:person'),
        press('ho:agree'),
        press('ho:email'),
        { kind: 'text', text: 'amina@example.org' },
        press('ho:time:any'),
      ],
      ports,
    );
    const status = await chat([press('ho:status')], ports, created.session ?? undefined);
    expect(status.messages[0]).toMatchObject({ text: { key: 'handoff.status.open' } });
    await chat([press('ho:withdraw')], ports, status.session ?? undefined);
    expect(ports.handoffRequests[0]?.status).toBe('withdrawn');
    expect(ports.handoffRequests[0]?.contactDetail).toBeUndefined();
  });

  test('withdraws an open request when the user deletes their data', async () => {
    const ports = memoryPorts();
    const created = await chat(
      [start, press('menu:person'), press('ho:agree'), press('ho:chat'), press('ho:time:any')],
      ports,
    );
    const deleted = await chat([{ kind: 'command', name: 'delete' }], ports, created.session ?? undefined);
    expect(deleted.session).toBeNull();
    expect(ports.handoffRequests[0]).toMatchObject({ status: 'withdrawn', chatKey: '' });
  });

  test('does not open a second request while one is open', async () => {
    const ports = memoryPorts();
    const created = await chat(
      [start, press('menu:person'), press('ho:agree'), press('ho:chat'), press('ho:time:any')],
      ports,
    );
    const again = await chat([press('menu:person')], ports, created.session ?? undefined);
    expect(keys(again)).toEqual(['handoff.alreadyOpen']);
  });
});

describe('the country a request goes to', () => {
  test('is the country of the place the user gave', async () => {
    const request = await requestFrom('ar', [{ kind: 'text', text: '6900' }]);
    expect(request).toMatchObject({ country: 'NO', region: '6900 Florø' });
    expect(request).not.toHaveProperty('countryGuess');
  });

  test('follows the language when no place was given: Norwegian to Norway, German to Germany', async () => {
    expect(await requestFrom('nb')).toMatchObject({ country: 'NO', countryGuess: 'language' });
    expect(await requestFrom('nn')).toMatchObject({ country: 'NO', countryGuess: 'language' });
    expect(await requestFrom('de')).toMatchObject({ country: 'DE', countryGuess: 'language' });
  });

  test('is Germany, marked as unknown for staff, when nothing tells it', async () => {
    expect(await requestFrom('ar')).toMatchObject({ country: 'DE', countryGuess: 'none' });
  });
});

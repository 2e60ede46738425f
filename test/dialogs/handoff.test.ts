import { runTurn } from '../../dialogs/engine';
import type { InboundEvent, Session, TurnContext, TurnResult } from '../../dialogs/types';
import { type MemoryPorts, memoryPorts } from '../support/memory-ports';

const context: TurnContext = { channel: 'telegram', chatKey: 'tg:1', languageTag: 'de' };

async function chat(events: InboundEvent[], ports: MemoryPorts, start?: Session): Promise<TurnResult> {
  let session = start;
  let last: TurnResult | undefined;
  for (const event of events) {
    last = await runTurn(session, event, context, ports);
    session = last.session ?? undefined;
  }
  if (!last) throw new Error('no events');
  return last;
}

const keys = (result: TurnResult) =>
  result.messages.flatMap((m) =>
    m.kind === 'text' && !Array.isArray(m.text) && 'key' in m.text ? [m.text.key] : [m.kind],
  );

const start: InboundEvent = { kind: 'command', name: 'start' };
const press = (id: string): InboundEvent => ({ kind: 'button', id });

describe('asking for a person', () => {
  test('explains what is stored and asks for consent before storing anything', async () => {
    const ports = memoryPorts();
    const result = await chat([start, press('menu:person')], ports);
    expect(keys(result)).toEqual(['handoff.explain', 'handoff.consent']);
    expect(ports.handoffRequests).toEqual([]);
  });

  test('stores nothing and shows the contact point when the user declines', async () => {
    const ports = memoryPorts();
    const result = await chat([start, press('menu:person'), press('ho:decline')], ports);
    expect(keys(result)).toEqual(['handoff.declined', 'contact-point']);
    expect(ports.handoffRequests).toEqual([]);
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

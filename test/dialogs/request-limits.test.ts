import type { TurnContext } from '../../dialogs/types';
import { keysOf, runChat } from '../support/dialog-chat';
import { memoryPorts } from '../support/memory-ports';

const context: TurnContext = {
  channel: 'telegram',
  sharesLocation: true,
  languageTag: 'de',
  chatKey: 'tg:5',
};
const askForPerson = [
  { kind: 'command', name: 'start' },
  { kind: 'button', id: 'menu:person' },
  { kind: 'button', id: 'ho:agree' },
  { kind: 'button', id: 'ho:chat' },
  { kind: 'button', id: 'ho:time:any' },
] as const;

test('a request the store refuses for the daily limit is answered kindly, with the menu', async () => {
  const ports = memoryPorts();
  ports.handoffs.create = async () => ({ refused: 'daily-limit' });
  const result = await runChat([...askForPerson], context, ports);
  expect(keysOf(result.messages)).toEqual(['handoff.dailyLimit']);
  expect(result.session?.handoffId).toBeUndefined();
});

test('a second request of a chat with an open one, after /start, gets the open request instead', async () => {
  const ports = memoryPorts();
  const first = await runChat([...askForPerson], context, ports);
  const second = await runChat([...askForPerson.slice(0, 2)], context, ports, first.session ?? undefined);
  expect(keysOf(second.messages)).toContain('handoff.alreadyOpen');
  expect(ports.handoffRequests).toHaveLength(1);
});

test('/start keeps the open request, so its status can be shown and /delete still finds it', async () => {
  const ports = memoryPorts();
  const filed = await runChat([...askForPerson, { kind: 'command', name: 'start' }], context, ports);
  expect(filed.session?.handoffId).toBe('H1');
});

test('the same event run twice (a retried turn) files one request', async () => {
  const ports = memoryPorts();
  const before = await runChat([...askForPerson.slice(0, -1)], context, ports);
  const withKey = { ...context, effectKey: 'event-1' };
  const press = [{ kind: 'button', id: 'ho:time:any' }] as const;
  await runChat([...press], withKey, ports, before.session ?? undefined);
  await runChat([...press], withKey, ports, before.session ?? undefined);
  expect(ports.handoffRequests).toHaveLength(1);
});

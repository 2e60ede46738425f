import { processEvent } from '../../lambdas/conversation/process-event';
import { DynamoSessionStore } from '../../lambdas/store/session-store';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { memoryPorts } from '../support/memory-ports';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());

/** A German Telegram chat after /start, with its stored session as loaded (to be changed by the test). */
async function startedChat(key: string) {
  const tables = await dynamo.freshTables();
  const sessions = new DynamoSessionStore({ client: dynamo.client, tableName: tables.sessions });
  const ports = memoryPorts();
  const context = { channel: 'telegram' as const, sharesLocation: true, languageTag: 'de', chatKey: key };
  await processEvent({
    key,
    eventId: 'e0',
    event: { kind: 'command', name: 'start' },
    context,
    ports,
    sessions,
  });
  const loaded = await sessions.load(key);
  if (!loaded.record) throw new Error('no session');
  return { sessions, ports, context, record: loaded.record, version: loaded.version };
}

test('messages passed on to staff count for flood protection: a burst reaches staff only up to the limit', async () => {
  const { sessions, ports, context, record, version } = await startedChat('tg:1');
  const relayedTexts: string[] = [];
  const relayToStaff = async (_key: string, _eventId: string, text: string) => {
    relayedTexts.push(text);
    return true;
  };
  // A chat that asked for a person: its session knows the request, so its texts go to staff.
  await sessions.save('tg:1', { ...record, session: { ...record.session, handoffId: 'H1' } }, version);

  const outcomes = [];
  for (let i = 1; i <= 40; i++) {
    outcomes.push(
      await processEvent({
        key: 'tg:1',
        eventId: `e${i}`,
        event: { kind: 'text', text: `message ${i}` },
        context,
        ports,
        sessions,
        relayToStaff,
      }),
    );
  }
  expect(relayedTexts.length).toBeLessThanOrEqual(10);
  expect(relayedTexts.length).toBeGreaterThan(5);
  const warned = outcomes.filter((o) => !o.duplicate && !o.relayed && o.result.messages.length > 0);
  expect(warned).toHaveLength(1);
});

test('two chats whose events carry the same id (Teams ids are unique per conversation) are both answered', async () => {
  const tables = await dynamo.freshTables();
  const sessions = new DynamoSessionStore({ client: dynamo.client, tableName: tables.sessions });
  const ports = memoryPorts();
  const run = (key: string) =>
    processEvent({
      key,
      eventId: '1',
      event: { kind: 'command', name: 'delete' },
      context: { channel: 'teams', chatKey: key },
      ports,
      sessions,
    });
  expect(await run('teams:a:1one')).toMatchObject({ duplicate: false });
  expect(await run('teams:a:1two')).toMatchObject({ duplicate: false });
  expect(await run('teams:a:1two')).toEqual({ duplicate: true });
});

test('a stored session this version cannot read (an old step name) starts the chat afresh instead of failing', async () => {
  const { sessions, ports, context, record, version } = await startedChat('tg:7');
  const old = { ...record.session, step: 'ask-topic-v1', concerns: ['not-a-topic'] };
  await sessions.save('tg:7', { ...record, session: old as never }, version);

  const reloaded = await sessions.load('tg:7');
  expect(reloaded.record).toBeUndefined();
  expect(reloaded.version).toBe((version ?? 0) + 1);

  const outcome = await processEvent({
    key: 'tg:7',
    eventId: 'e1',
    event: { kind: 'text', text: 'hallo' },
    context,
    ports,
    sessions,
  });
  if (outcome.duplicate || outcome.relayed) throw new Error('expected a turn');
  // Greeted as a new chat in the language its channel names (German), with the menu.
  expect(outcome.result.session?.step).toBe('menu');
  expect(outcome.result.session?.concerns).toEqual([]);
  expect((await sessions.load('tg:7')).record?.session.step).toBe(outcome.result.session?.step);
});

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { BUTTON } from '../../../dialogs/buttons';
import type { Language } from '../../../dialogs/languages';
import type { OutboundMessage } from '../../../dialogs/types';
import type { ChatMessage, ChatSender, StoredChat } from '../../../lambdas/channels/chat-message';
import {
  type ChannelInbound,
  type ChatReply,
  handleInbound,
  type InboundDependencies,
  type SendOutcome,
} from '../../../lambdas/channels/inbound';
import type { HandoffRecord } from '../../../lambdas/handoffs/dynamo-handoffs';
import type { HandoffAddressBook, StaffRelayQueue } from '../../../lambdas/handoffs/roles';
import { PLAIN, renderText } from '../../../lambdas/i18n/translator';
import type { Logger } from '../../../lambdas/log/logger';
import { deliverToUser } from '../../../lambdas/staff/relay';
import { DynamoSessionStore } from '../../../lambdas/store/session-store';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';
import { group, memoryPorts } from '../../support/memory-ports';

/**
 * A third channel in a few lines, to show the channel contract (lambdas/channels/inbound.ts): a parser from the
 * channel's payload to a ChannelInbound, a ChatReply that renders and sends, and registration with the staff
 * roles. Nothing in dialogs/ or staff/ knows it.
 */
interface FakePayload {
  chat: string;
  id: string;
  text?: string;
  button?: string;
}

function parse(payload: FakePayload): ChannelInbound {
  return {
    key: `fake:${payload.chat}`,
    eventId: payload.id,
    event: payload.button
      ? { kind: 'button', id: payload.button }
      : { kind: 'text', text: payload.text ?? '' },
    context: { channel: 'fake', chatKey: `fake:${payload.chat}`, languageTag: 'de' },
  };
}

/** Plain text, one string per message, as a channel without buttons or markup would show it. */
function render(message: OutboundMessage, lang: Language): string {
  const t = (text: Parameters<typeof renderText>[0]) => renderText(text, lang, PLAIN);
  switch (message.kind) {
    case 'text':
      return (Array.isArray(message.text) ? message.text : [message.text]).map(t).join('\n');
    case 'group-list':
      return [t(message.intro), ...message.groups.map((g) => g.name)].join('\n');
    case 'group':
      return message.group.name;
    case 'contact-point':
      return message.contactPoint.name;
    case 'emergency':
      return `emergency ${message.countries.join(' ')}: 112`;
  }
}

class FakeChat implements ChatReply {
  readonly screens: string[][] = [];
  outcome: SendOutcome = 'sent';
  async send(messages: OutboundMessage[], lang: Language): Promise<SendOutcome> {
    if (this.outcome === 'sent') this.screens.push(messages.map((m) => render(m, lang)));
    return this.outcome;
  }
  address() {
    return { fakeChat: 'room-1' };
  }
}

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());

async function fakeChannel() {
  const tables = await dynamo.freshTables();
  const ports = memoryPorts([group({ id: 'g1', name: 'Diabetes Treff Hamburg', topics: ['diabetes'] })]);
  const relayed: string[] = [];
  const addresses: Record<string, unknown>[] = [];
  const relay: StaffRelayQueue = {
    queueUserMessage: async (_key, _eventId, text) => {
      const session = await sessions.load('fake:anna');
      if (!session.record?.session.handoffId) return false;
      relayed.push(text);
      return true;
    },
  };
  const addressBook: HandoffAddressBook = {
    setUserReference: async (_id, _key, reference) => {
      addresses.push(reference);
    },
  };
  const sessions = new DynamoSessionStore({ client: dynamo.client, tableName: tables.sessions });
  const deps: InboundDependencies = {
    ports,
    sessions,
    log: silent,
    logSalt: 'test',
    staff: { relay, addressBook },
  };
  const chat = new FakeChat();
  let n = 0;
  const say = (what: Omit<FakePayload, 'chat' | 'id'>, id = `e${++n}`) =>
    handleInbound('fake', parse({ chat: 'anna', id, ...what }), chat, deps);
  const inactive = async () => {
    const { Item } = await dynamo.client.send(
      new GetItemCommand({
        TableName: tables.sessions,
        Key: { pk: { S: 'fake:anna' } },
        ConsistentRead: true,
      }),
    );
    return Item?.inactive?.BOOL === true;
  };
  return { chat, say, ports, relayed, addresses, inactive };
}

describe('a third channel that implements only the channel contract', () => {
  test('answers danger in the first message with the emergency numbers first', async () => {
    const { chat, say } = await fakeChannel();
    await say({ text: 'ich will nicht mehr leben' });
    expect(chat.screens[0]?.[0]).toContain('112');
  });

  test('finds a group: concern typed, then a postcode', async () => {
    const { chat, say } = await fakeChannel();
    await say({ text: 'hallo' });
    await say({ text: 'Ich habe Diabetes' });
    await say({ text: '20095' });
    expect(chat.screens.at(-1)?.join('\n')).toContain('Diabetes Treff Hamburg');
  });

  test('answers an event delivered twice only once', async () => {
    const { chat, say } = await fakeChannel();
    await say({ text: 'hallo' }, 'same');
    await say({ text: 'hallo' }, 'same');
    expect(chat.screens).toHaveLength(1);
  });

  test('keeps the chat address with a new request, and then passes typed texts to staff instead of the dialog', async () => {
    const { chat, say, relayed, addresses, ports } = await fakeChannel();
    await say({ text: 'hallo' });
    await say({ button: BUTTON.person });
    await say({ button: BUTTON.handoffAgree });
    await say({ button: BUTTON.handoffViaChat });
    await say({ button: 'ho:time:any' });
    expect(ports.handoffRequests).toHaveLength(1);
    expect(addresses).toEqual([{ fakeChat: 'room-1' }]);
    const screensBefore = chat.screens.length;
    await say({ text: 'Danke, ich warte' });
    expect(relayed).toEqual(['Danke, ich warte']);
    expect(chat.screens).toHaveLength(screensBefore);
  });

  test('marks a chat that is gone as inactive, so nothing more is sent to it', async () => {
    const { chat, say, inactive } = await fakeChannel();
    await say({ text: 'hallo' });
    expect(await inactive()).toBe(false);
    chat.outcome = 'gone';
    await say({ text: 'noch da?' });
    expect(await inactive()).toBe(true);
  });

  test('receives a staff answer through its registered sender, in the language of the person, with the chat address kept', async () => {
    const received: { chat: StoredChat; message: ChatMessage }[] = [];
    const fakeSender: ChatSender = {
      send: async (chat, message) => {
        received.push({ chat, message });
        return true;
      },
    };
    const record = {
      id: 'ABC234',
      chatKey: 'fake:anna',
      userReference: { fakeChat: 'room-1' },
      language: 'de',
    } as unknown as HandoffRecord;
    const outcome = await deliverToUser(
      record,
      'Hallo Anna',
      { name: 'Eva', contactPoint: 'KISS Hamburg' },
      { senders: { fake: fakeSender }, log: silent },
      true,
    );
    expect(outcome).toBe('sent');
    expect(received[0]?.chat).toEqual({ key: 'fake:anna', address: { fakeChat: 'room-1' } });
    const lines = received[0]?.message.paragraphs.flat().map((line) => line.text) ?? [];
    expect(lines[0]).toContain('Eva');
    expect(lines[0]).toContain('KISS Hamburg');
    expect(lines[1]).toBe('Hallo Anna');
    expect(lines[0]).not.toMatch(/A message from/);
  });

  test('a chat whose channel has no registered sender is reported, not guessed', async () => {
    const record = { id: 'ABC235', chatKey: 'other:1', language: 'de' } as unknown as HandoffRecord;
    const outcome = await deliverToUser(
      record,
      'Hallo',
      { name: 'Eva' },
      { senders: {}, log: silent },
      false,
    );
    expect(outcome).toBe('no-chat');
  });
});

import { createPublicKey, createVerify } from 'node:crypto';
import { type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  type ActivityChange,
  type BotConnectorStandin,
  MAX_MESSAGE_BYTES,
  startBotConnectorStandin,
} from '../../../scripts/local/bot-connector-standin';

let standin: BotConnectorStandin;
beforeAll(async () => {
  standin = await startBotConnectorStandin();
});
afterAll(() => standin.close());
beforeEach(() => standin.reset());

const CONVERSATION = 'a:1standin-test';
const activitiesUrl = (conversation = CONVERSATION, id?: string) =>
  `${standin.serviceUrl}v3/conversations/${encodeURIComponent(conversation)}/activities${id ? `/${id}` : ''}`;

async function call(url: string, body: unknown, method = 'POST', headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const card = (body: unknown[], version = '1.4') => ({
  type: 'message',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version, body },
    },
  ],
});

describe('the Bot Connector stand-in', () => {
  test('records a message and a card and answers with their ids, as the Bot Connector does', async () => {
    const text = await call(activitiesUrl(), { type: 'message', text: 'Hello', textFormat: 'plain' });
    const reply = await call(
      activitiesUrl(CONVERSATION, '1794820364319'),
      card([
        { type: 'TextBlock', text: 'Hi', wrap: true },
        {
          type: 'ActionSet',
          actions: [{ type: 'Action.Submit', title: 'Go', data: { button: 'menu:find' } }],
        },
      ]),
    );
    expect([text.status, reply.status]).toEqual([201, 201]);
    const sent = standin.activities(CONVERSATION);
    expect(sent.map((s) => [s.id, s.operation, s.replyToId])).toEqual([
      [text.json.id, 'sendToConversation', undefined],
      [reply.json.id, 'replyToActivity', '1794820364319'],
    ]);
    expect(sent[0]?.activity.text).toBe('Hello');
    expect(standin.calls.map((c) => c.operation)).toEqual(['sendToConversation', 'replyToActivity']);
  });

  const tooLarge = { type: 'message', text: 'x'.repeat(MAX_MESSAGE_BYTES) };
  test.each<[string, unknown, number, RegExp]>([
    ['a body that is not JSON', '{"type":', 400, /not JSON/],
    ['an activity without type', { text: 'Hello' }, 400, /activity type/],
    ['an unknown activity type', { type: 'telepathy', text: 'Hello' }, 400, /activity type/],
    ['a message without text or attachments', { type: 'message', text: '  ' }, 400, /text or attachments/],
    ['an unknown text format', { type: 'message', text: 'Hi', textFormat: 'html' }, 400, /textFormat/],
    ['a card with an unknown element', card([{ type: 'Marquee', text: 'Hi' }]), 400, /unknown element type/],
    ['a card with a TextBlock without text', card([{ type: 'TextBlock' }]), 400, /requires "text"/],
    [
      'a card newer than Teams renders',
      card([{ type: 'TextBlock', text: 'Hi' }], '1.6'),
      400,
      /version 1\.6/,
    ],
    [
      'a card using an element of a later version',
      card([{ type: 'Table', columns: [] }]),
      400,
      /needs card version 1\.5/,
    ],
    [
      'a card with an invalid property value',
      card([{ type: 'TextBlock', text: 'Hi', size: 'huge' }]),
      400,
      /huge/,
    ],
    ['a fact without a value', card([{ type: 'FactSet', facts: [{ title: 'Where' }] }]), 400, /title.*value/],
    [
      'a button without a label',
      card([{ type: 'ActionSet', actions: [{ type: 'Action.Submit', data: { button: 'x' } }] }]),
      400,
      /Action\.Submit requires "title"/,
    ],
    [
      'seven actions in one ActionSet',
      card([
        {
          type: 'ActionSet',
          actions: Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Submit', title: `${i}`, data: {} })),
        },
      ]),
      400,
      /Maximum number of actions/,
    ],
    [
      'an attachment of an unknown type',
      { type: 'message', attachments: [{ contentType: 'x/y' }] },
      400,
      /unknown attachment/,
    ],
    [
      'an activity for another conversation',
      { type: 'message', text: 'Hi', conversation: { id: 'a:other' } },
      400,
      /conversation/,
    ],
    ['a message above 28 KB', tooLarge, 413, /bytes/],
  ])('refuses %s', async (_name, body, status, message) => {
    const response = await call(activitiesUrl(), body);
    expect(response.status).toBe(status);
    const error = response.json.error as { code: string; message: string };
    expect(error.message).toMatch(message);
    expect(error.code).toBe(status === 413 ? 'MessageSizeTooBig' : 'BadArgument');
    expect(standin.activities()).toEqual([]);
    expect(standin.calls.map((c) => c.status)).toEqual([status]);
  });

  test('accepts an unknown element that brings its fallback', async () => {
    const response = await call(activitiesUrl(), card([{ type: 'Table', columns: [], fallback: 'drop' }]));
    expect(response.status).toBe(201);
  });

  test('updates an activity in place and deletes it, and knows only its own activities', async () => {
    const changes: ActivityChange['type'][] = [];
    const listener = (change: ActivityChange) => changes.push(change.type);
    standin.on('activity', listener);
    const { json } = await call(activitiesUrl(), { type: 'message', text: 'Claim?' });
    const id = String(json.id);
    expect(
      (await call(activitiesUrl(CONVERSATION, id), { type: 'message', text: 'Claimed' }, 'PUT')).status,
    ).toBe(200);
    expect(standin.activities(CONVERSATION).map((s) => [s.id, s.activity.text])).toEqual([[id, 'Claimed']]);
    expect((await call(activitiesUrl('a:other', id), { type: 'message', text: 'x' }, 'PUT')).status).toBe(
      404,
    );
    expect((await call(activitiesUrl(CONVERSATION, id), { type: 'typing' }, 'PUT')).status).toBe(400);
    expect((await call(activitiesUrl(CONVERSATION, id), undefined, 'DELETE')).status).toBe(200);
    expect((await call(activitiesUrl(CONVERSATION, id), undefined, 'DELETE')).status).toBe(404);
    expect(standin.activities()).toEqual([]);
    standin.off('activity', listener);
    expect(changes).toEqual(['sent', 'updated', 'deleted']);
  });

  test('creates a personal conversation only with a tenant, and posts its first activity', async () => {
    const url = `${standin.serviceUrl}v3/conversations`;
    const params = { bot: { id: '28:bot' }, members: [{ id: '29:user' }], isGroup: false };
    expect((await call(url, params)).status).toBe(400);
    const created = await call(url, {
      ...params,
      channelData: { tenant: { id: 'tenant-1' } },
      activity: { type: 'message', text: 'A person from the contact point answered.' },
    });
    expect(created.status).toBe(201);
    const conversationId = String(created.json.id);
    expect(standin.activities(conversationId).map((s) => s.id)).toEqual([created.json.activityId]);
  });

  test('fails the next calls on request, then works again', async () => {
    standin.failNext('sendToConversation', { status: 429, code: 'Throttled' }, 2);
    standin.failNext('*', { status: 500 });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call(activitiesUrl(), { type: 'message', text: `${i}` })).status);
    expect(statuses).toEqual([429, 429, 500, 201]);
    expect(standin.activities().map((s) => s.activity.text)).toEqual(['3']);
  });

  test('signs channel tokens with a key it publishes in its OpenID metadata, and forged ones with another', async () => {
    const metadata = (await (await fetch(standin.openIdMetadataUrl)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    const { keys } = (await (await fetch(metadata.jwks_uri)).json()) as { keys: Record<string, unknown>[] };
    const verifies = (token: string) => {
      const [header = '', payload = '', signature = ''] = token.split('.');
      const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
      const jwk = keys.find((key) => key.kid === kid);
      if (!jwk) return false;
      const verifier = createVerify('RSA-SHA256');
      verifier.update(`${header}.${payload}`);
      return verifier.verify(
        createPublicKey({ key: jwk, format: 'jwk' }),
        Buffer.from(signature, 'base64url'),
      );
    };
    const token = standin.channelToken({ appId: 'app-1' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ iss: metadata.issuer, aud: 'app-1', serviceurl: standin.serviceUrl });
    expect(verifies(token)).toBe(true);
    expect(verifies(standin.channelToken({ appId: 'app-1', signedBy: 'stranger' }))).toBe(false);
  });

  test("serves botbuilder's connector client: reply, update and delete through a CloudAdapter", async () => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const incoming = {
      type: 'message',
      id: '1794820364319',
      channelId: 'msteams',
      serviceUrl: standin.serviceUrl,
      from: { id: '29:user' },
      recipient: { id: '28:bot' },
      conversation: { id: CONVERSATION, conversationType: 'personal' },
      text: 'hi',
    } as unknown as Activity;
    await adapter.processActivityDirect('', incoming, async (context) => {
      const sent = await context.sendActivity({ type: 'message', text: 'First', textFormat: 'plain' });
      await context.updateActivity({
        id: sent?.id,
        type: 'message',
        text: 'Changed',
        conversation: incoming.conversation,
      });
      const second = await context.sendActivity('Second');
      await context.deleteActivity(second?.id ?? '');
    });
    expect(standin.calls.map((c) => [c.operation, c.status])).toEqual([
      ['replyToActivity', 201],
      ['updateActivity', 200],
      ['replyToActivity', 201],
      ['deleteActivity', 200],
    ]);
    expect(standin.activities(CONVERSATION).map((s) => s.activity.text)).toEqual(['Changed']);
  });

  test('demands the bot’s bearer token when configured', async () => {
    const guarded = await startBotConnectorStandin({ requireBearer: 'secret-token' });
    try {
      const url = `${guarded.serviceUrl}v3/conversations/${encodeURIComponent(CONVERSATION)}/activities`;
      const body = { type: 'message', text: 'Hi' };
      expect((await call(url, body)).status).toBe(401);
      expect((await call(url, body, 'POST', { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await call(url, body, 'POST', { authorization: 'Bearer secret-token' })).status).toBe(201);
      expect(guarded.calls.map((c) => [c.status, c.bearer])).toEqual([
        [401, false],
        [401, true],
        [201, true],
      ]);
    } finally {
      await guarded.close();
    }
  });
});

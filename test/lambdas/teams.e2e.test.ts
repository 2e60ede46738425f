import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PLAIN, renderText } from '../../lambdas/i18n/translator';
import { jsonLogger } from '../../lambdas/log/logger';
import { TEAMS_CARD_TEXT } from '../../lambdas/teams/card-text';
import { MAX_ACTIVITY_BYTES } from '../../lambdas/teams/http-request';
import { MAX_MESSAGE_BYTES } from '../../scripts/local/bot-connector-standin';
import {
  apiGatewayEvent,
  buttonIds,
  startTeamsHarness,
  type TeamsHarness,
  teamsFixture,
  teamsUser,
  visibleText,
} from '../support/teams-harness';

let harness: TeamsHarness;
beforeAll(async () => {
  harness = await startTeamsHarness();
});
afterAll(() => harness.close());
beforeEach(() => harness.standin.reset());

const user = (chat: string, locale = 'de-DE') =>
  teamsUser({ chat, locale, serviceUrl: harness.standin.serviceUrl });
const sent = (conversationId: string) => harness.standin.activities(conversationId);
const texts = (conversationId: string) => sent(conversationId).map(visibleText);
const storedSession = (key: string) =>
  harness.dynamo.client.send(
    new GetItemCommand({ TableName: harness.tables.sessions, Key: { pk: { S: key } } }),
  );

describe('a whole conversation on Teams', () => {
  test('reaches matching demo groups in Arabic (locale ar-SA) from the greeting over button presses and a typed postcode', async () => {
    const amina = user('conversation-ar', 'ar-SA');
    for (const activity of [
      amina.added(),
      amina.press('menu:find'),
      amina.press('sector:psychosocial'),
      amina.press('topic:depression'),
      amina.text('20095'),
    ]) {
      expect((await harness.post(activity)).statusCode).toBe(200);
    }
    const replies = sent(amina.conversationId);
    const greeting = visibleText(replies[0] ?? never());
    expect(greeting).toBe(renderText({ key: 'welcome.hello' }, 'ar', PLAIN));
    expect(greeting).toMatch(/^[\u0600-\u06ff]/);
    const results = replies.at(-1) ?? never();
    // The intro counts the groups found (Arabic has six plural forms); whatever the count, it starts the card.
    const intros = Array.from({ length: 40 }, (_, count) =>
      renderText(
        { key: 'results.intro', params: { count, topics: { list: [{ key: 'topicsInText.depression' }] } } },
        'ar',
        TEAMS_CARD_TEXT,
      ),
    );
    expect(intros.some((intro) => visibleText(results).startsWith(intro))).toBe(true);
    // A group's name, then its place as a fact, the postcode isolated inside the right-to-left text.
    expect(visibleText(results)).toMatch(/\(Demo\)\n[^\n]+: \u20682\d{4} Hamburg\u2069/);
    expect(buttonIds(results).filter((id) => id.startsWith('group:')).length).toBeGreaterThan(0);
    expect(harness.standin.calls.every((call) => call.status === 201)).toBe(true);
  });

  test('keeps every message, cards included, within the Teams size limit', async () => {
    const nour = user('sizes');
    for (const activity of [
      nour.added(),
      nour.text('language'),
      nour.text('Diabetes'),
      nour.text('Hamburg'),
      nour.press('res:more'),
    ]) {
      await harness.post(activity);
    }
    const sizes = harness.standin.calls.map((call) => Buffer.byteLength(JSON.stringify(call.body)));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(harness.standin.calls.filter((call) => call.status !== 201)).toEqual([]);
  });

  test('greets in the language of the Teams locale when the bot is added to a personal chat', async () => {
    const added = teamsFixture('conversation-update-personal', harness.standin.serviceUrl);
    expect((await harness.post(added)).statusCode).toBe(200);
    const [greeting, menu] = texts((added.conversation as { id: string }).id);
    expect(greeting).toMatch(/^Hallo! 👋/);
    expect(menu).toBe('Was möchten Sie tun?');
  });

  test('answers the Arabic message of a real Teams client in Arabic, replying to that message', async () => {
    const fixture = teamsFixture('message-ar', harness.standin.serviceUrl);
    // A chat of its own: the other fixtures share the recorded conversation id.
    const conversation = { ...(fixture.conversation as object), id: 'a:1fixture-ar' };
    const message: Record<string, unknown> = { ...fixture, conversation };
    expect((await harness.post(message)).statusCode).toBe(200);
    const replies = sent(conversation.id);
    expect(visibleText(replies[0] ?? never())).toBe(renderText({ key: 'welcome.hello' }, 'ar', PLAIN));
    expect(replies.every((reply) => reply.replyToId === message.id)).toBe(true);
  });

  test('takes the value of an Action.Submit as the button press', async () => {
    const update = teamsFixture('conversation-update-personal', harness.standin.serviceUrl);
    const submit: Record<string, unknown> = {
      ...teamsFixture('submit-action', harness.standin.serviceUrl),
      locale: 'de-DE',
    };
    await harness.post({ ...update, id: 'f:submit-test' });
    harness.standin.reset();
    expect((await harness.post(submit)).statusCode).toBe(200);
    const reply = sent((submit.conversation as { id: string }).id)[0] ?? never();
    expect(visibleText(reply)).toMatch(/^Was belastet Sie\?/);
    expect(buttonIds(reply)).toContain('sector:psychosocial');
  });

  test('understands the command words without a slash at any point', async () => {
    const sami = user('commands');
    await harness.post(sami.added());
    await harness.post(sami.text('Diabetes'));
    harness.standin.reset();
    await harness.post(sami.text('help'));
    expect(texts(sami.conversationId)[0]).toMatch(/^Ich helfe Ihnen/);
    harness.standin.reset();
    await harness.post(sami.text('Language'));
    expect(sent(sami.conversationId).flatMap(buttonIds)).toEqual(
      expect.arrayContaining(['lang:ar', 'lang:uk']),
    );
  });

  test("reads the text without the bot's @mention", async () => {
    const leyla = user('mention');
    await harness.post(leyla.added());
    harness.standin.reset();
    const mention = {
      type: 'mention',
      text: '<at>Self-help finder</at>',
      mentioned: { id: leyla.text('').recipient.id, name: 'Self-help finder' },
    };
    await harness.post(leyla.text('<at>Self-help finder</at> Diabetes', { entities: [mention] }));
    expect(texts(leyla.conversationId)[0]).toMatch(/^Sie haben gewählt: Diabetes\b/);
  });

  test('asks for a postcode or town in plain text, since Teams cannot share a location', async () => {
    const omid = user('location');
    await harness.post(omid.added());
    harness.standin.reset();
    await harness.post(omid.text('Diabetes'));
    const ask = sent(omid.conversationId).find((reply) => visibleText(reply).startsWith('Wo wohnen Sie?'));
    expect(ask?.activity).toMatchObject({ textFormat: 'plain' });
    expect(ask?.activity.attachments).toBeUndefined();
  });

  test('erases the session at once when the user writes "delete"', async () => {
    const hana = user('delete');
    await harness.post(hana.added());
    expect((await storedSession(hana.key)).Item).toBeDefined();
    await harness.post(hana.text('delete'));
    expect((await storedSession(hana.key)).Item).toBeUndefined();
    expect(texts(hana.conversationId).at(-1)).toMatch(/^Erledigt\./);
  });
});

describe('the messaging endpoint', () => {
  test('answers a re-delivered activity only once', async () => {
    const karim = user('retry');
    const activity = karim.added();
    expect((await harness.post(activity)).statusCode).toBe(200);
    const after = harness.standin.calls.length;
    expect(after).toBeGreaterThan(0);
    expect((await harness.post(activity)).statusCode).toBe(200);
    expect(harness.standin.calls.length).toBe(after);
  });

  test('answers 200 and does nothing for a message in a team channel (left for staff)', async () => {
    const channel = teamsFixture('channel-message', harness.standin.serviceUrl);
    expect((await harness.post(channel)).statusCode).toBe(200);
    expect(harness.standin.calls).toHaveLength(0);
  });

  test.each(['typing', 'messageReaction', 'installationUpdate', 'invoke'])(
    'answers 200 and does nothing for activities of type %s',
    async (type) => {
      const activity = { ...user(`ignored-${type}`).text('x'), type };
      expect((await harness.post(activity)).statusCode).toBe(200);
      expect(harness.standin.calls).toHaveLength(0);
      expect((await storedSession(`teams:a:1ignored-${type}`)).Item).toBeUndefined();
    },
  );

  test('answers 400 to a body that is not a Bot Framework activity, 405 to other methods', async () => {
    expect((await harness.post({ hello: 'world' })).statusCode).toBe(400);
    expect(
      (await harness.post({ ...user('bad').text('x'), serviceUrl: 'ftp://example.org/' })).statusCode,
    ).toBe(400);
    expect((await harness.handler(apiGatewayEvent('{not json', null))).statusCode).toBe(400);
    // Refused before parsing: a body larger than any activity.
    const huge = JSON.stringify({ ...user('huge').text('x'), padding: 'x'.repeat(MAX_ACTIVITY_BYTES) });
    expect((await harness.handler(apiGatewayEvent(huge, null))).statusCode).toBe(413);
    const get = apiGatewayEvent('', null);
    get.requestContext.http.method = 'GET';
    expect((await harness.handler(get)).statusCode).toBe(405);
    expect(harness.standin.calls).toHaveLength(0);
  });

  test('writes no message text, name or ids into the logs', async () => {
    const lines: string[] = [];
    const logged = await startTeamsHarness({ log: jsonLogger((_level, line) => lines.push(line)) });
    try {
      const message = teamsFixture('message-ar', logged.standin.serviceUrl);
      const rasha = teamsUser({ chat: 'logged-987654', serviceUrl: logged.standin.serviceUrl });
      for (const activity of [message, rasha.added(), rasha.text('Ich habe Diabetes'), rasha.text('20095')]) {
        await logged.post(activity);
      }
      expect(lines.some((line) => line.includes('"teams.turn"'))).toBe(true);
      const all = lines.join('\n');
      for (const secret of ['مرحبا', 'Amina', 'Haddad', '987654', 'Diabetes', '20095', 'a:1Kx7', '29:1Zq8']) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await logged.close();
    }
  });
});

function never(): never {
  throw new Error('expected a value');
}

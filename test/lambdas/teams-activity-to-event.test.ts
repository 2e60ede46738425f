import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InboundEvent } from '../../dialogs/types';
import {
  parseCommandWord,
  routeActivity,
  routeStaffActivity,
  type TeamsActivity,
  TeamsActivitySchema,
} from '../../lambdas/teams/activity-to-event';

const fixture = (name: string): TeamsActivity =>
  TeamsActivitySchema.parse(
    JSON.parse(readFileSync(join(__dirname, '../events/teams', `${name}.json`), 'utf8')),
  );

const message = fixture('message-ar');
const botId = message.recipient.id;
const eventOf = (activity: TeamsActivity): InboundEvent | undefined => {
  const route = routeActivity(activity);
  return route.kind === 'user' ? route.inbound.event : undefined;
};

describe('reading Teams activities', () => {
  test('keys the session by conversation, the event by activity id, and passes the locale on', () => {
    expect(routeActivity(message)).toEqual({
      kind: 'user',
      inbound: {
        key: `teams:${message.conversation.id}`,
        eventId: 'teams:1794820364319',
        event: { kind: 'text', text: 'مرحبا' },
        context: {
          channel: 'teams',
          chatKey: `teams:${message.conversation.id}`,
          languageTag: 'ar-SA',
          address: expect.objectContaining({ serviceUrl: message.serviceUrl }),
        },
      },
    });
  });

  test("passes on how to reach the chat later, without the user's own ids", () => {
    const route = routeActivity(message);
    const address = route.kind === 'user' ? route.inbound.context.address : undefined;
    expect(address).toEqual({
      channelId: message.channelId,
      serviceUrl: message.serviceUrl,
      conversation: expect.objectContaining({ id: message.conversation.id, conversationType: 'personal' }),
      bot: expect.objectContaining({ id: message.recipient.id }),
    });
    expect(JSON.stringify(address)).not.toContain(String(message.from.id));
  });

  test('takes an Action.Submit value as the button press', () => {
    expect(eventOf(fixture('submit-action'))).toEqual({ kind: 'button', id: 'menu:find' });
  });

  test('reads a value that is not a button as the text beside it', () => {
    expect(eventOf({ ...message, text: 'Hamburg', value: { something: 'else' } })).toEqual({
      kind: 'text',
      text: 'Hamburg',
    });
  });

  test('greets like "start" when the bot is added to a personal chat', () => {
    expect(eventOf(fixture('conversation-update-personal'))).toEqual({ kind: 'command', name: 'start' });
  });

  test("removes the bot's @mention, but not other people's", () => {
    const mention = (id: string, text: string) => ({ type: 'mention', mentioned: { id, name: 'x' }, text });
    const activity = {
      ...message,
      text: '<at>Self-help finder</at> Diabetes <at>Anna</at>',
      entities: [mention(botId, '<at>Self-help finder</at>'), mention('29:anna', '<at>Anna</at>')],
    };
    expect(eventOf(activity)).toEqual({ kind: 'text', text: 'Diabetes <at>Anna</at>' });
  });

  test('leaves a message in a team channel to the staff side', () => {
    expect(routeActivity(fixture('channel-message'))).toEqual({ kind: 'ignore', reason: 'not-personal' });
    expect(routeStaffActivity(fixture('channel-message'))).toBeDefined();
  });

  test('takes a channel message from another Bot Framework channel for no staff action', () => {
    expect(routeStaffActivity({ ...fixture('channel-message'), channelId: 'webchat' })).toBeUndefined();
  });

  test.each([
    ['typing', 'activity-type'],
    ['messageReaction', 'activity-type'],
    ['invoke', 'activity-type'],
    ['installationUpdate', 'activity-type'],
  ])('ignores a %s activity (%s)', (type, reason) => {
    expect(routeActivity({ ...message, type })).toEqual({ kind: 'ignore', reason });
  });

  test('treats a conversation without type as personal unless it is a group (the Bot Framework Emulator)', () => {
    const { conversationType: _type, ...untyped } = message.conversation;
    expect(routeActivity({ ...message, conversation: untyped }).kind).toBe('user');
    expect(routeActivity({ ...message, conversation: { ...untyped, isGroup: true } })).toEqual({
      kind: 'ignore',
      reason: 'not-personal',
    });
  });

  test('ignores a group chat, a conversation update that adds someone else, and a message without id', () => {
    const groupChat = {
      ...message,
      conversation: { ...message.conversation, conversationType: 'groupChat' },
    };
    expect(routeActivity(groupChat)).toEqual({ kind: 'ignore', reason: 'not-personal' });
    const someoneElse = { ...fixture('conversation-update-personal'), membersAdded: [{ id: '29:someone' }] };
    expect(routeActivity(someoneElse)).toEqual({ kind: 'ignore', reason: 'not-added' });
    const { id: _id, ...withoutId } = message;
    expect(routeActivity(withoutId)).toEqual({ kind: 'ignore', reason: 'no-id' });
  });

  test('refuses payloads that are not activities', () => {
    expect(TeamsActivitySchema.safeParse({ type: 'message' }).success).toBe(false);
    expect(TeamsActivitySchema.safeParse({ ...message, serviceUrl: 'javascript:alert(1)' }).success).toBe(
      false,
    );
    expect(TeamsActivitySchema.safeParse({ ...message, conversation: {} }).success).toBe(false);
  });
});

describe('command words', () => {
  test.each<[string, InboundEvent | undefined]>([
    ['start', { kind: 'command', name: 'start' }],
    ['Start', { kind: 'command', name: 'start' }],
    ['/start', { kind: 'command', name: 'start' }],
    ['start  REF-42 ', { kind: 'command', name: 'start', payload: 'REF-42' }],
    ['language', { kind: 'command', name: 'language' }],
    ['find', { kind: 'command', name: 'find' }],
    ['HELP', { kind: 'command', name: 'help' }],
    ['privacy', { kind: 'command', name: 'privacy' }],
    ['delete', { kind: 'command', name: 'delete' }],
    ['help me find a group', undefined],
    ['delete everything', undefined],
    ['stop', undefined],
    ['Hamburg', undefined],
    ['20095', undefined],
    ['', undefined],
  ])('reads %j as %j (undefined: text for the dialog)', (text, expected) => {
    expect(parseCommandWord(text)).toEqual(expected);
  });
});

import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import type { Update } from 'grammy/types';
import { clientWithFaults, type Fault } from '../support/fault-injection';
import { startTelegramHarness, type TelegramHarness, telegramUser } from '../support/telegram-harness';
import { runs, scaleTimeout } from './settings';

/**
 * Random conversations with /start, /delete, requests to a person and representative requests, with a fault
 * injected at any DynamoDB call (the update is then delivered again, as Telegram does). After every /delete no
 * stored item holds the chat's key; at the end no event has filed two requests.
 */
scaleTimeout();

const fault: Fault = {};
let harness: TelegramHarness;
beforeAll(async () => {
  harness = await startTelegramHarness({ client: (endpoint) => clientWithFaults(endpoint, fault) });
});
afterAll(() => harness.close());

type Step = 'start' | 'request-in-chat' | 'request-by-phone' | 'representative' | 'delete' | 'text';
const COMMANDS = [
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
];

function updatesOf(step: Step, user: ReturnType<typeof telegramUser>): Update[] {
  switch (step) {
    case 'start':
      return [user.text('/start')];
    case 'request-in-chat':
      return [
        user.press('menu:person'),
        user.press('ho:agree'),
        user.press('ho:chat'),
        user.press('ho:time:any'),
      ];
    case 'request-by-phone':
      return [
        user.press('menu:person'),
        user.press('ho:agree'),
        user.press('ho:phone'),
        user.text('+49 30 23125 678'),
        user.press('ho:time:any'),
      ];
    case 'representative':
      return [
        user.text('/representative'),
        user.text('Verein Test'),
        user.text('Dortmund'),
        user.press('rep:lang:ar'),
        user.press('rep:send'),
      ];
    case 'delete':
      return [user.text('/delete')];
    case 'text':
      return [user.text('Diabetes')];
  }
}

async function storedItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (const table of [harness.tables.sessions, harness.tables.requests]) {
    const { Items = [] } = await harness.dynamo.client.send(new ScanCommand({ TableName: table }));
    items.push(...Items.map((item) => unmarshall(item)));
  }
  return items;
}

/** Posts an update; a 5xx (an injected fault) is delivered again, as Telegram does, until it is answered. */
async function deliver(update: Update): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const { statusCode } = await harness.post(update);
    if (statusCode === 200) return;
  }
  throw new Error('an update was not answered after three re-deliveries');
}

let chatId = 990_000;

test('no deleted chat leaves its key in any item, and no event files two requests', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          step: fc.constantFrom<Step>(
            'start',
            'request-in-chat',
            'request-by-phone',
            'representative',
            'delete',
            'text',
          ),
          fault: fc.option(fc.record({ command: fc.constantFrom(...COMMANDS), at: fc.nat(4) }), {
            nil: undefined,
          }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      async (steps) => {
        chatId++;
        const user = telegramUser(chatId, 'de');
        await deliver(user.text('/start'));
        for (const { step, fault: planned } of [...steps, { step: 'delete' as const, fault: undefined }]) {
          const updates = updatesOf(step, user);
          for (const [i, update] of updates.entries()) {
            if (planned && planned.at % updates.length === i) fault.command = planned.command;
            await deliver(update);
            fault.command = undefined;
          }
          if (step === 'delete') {
            const left = (await storedItems()).filter((item) =>
              JSON.stringify(item).includes(`tg:${chatId}`),
            );
            expect(left).toEqual([]);
          }
        }
        const handoffs = (await storedItems()).filter((item) => item.type === 'handoff' && item.effectKey);
        const keys = handoffs.map((item) => item.effectKey);
        expect(new Set(keys).size).toBe(keys.length);
      },
    ),
    runs(25),
  );
});

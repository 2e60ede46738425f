import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { NewHandoff } from '../../../dialogs/types';
import { DynamoHandoffs, newHandoffId } from '../../../lambdas/handoffs/dynamo-handoffs';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';
import { filed } from '../../support/filed';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());

const request: NewHandoff = {
  channel: 'telegram',

  chatKey: 'tg:42',
  language: 'ar',
  topics: ['trauma'],
  country: 'DE',
  region: '44135 Dortmund',
  contactWay: 'phone',
  contactDetail: '+49 231 000000',
  goodTime: 'morning',
  at: '2026-11-23T10:00:00.000Z',
};

test('stores a new request as open, findable by status, and reads it back', async () => {
  const tables = await dynamo.freshTables();
  const handoffs = new DynamoHandoffs({ client: dynamo.client, tableName: tables.requests });
  const created = filed(await handoffs.create(request));
  expect(created.status).toBe('open');
  expect(await handoffs.get(created.id)).toEqual({ id: created.id, status: 'open' });
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: tables.requests, Key: { pk: { S: `handoff#${created.id}` } } }),
  );
  expect(unmarshall(Item ?? {})).toMatchObject({
    status: 'open',
    createdAt: request.at,
    type: 'handoff',
    contactDetail: '+49 231 000000',
  });
});

test('withdrawing erases the chat key and contact detail and keeps the record for 90 days', async () => {
  const tables = await dynamo.freshTables();
  const handoffs = new DynamoHandoffs({ client: dynamo.client, tableName: tables.requests });
  const { id } = filed(await handoffs.create(request));
  await handoffs.withdraw(id, '2026-11-24T10:00:00.000Z');
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: tables.requests, Key: { pk: { S: `handoff#${id}` } } }),
  );
  const item = unmarshall(Item ?? {});
  expect(item.status).toBe('withdrawn');
  expect(item.chatKey).toBeUndefined();
  expect(item.contactDetail).toBeUndefined();
  expect(item.expiresAt).toBe(Date.parse('2026-11-24T10:00:00.000Z') / 1000 + 90 * 86_400);
  expect(item.actions.map((a: { what: string }) => a.what)).toEqual(['created', 'withdrawn']);
});

test('never overwrites a request when a random id repeats', async () => {
  const tables = await dynamo.freshTables();
  const ids = ['AAAAAA', 'AAAAAA', 'BBBBBB'];
  const handoffs = new DynamoHandoffs({
    client: dynamo.client,
    tableName: tables.requests,
    newId: () => ids.shift() ?? 'CCCCCC',
  });
  const first = filed(await handoffs.create(request));
  const second = filed(await handoffs.create({ ...request, chatKey: 'tg:43' }));
  expect([first.id, second.id]).toEqual(['AAAAAA', 'BBBBBB']);
});

test('makes request numbers that are easy to read out', () => {
  for (let i = 0; i < 50; i++) expect(newHandoffId()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
});

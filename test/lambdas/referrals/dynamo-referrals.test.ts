import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  ACTIVE_REFERRAL_TTL_DAYS,
  DELIVERY_RETRY_DAYS,
  DynamoReferrals,
} from '../../../lambdas/referrals/dynamo-referrals';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';

let dynamo: TestDynamo;
let referrals: DynamoReferrals;
let table: string;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  table = (await dynamo.freshTables()).requests;
  referrals = new DynamoReferrals({ client: dynamo.client, tableName: table });
});
afterAll(() => dynamo.close());

const staff = { id: 'aad-anna', name: 'Anna' };
const DAY = 86_400;

async function stored(code: string): Promise<Record<string, unknown>> {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: `referral#${code}` } } }),
  );
  return Item ? unmarshall(Item) : {};
}

async function approvedCode(chat: string, decidedAt: string): Promise<string> {
  const created = await referrals.request({
    organisation: 'Demo Verein',
    region: 'Dortmund',
    language: 'ar',
    chatLanguage: 'de',
    channel: 'telegram',

    chatKey: chat,
    at: decidedAt,
  });
  if ('refused' in created) throw new Error('refused');
  await referrals.decide(created.code, 'active', staff, decidedAt);
  return created.code;
}

test('an approved code expires two years after approval, and each start moves that on', async () => {
  const now = new Date();
  const code = await approvedCode('tg:6001', now.toISOString());
  const approvedAt = Math.floor(now.getTime() / 1000);
  expect(Number((await stored(code)).expiresAt)).toBe(approvedAt + ACTIVE_REFERRAL_TTL_DAYS * DAY);
  const later = new Date(now.getTime() + 100 * DAY * 1000).toISOString();
  await referrals.count(code, { starts: 1 }, later);
  expect(Number((await stored(code)).expiresAt)).toBe(approvedAt + (100 + ACTIVE_REFERRAL_TTL_DAYS) * DAY);
});

test('the chat of a representative whose link could not be delivered is erased once its two weeks are over', async () => {
  const decidedAt = new Date(Date.now() - (DELIVERY_RETRY_DAYS + 1) * DAY * 1000).toISOString();
  const code = await approvedCode('tg:6002', decidedAt);
  expect((await stored(code)).chatKey).toBe('tg:6002');
  // The next person who opens the link finds the code; the stale chat key goes.
  expect(await referrals.resolve(code)).toMatchObject({ organisation: 'Demo Verein' });
  expect(await stored(code)).not.toHaveProperty('chatKey');
});

test('within its two weeks the chat stays for a resend', async () => {
  const code = await approvedCode('tg:6003', new Date().toISOString());
  await referrals.resolve(code);
  expect((await stored(code)).chatKey).toBe('tg:6003');
});

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoHandoffs } from '../handoffs/dynamo-handoffs';
import { DynamoReferrals } from '../referrals/dynamo-referrals';

/**
 * `/delete` for the Requests table: everything the chat's ledger lists loses the chat. Every handoff request
 * (open ones are withdrawn; all lose the chat key, contact detail and conversation reference), every
 * representative request (chat key and address), every message queued for staff, the relay, and the ledger
 * itself. Run after the session is deleted; safe to run again (a re-delivered `/delete`).
 *
 * @example
 * const eraseUser = chatEraser({ client, tableName: tables.requests });
 * await eraseUser('tg:4242');
 */
export function chatEraser(options: {
  client: DynamoDBClient;
  tableName: string;
  clock?: () => Date;
}): (chatKey: string) => Promise<void> {
  const handoffs = new DynamoHandoffs(options);
  const referrals = new DynamoReferrals(options);
  const clock = options.clock ?? (() => new Date());
  return async (chatKey) => {
    const at = clock().toISOString();
    const entries = await handoffs.ledger.read(chatKey);
    for (const id of entries.handoffs) await handoffs.eraseChatFrom(id, chatKey, at);
    for (const code of entries.referrals) await referrals.forget(code, chatKey);
    for (const pk of entries.messages) await handoffs.deleteQueued(pk);
    await handoffs.endRelay(chatKey);
    await handoffs.ledger.delete(chatKey);
  };
}

import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/** At most this many handoff requests, and as many representative requests, per chat and day. */
export const DAILY_REQUEST_LIMIT = 3;
/** The ledger lives as long as the longest thing it lists: an open request (a year). */
const LEDGER_TTL_DAYS = 366;

export type RequestKind = 'handoff' | 'referral';

/** What the Requests table holds for one chat, as listed in its ledger. */
export interface LedgerEntries {
  handoffs: string[];
  referrals: string[];
  /** Keys (`pk`) of the chat's messages queued for staff. */
  messages: string[];
  openHandoff?: string;
}

export type Claim =
  | { ok: true }
  | { ok: false; reason: 'open'; openId: string }
  | { ok: false; reason: 'daily-limit' };

/**
 * One item per chat in the Requests table, `chat#<chatKey>`: the ids of everything stored there for that chat
 * (handoff requests, representative requests, messages queued for staff), so that `/delete` erases all of it
 * without a scan, and the chat's open handoff request and daily counts, so that one chat cannot file a
 * request twice or flood the staff channels. Deleted with the chat's data.
 */
export class ChatLedger {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async read(chatKey: string): Promise<LedgerEntries> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: this.key(chatKey), ConsistentRead: true }),
    );
    const item = Item ? unmarshall(Item) : {};
    const list = (value: unknown) => (value instanceof Set ? [...value].map(String) : []);
    return {
      handoffs: list(item.handoffs),
      referrals: list(item.referrals),
      messages: list(item.messages),
      ...(typeof item.openHandoff === 'string' ? { openHandoff: item.openHandoff } : {}),
    };
  }

  /**
   * Notes a new request of the chat, within the daily limit; for a handoff request also as the chat's one open
   * request. Noting the same id again (the same event, run twice) succeeds without counting twice.
   */
  async claim(chatKey: string, kind: RequestKind, id: string, at: string): Promise<Claim> {
    const current = await this.read(chatKey);
    const listed = kind === 'handoff' ? current.handoffs : current.referrals;
    if (listed.includes(id)) return { ok: true };
    if (kind === 'handoff' && current.openHandoff)
      return { ok: false, reason: 'open', openId: current.openHandoff };
    const day = at.slice(0, 10);
    const open = kind === 'handoff' ? ' AND attribute_not_exists(openHandoff)' : '';
    const setOpen = kind === 'handoff' ? ', openHandoff = :id' : '';
    const common = {
      names: { '#list': `${kind}s`, '#day': `${kind}Day`, '#count': `${kind}Count` },
      values: {
        ':ids': new Set([id]),
        ':day': day,
        ':expires': expiresAt(at),
        ...(setOpen ? { ':id': id } : {}),
      },
    };
    // Two tries: the same day as the last request (count below the limit), or a new day (count starts at 1).
    for (const attempt of [
      {
        condition: `#day = :day AND #count < :limit${open}`,
        update: `SET #count = #count + :one, expiresAt = :expires${setOpen} ADD #list :ids`,
        values: { ':limit': DAILY_REQUEST_LIMIT, ':one': 1 },
      },
      {
        condition: `(attribute_not_exists(#day) OR #day <> :day)${open}`,
        update: `SET #day = :day, #count = :one, expiresAt = :expires${setOpen} ADD #list :ids`,
        values: { ':one': 1 },
      },
    ]) {
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: this.key(chatKey),
            UpdateExpression: attempt.update,
            ConditionExpression: attempt.condition,
            ExpressionAttributeNames: common.names,
            ExpressionAttributeValues: marshall({ ...common.values, ...attempt.values }),
          }),
        );
        return { ok: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    const now = await this.read(chatKey);
    if (kind === 'handoff' && now.openHandoff) return { ok: false, reason: 'open', openId: now.openHandoff };
    return { ok: false, reason: 'daily-limit' };
  }

  /** The chat's open request is closed (withdrawn, resolved, gone): a new one may be filed. */
  async release(chatKey: string, id: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.key(chatKey),
          UpdateExpression: 'REMOVE openHandoff',
          ConditionExpression: 'openHandoff = :id',
          ExpressionAttributeValues: marshall({ ':id': id }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Notes a message of the chat queued for staff (item `pk`), so that erasing the chat finds it. */
  async noteMessage(chatKey: string, pk: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(chatKey),
        UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expires) ADD messages :pks',
        ExpressionAttributeValues: marshall({ ':pks': new Set([pk]), ':expires': expiresAt(at) }),
      }),
    );
  }

  async delete(chatKey: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: this.key(chatKey) }));
  }

  private key(chatKey: string) {
    return { pk: { S: `chat#${chatKey}` } };
  }
}

function expiresAt(at: string): number {
  return Math.floor(new Date(at).getTime() / 1000) + LEDGER_TTL_DAYS * 86_400;
}

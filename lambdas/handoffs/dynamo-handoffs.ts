import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { HandoffStatus, Handoffs, HandoffView, NewHandoff, RequestRefusal } from '../../dialogs/types';
import { readableId, readableIdFrom } from '../ids/readable-id';
import { ChatLedger } from '../store/chat-ledger';
import { STAFF_LANGUAGES } from './staff-languages';

/** A closed request (resolved or withdrawn) is kept at most this long; an open one expires after a year. */
export const CLOSED_HANDOFF_TTL_DAYS = 90;
export const OPEN_HANDOFF_TTL_DAYS = 365;

/** What a request holds of the person, erased when it is withdrawn, resolved or the person deletes their data. */
const PERSONAL_FIELDS = 'chatKey, contactDetail, userReference';

/** Request numbers people can read out on the phone. */
export function newHandoffId(): string {
  return readableId(6);
}

const ItemSchema = z.looseObject({
  id: z.string(),
  status: z.enum(['open', 'claimed', 'resolved', 'withdrawn']),
});

/**
 * Handoff requests in the Requests table: pk `handoff#<id>`, type `handoff`, status, createdAt (GSI `byStatus`
 * lists open requests by age), the user's language, topics, region and contact wish, and the personal fields
 * `chatKey` and `contactDetail`, which are erased when the request is withdrawn or the user deletes their data.
 * Every change is appended to `actions` (who, what, when).
 *
 * Staff review (lambdas/staff/) adds to a handoff item: `cards` (where its card was posted: channel, activity
 * id, service URL), `announcedAt`/`reannouncedAt`, `claimedBy`/`claimedAt`, `outcome`/`resolvedAt`, and
 * `userReference` (a Teams user's conversation reference; personal, erased with `chatKey`). Items of other
 * types in the same table, none with a `status` (so GSI `byStatus` stays a list of requests):
 *
 * | pk                                   | type           | what for                                              |
 * |--------------------------------------|----------------|-------------------------------------------------------|
 * | `thread#<channel id>;messageid=<id>` | `thread`       | a staff thread → its request (replies in the thread)  |
 * | `relay#<chatKey>`                    | `relay`        | the user's plain messages go to staff; deleted on     |
 * |                                      |                | resolve and withdraw                                  |
 * | `usermsg#<event id>`                 | `user-message` | a user's message queued for the notifier; deleted     |
 * |                                      |                | once posted, TTL 7 days                               |
 * | `cardrefresh#<id>#<at>`              | `card-refresh` | the notifier updates the cards (after a withdrawal)   |
 */
export class DynamoHandoffs implements Handoffs {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly newId: () => string;
  readonly ledger: ChatLedger;

  constructor(options: { client: DynamoDBClient; tableName: string; newId?: () => string }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.newId = options.newId ?? newHandoffId;
    this.ledger = new ChatLedger(options);
  }

  /**
   * Files a request: one open request per chat and a few a day at most (the chat's ledger), then the item.
   * The id comes from the event (`effectKey`), so a turn that runs twice for one event files one request.
   */
  async create(request: NewHandoff): Promise<HandoffView | RequestRefusal> {
    // A clash of two ids is rare; the condition makes sure it never overwrites someone else's request.
    for (let attempt = 0; ; attempt++) {
      const id =
        attempt === 0 && request.effectKey ? readableIdFrom(`handoff|${request.effectKey}`, 6) : this.newId();
      const refused = await this.claimFor(request, id);
      if (refused) return refused;
      const item = {
        pk: `handoff#${id}`,
        type: 'handoff',
        id,
        status: 'open' satisfies HandoffStatus,
        createdAt: request.at,
        updatedAt: request.at,
        ...request,
        actions: [{ who: 'user', what: 'created', at: request.at }],
        expiresAt: epochSeconds(request.at) + OPEN_HANDOFF_TTL_DAYS * 86_400,
      };
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall(item, { removeUndefinedValues: true }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { id, status: 'open' };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= 3) throw error;
        const existing = await this.record(id);
        // The same event, run again: its request is already there.
        if (existing && request.effectKey && existing.effectKey === request.effectKey)
          return { id, status: existing.status };
        await this.ledger.release(request.chatKey, id);
      }
    }
  }

  /** Notes the request in the chat's ledger; a refusal when the chat has an open request or reached the limit. */
  private async claimFor(request: NewHandoff, id: string): Promise<RequestRefusal | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const claim = await this.ledger.claim(request.chatKey, 'handoff', id, request.at);
      if (claim.ok) return undefined;
      if (claim.reason === 'daily-limit') return { refused: 'daily-limit' };
      const open = await this.get(claim.openId);
      if (open && (open.status === 'open' || open.status === 'claimed'))
        return { refused: 'open', id: open.id };
      // The ledger still names a request that was closed or has expired: it no longer counts as open.
      await this.ledger.release(request.chatKey, claim.openId);
    }
    return { refused: 'daily-limit' };
  }

  async get(id: string): Promise<HandoffView | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `handoff#${id}` } },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const item = ItemSchema.parse(unmarshall(Item));
    return { id: item.id, status: item.status };
  }

  async withdraw(id: string, at: string): Promise<void> {
    const old = await this.markWithdrawn(id, at, 'withdrawn', 'attribute_exists(pk)', {});
    // Already gone (expired and deleted): there is nothing left to erase.
    if (!old) return;
    const chatKey = old.chatKey?.S;
    if (chatKey) {
      await this.endRelay(chatKey);
      await this.ledger.release(chatKey, id);
    }
    if (old.cards) await this.queueCardRefresh(id, at);
  }

  /**
   * Erases one request's tie to a chat (for `/delete`): an open or claimed request is withdrawn, and every
   * request loses the chat key, the contact detail and the conversation reference. Only when the request
   * belongs to that chat.
   */
  async eraseChatFrom(id: string, chatKey: string, at: string): Promise<void> {
    const old = await this.markWithdrawn(
      id,
      at,
      'deleted their data',
      'chatKey = :chatKey AND #status IN (:open, :claimed)',
      {
        ':chatKey': chatKey,
        ':open': 'open',
        ':claimed': 'claimed',
      },
    );
    if (old) {
      if (old.cards) await this.queueCardRefresh(id, at);
      return;
    }
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `handoff#${id}` } },
          UpdateExpression: `REMOVE ${PERSONAL_FIELDS}`,
          ConditionExpression: 'chatKey = :chatKey',
          ExpressionAttributeValues: marshall({ ':chatKey': chatKey }),
        }),
      );
    } catch (error) {
      // Closed already (its personal fields are gone) or expired: nothing of the chat is left in it.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Withdraws a request and erases its personal fields when `condition` holds; its old attributes, else undefined. */
  private async markWithdrawn(
    id: string,
    at: string,
    what: string,
    condition: string,
    values: Record<string, unknown>,
  ) {
    try {
      const { Attributes } = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `handoff#${id}` } },
          UpdateExpression: `SET #status = :withdrawn, updatedAt = :at, expiresAt = :expires, actions = list_append(if_not_exists(actions, :none), :action) REMOVE ${PERSONAL_FIELDS}`,
          ConditionExpression: condition,
          ReturnValues: 'ALL_OLD',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':withdrawn': 'withdrawn',
            ':at': at,
            ':expires': epochSeconds(at) + CLOSED_HANDOFF_TTL_DAYS * 86_400,
            ':none': [],
            ':action': [{ who: 'user', what, at }],
            ...values,
          }),
        }),
      );
      return Attributes ?? {};
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return undefined;
    }
  }

  // --- Staff review (lambdas/staff/): the full record, announcements, claim, resolve, relay.

  /** The whole stored request, or undefined when there is none (or it has expired). */
  async record(id: string): Promise<HandoffRecord | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `handoff#${id}` } },
        ConsistentRead: true,
      }),
    );
    return Item ? parseRecord(unmarshall(Item)) : undefined;
  }

  /**
   * Requests with this status, oldest first, through GSI `byStatus` (one partition per status: no Scan). With
   * `createdBefore`, only those created before that instant.
   */
  async listByStatus(
    status: HandoffStatus,
    options: { createdBefore?: string; limit?: number } = {},
  ): Promise<HandoffRecord[]> {
    const records: HandoffRecord[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    const limit = options.limit ?? 200;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byStatus',
          KeyConditionExpression: options.createdBefore
            ? '#status = :status AND createdAt < :before'
            : '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':status': status,
            ...(options.createdBefore ? { ':before': options.createdBefore } : {}),
          }),
          ScanIndexForward: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const record = parseRecord(unmarshall(item));
        if (record) records.push(record);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && records.length < limit);
    return records.slice(0, limit);
  }

  /** Notes a card posted for the request in a staff channel, so later changes update it in place. */
  async addCard(id: string, card: StaffCardRef, at: string, reannounced = false): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `handoff#${id}` } },
        UpdateExpression: `SET cards = list_append(if_not_exists(cards, :none), :card), announcedAt = :at${
          reannounced ? ', reannouncedAt = :at' : ''
        }`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':none': [], ':card': [card], ':at': at }),
      }),
    );
  }

  /** Marks a request as announced (also when no staff channel exists yet: then nobody could have seen it). */
  async markAnnounced(id: string, at: string, reannounced = false): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `handoff#${id}` } },
        UpdateExpression: `SET announcedAt = :at${reannounced ? ', reannouncedAt = :at' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':at': at }),
      }),
    );
  }

  /**
   * Claims an open request for a staff member. A conditional write (`status = open`): of two claims at the
   * same moment exactly one succeeds; the other gets the record as it is now, with the winner's name.
   */
  async claim(id: string, staff: StaffMember, at: string, channelId?: string): Promise<StaffChange> {
    return this.change(id, {
      update: `SET #status = :claimed, claimedBy = :staff, claimedAt = :at, updatedAt = :at${channelId ? ', claimedIn = :channel' : ''}`,
      condition: '#status = :open',
      values: { ':claimed': 'claimed', ':staff': staff, ':at': at, ':open': 'open', ':channel': channelId },
      action: { who: staff.id, name: staff.name, what: 'claimed', at },
    });
  }

  /**
   * Another staff member takes over a claimed request (the claimer is ill, on leave): logged with both names.
   * From then on only they reply and resolve.
   */
  async takeOver(id: string, staff: StaffMember, at: string, channelId: string): Promise<StaffChange> {
    const before = await this.record(id);
    return this.change(id, {
      update: 'SET claimedBy = :staff, claimedAt = :at, updatedAt = :at, claimedIn = :channel',
      condition: '#status = :claimed AND claimedBy.id <> :staffId',
      values: {
        ':staff': staff,
        ':at': at,
        ':channel': channelId,
        ':claimed': 'claimed',
        ':staffId': staff.id,
      },
      action: {
        who: staff.id,
        name: staff.name,
        what: `took over from ${before?.claimedBy?.name ?? 'someone'}`,
        at,
      },
    });
  }

  /**
   * Closes a request with an outcome: status resolved, kept 90 more days, personal fields erased (chat key,
   * contact detail, the user's conversation reference) and the user's relay ended.
   */
  async resolve(id: string, staff: StaffMember, outcome: string, at: string): Promise<StaffChange> {
    const result = await this.change(id, {
      update:
        'SET #status = :resolved, outcome = :outcome, resolvedAt = :at, updatedAt = :at, expiresAt = :expires REMOVE chatKey, contactDetail, userReference',
      condition: '#status IN (:open, :claimed)',
      values: {
        ':resolved': 'resolved',
        ':outcome': outcome,
        ':at': at,
        ':expires': epochSeconds(at) + CLOSED_HANDOFF_TTL_DAYS * 86_400,
        ':open': 'open',
        ':claimed': 'claimed',
      },
      action: { who: staff.id, name: staff.name, what: `resolved: ${outcome}`, at },
      returnOld: true,
    });
    if (result.ok && result.previousChatKey) {
      await this.endRelay(result.previousChatKey);
      await this.ledger.release(result.previousChatKey, id);
    }
    return result;
  }

  /** Counts a message of the person passed on to staff (`userMessages`, `lastUserMessageAt`). */
  async countUserMessage(id: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `handoff#${id}` } },
        UpdateExpression: 'ADD userMessages :one SET lastUserMessageAt = :at, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':one': 1, ':at': at }),
      }),
    );
  }

  /** Appends a staff action (a reply, a refused action) to the request's record. */
  async addAction(id: string, action: HandoffAction): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `handoff#${id}` } },
        UpdateExpression:
          'SET actions = list_append(if_not_exists(actions, :none), :action), updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':none': [], ':action': [action], ':at': action.at }),
      }),
    );
  }

  /**
   * Keeps how to reach a Teams user proactively (their conversation reference), erased with the other personal
   * fields. Only for the request of that chat.
   */
  async setUserReference(id: string, chatKey: string, reference: Record<string, unknown>): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `handoff#${id}` } },
          UpdateExpression: 'SET userReference = :reference',
          ConditionExpression: 'chatKey = :chatKey',
          ExpressionAttributeValues: marshall(
            { ':reference': reference, ':chatKey': chatKey },
            { removeUndefinedValues: true },
          ),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * From now on the user's plain messages go to the request's staff thread (item `relay#<chatKey>`), until the
   * request is resolved or withdrawn.
   */
  async startRelay(chatKey: string, id: string, at: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({
          pk: `relay#${chatKey}`,
          type: 'relay',
          handoffId: id,
          createdAt: at,
          expiresAt: epochSeconds(at) + OPEN_HANDOFF_TTL_DAYS * 86_400,
        }),
      }),
    );
  }

  /** The request whose staff thread receives this chat's plain messages, if any. */
  async relayOf(chatKey: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `relay#${chatKey}` } },
        ConsistentRead: true,
      }),
    );
    const item = Item ? unmarshall(Item) : undefined;
    if (!item || Number(item.expiresAt ?? 0) <= Date.now() / 1000) return undefined;
    return typeof item.handoffId === 'string' ? item.handoffId : undefined;
  }

  /**
   * Remembers which request a staff thread belongs to (item `thread#<channel id>;messageid=<card id>`, the
   * thread's conversation id), so a staff member's reply in the thread finds its request.
   */
  async linkThread(threadId: string, id: string, at: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({
          pk: `thread#${threadId}`,
          type: 'thread',
          handoffId: id,
          createdAt: at,
          expiresAt: epochSeconds(at) + OPEN_HANDOFF_TTL_DAYS * 86_400,
        }),
      }),
    );
  }

  /** The request of a staff thread, if the thread is a request's card. */
  async threadOf(threadId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: `thread#${threadId}` } } }),
    );
    const item = Item ? unmarshall(Item) : undefined;
    return typeof item?.handoffId === 'string' ? item.handoffId : undefined;
  }

  /**
   * The user's side of the relay: while staff talk with this chat, its plain messages are queued as items
   * `usermsg#<event id>` (type `user-message`, kept 7 days at most) for the notifier, which has the Teams
   * credentials, to post into the request's staff threads. A re-delivered event is queued once. Returns whether
   * the chat is being relayed (the adapter then leaves the message out of the dialog).
   */
  async queueUserMessage(chatKey: string, eventId: string, text: string, at: string): Promise<boolean> {
    const id = await this.relayOf(chatKey);
    if (!id) return false;
    // Event ids are unique only within a chat (Teams activity ids per conversation): the key names both.
    const pk = `usermsg#${chatKey}#${eventId}`;
    await this.ledger.noteMessage(chatKey, pk, at);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            pk,
            type: 'user-message',
            handoffId: id,
            text,
            createdAt: at,
            expiresAt: epochSeconds(at) + 7 * 86_400,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return true;
  }

  /**
   * Asks the notifier (which has the Teams credentials) to update the request's staff cards, after a change
   * made outside Teams (the user withdrew it): item `cardrefresh#<id>#<at>`, type `card-refresh`, one day TTL.
   */
  async queueCardRefresh(id: string, at: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({
          pk: `cardrefresh#${id}#${at}`,
          type: 'card-refresh',
          handoffId: id,
          createdAt: at,
          expiresAt: epochSeconds(at) + 86_400,
        }),
      }),
    );
  }

  /** Deletes a processed queue item (a user's message for staff, a card refresh). */
  async deleteQueued(pk: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } } }));
  }

  async endRelay(chatKey: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: { pk: { S: `relay#${chatKey}` } } }),
    );
  }

  private async change(
    id: string,
    spec: {
      update: string;
      condition: string;
      values: Record<string, unknown>;
      action: HandoffAction;
      returnOld?: boolean;
    },
  ): Promise<StaffChange & { previousChatKey?: string }> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `handoff#${id}` } },
          UpdateExpression: spec.update.replace(
            /^SET /,
            'SET actions = list_append(if_not_exists(actions, :none), :action), ',
          ),
          ConditionExpression: `attribute_exists(pk) AND ${spec.condition}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall(
            { ...spec.values, ':none': [], ':action': [spec.action] },
            { removeUndefinedValues: true },
          ),
          ReturnValues: spec.returnOld ? 'ALL_OLD' : 'ALL_NEW',
        }),
      );
      const previousChatKey = spec.returnOld ? Attributes?.chatKey?.S : undefined;
      const record = spec.returnOld ? await this.record(id) : parseRecord(unmarshall(Attributes ?? {}));
      return { ok: true, record, ...(previousChatKey ? { previousChatKey } : {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { ok: false, record: await this.record(id) };
    }
  }
}

/** A staff member as Teams names them: the AAD object id (what the record keeps as "who") and display name. */
export interface StaffMember {
  id: string;
  name: string;
}

/**
 * Where a request's card was posted: the staff channel, the card's activity id, the service URL, and the
 * language the card was written in (an update keeps it).
 */
export const StaffCardRefSchema = z.object({
  conversationId: z.string(),
  activityId: z.string(),
  serviceUrl: z.string(),
  lang: z.optional(z.enum(STAFF_LANGUAGES)),
});
export type StaffCardRef = z.infer<typeof StaffCardRefSchema>;

/** One line of a request's history: who (`user` or a staff member's AAD object id), what, when. */
export const HandoffActionSchema = z.object({
  who: z.string(),
  name: z.optional(z.string()),
  what: z.string(),
  at: z.string(),
  /** The activity that caused it (`teams:<activity id>`), so a re-delivered reply is passed on once. */
  ref: z.optional(z.string()),
});
export type HandoffAction = z.infer<typeof HandoffActionSchema>;

/** A handoff item as stored (see the class comment); unknown attributes are kept. */
export const HandoffRecordSchema = z.looseObject({
  id: z.string(),
  type: z.literal('handoff'),
  status: z.enum(['open', 'claimed', 'resolved', 'withdrawn']),
  channel: z.string(),
  chatKey: z.optional(z.string()),
  language: z.string(),
  topics: z._default(z.array(z.string()), []),
  country: z._default(z.string(), 'DE'),
  region: z.optional(z.string()),
  contactWay: z.enum(['chat', 'phone', 'email']),
  contactDetail: z.optional(z.string()),
  goodTime: z.enum(['any', 'morning', 'afternoon', 'evening']),
  urgent: z.optional(z.boolean()),
  createdAt: z.string(),
  updatedAt: z.optional(z.string()),
  announcedAt: z.optional(z.string()),
  reannouncedAt: z.optional(z.string()),
  claimedBy: z.optional(z.object({ id: z.string(), name: z.string() })),
  claimedAt: z.optional(z.string()),
  /** The staff channel the claimer works in: only there does the card show the contact detail. */
  claimedIn: z.optional(z.string()),
  contactPointId: z.optional(z.string()),
  outcome: z.optional(z.string()),
  actions: z._default(z.array(HandoffActionSchema), []),
  cards: z._default(z.array(StaffCardRefSchema), []),
  userReference: z.optional(z.record(z.string(), z.unknown())),
  expiresAt: z.optional(z.number()),
});
export type HandoffRecord = z.infer<typeof HandoffRecordSchema>;

/** The outcome of a staff action: `ok: false` when the request was no longer in a state that allows it. */
export type StaffChange = { ok: boolean; record: HandoffRecord | undefined };

/** A stored item as a record; undefined for another type of item or an expired one. */
export function parseRecord(item: Record<string, unknown>): HandoffRecord | undefined {
  const parsed = HandoffRecordSchema.safeParse(item);
  if (!parsed.success) return undefined;
  if (parsed.data.expiresAt !== undefined && parsed.data.expiresAt <= Date.now() / 1000) return undefined;
  return parsed.data;
}

function epochSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

import { randomInt } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type { HandoffStatus, Handoffs, HandoffView, NewHandoff } from '../../dialogs/types';

/** A closed request (resolved or withdrawn) is kept at most this long; an open one expires after a year. */
export const CLOSED_HANDOFF_TTL_DAYS = 90;
export const OPEN_HANDOFF_TTL_DAYS = 365;

/** Request numbers people can read out on the phone: no 0/O, 1/I/L. */
const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const ID_LENGTH = 6;

export function newHandoffId(): string {
  return Array.from({ length: ID_LENGTH }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}

const ItemSchema = z
  .object({ id: z.string(), status: z.enum(['open', 'claimed', 'resolved', 'withdrawn']) })
  .loose();

/**
 * Handoff requests in the Requests table: pk `handoff#<id>`, type `handoff`, status, createdAt (GSI `byStatus`
 * lists open requests by age), the user's language, topics, region and contact wish, and the personal fields
 * `chatKey` and `contactDetail`, which are erased when the request is withdrawn or the user deletes their data.
 * Every change is appended to `actions` (who, what, when).
 */
export class DynamoHandoffs implements Handoffs {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly newId: () => string;

  constructor(options: { client: DynamoDBClient; tableName: string; newId?: () => string }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.newId = options.newId ?? newHandoffId;
  }

  async create(request: NewHandoff): Promise<HandoffView> {
    // A clash of two random ids is rare; the condition makes sure it never overwrites a request.
    for (let attempt = 0; ; attempt++) {
      const id = this.newId();
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
      }
    }
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
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `handoff#${id}` } },
          UpdateExpression:
            'SET #status = :withdrawn, updatedAt = :at, expiresAt = :expires, actions = list_append(actions, :action) REMOVE chatKey, contactDetail',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':withdrawn': 'withdrawn',
            ':at': at,
            ':expires': epochSeconds(at) + CLOSED_HANDOFF_TTL_DAYS * 86_400,
            ':action': [{ who: 'user', what: 'withdrawn', at }],
          }),
        }),
      );
    } catch (error) {
      // Already gone (expired and deleted): there is nothing left to erase.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

function epochSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

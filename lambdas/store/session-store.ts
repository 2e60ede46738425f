import { createHash } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import { isTopicId, SECTOR_IDS, type Sector, type TopicId } from '../../dialogs/topics';
import { CONTACT_WAYS, COUNTRIES, type Session, STEPS } from '../../dialogs/types';
import { SessionConflictError } from './errors';

/** How many recent update/activity ids a session remembers to answer re-deliveries only once. */
export const RECENT_EVENTS = 20;

/** Sessions live at most this long after the last message (privacy: see README "Safety and privacy"). */
export const SESSION_TTL_DAYS = 30;

/** The stored part of a session item that the dialog does not see. */
export interface SessionRecord {
  session: Session;
  recentEvents: string[];
  /** When the last turns ran (epoch ms), for flood protection. */
  recentTurns: number[];
  /** When the user was last told to slow down (epoch ms). */
  floodWarnedAt?: number;
}

export interface LoadedSession {
  /** Undefined for a new chat, or when the item has expired but DynamoDB has not deleted it yet. */
  record?: SessionRecord;
  /** The stored version, when an item exists (also an expired one): the next save must match it. */
  version?: number;
}

/** Port: load and save one chat's session with optimistic concurrency. */
export interface SessionStore {
  load(key: string): Promise<LoadedSession>;
  /** Saves and returns the new version; throws SessionConflictError when `expectedVersion` is stale. */
  save(key: string, record: SessionRecord, expectedVersion: number | undefined): Promise<number>;
  delete(key: string): Promise<void>;
  /** Notes that the user blocked the bot (Telegram 403): nothing more is sent until they write again. */
  markInactive(key: string): Promise<void>;
  /**
   * Remembers for a day that an event (an erasing /delete) was handled, without any user id. Returns false
   * when it was already marked: the event is a re-delivery.
   */
  markEventHandled(eventId: string): Promise<boolean>;
}

const topicId = z.custom<TopicId>(isTopicId);
const country = z.enum(COUNTRIES);
const language = z.enum(SUPPORTED_LANGUAGES);

/**
 * A stored session, field by field: what it parses to is a `Session` (checked by the compiler where it is
 * read), so a session written by an older version of the bot, or by hand, cannot reach the dialog half-valid.
 */
const SessionSchema = z.object({
  lang: language,
  langChosen: z.boolean(),
  step: z.enum(STEPS),
  explainPage: z.number(),
  sector: z.optional(z.custom<Sector>((value) => SECTOR_IDS.includes(value as Sector))),
  concerns: z.array(topicId),
  place: z.optional(
    z.object({
      lat: z.number(),
      lon: z.number(),
      country,
      label: z.optional(z.string()),
      postcode: z.optional(z.string()),
    }),
  ),
  onlineOnly: z.boolean(),
  resultsOffset: z.number(),
  referral: z.optional(z.string()),
  country: z.optional(country),
  handoffDraft: z.optional(
    z.object({
      contactWay: z.optional(z.enum(CONTACT_WAYS)),
      contactDetail: z.optional(z.string()),
      urgent: z.optional(z.boolean()),
    }),
  ),
  guesses: z.optional(z.array(topicId)),
  handoffId: z.optional(z.string()),
  declinedLanguages: z.optional(z.array(language)),
  referralDraft: z.optional(
    z.object({
      organisation: z.optional(z.string()),
      region: z.optional(z.string()),
      country: z.optional(country),
      language: z.optional(language),
    }),
  ),
  referralRequest: z.optional(z.string()),
});

/** Sessions in DynamoDB: one item per chat, `version` for conditional writes, `expiresAt` for TTL. */
export class DynamoSessionStore implements SessionStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: () => Date;

  constructor(options: { client: DynamoDBClient; tableName: string; clock?: () => Date }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? (() => new Date());
  }

  async load(key: string): Promise<LoadedSession> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: key } }, ConsistentRead: true }),
    );
    if (!Item) return {};
    const version = Number(Item.version?.N ?? '0');
    // DynamoDB deletes expired items up to days late (the local emulator never does): ignore them on read.
    if (Number(Item.expiresAt?.N ?? '0') <= this.nowSeconds()) return { version };
    const session: Session | undefined = readSession(Item.session?.S);
    // A session this version cannot read (written by an older one, or damaged) starts the chat afresh: the
    // person is greeted again instead of getting errors, and the next save replaces it.
    if (!session) return { version };
    const recentEvents = (Item.recentEvents?.L ?? []).flatMap((value) => (value.S ? [value.S] : []));
    const recentTurns = (Item.recentTurns?.L ?? []).flatMap((value) => (value.N ? [Number(value.N)] : []));
    const floodWarnedAt = Item.floodWarnedAt?.N ? Number(Item.floodWarnedAt.N) : undefined;
    return {
      record: { session, recentEvents, recentTurns, ...(floodWarnedAt ? { floodWarnedAt } : {}) },
      version,
    };
  }

  async save(key: string, record: SessionRecord, expectedVersion: number | undefined): Promise<number> {
    const version = (expectedVersion ?? 0) + 1;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: key },
            version: { N: String(version) },
            expiresAt: { N: String(this.nowSeconds() + SESSION_TTL_DAYS * 86_400) },
            session: { S: JSON.stringify(record.session) },
            recentEvents: { L: record.recentEvents.slice(-RECENT_EVENTS).map((id) => ({ S: id })) },
            recentTurns: { L: record.recentTurns.slice(-RECENT_EVENTS).map((at) => ({ N: String(at) })) },
            ...(record.floodWarnedAt ? { floodWarnedAt: { N: String(record.floodWarnedAt) } } : {}),
          },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new SessionConflictError();
      throw error;
    }
    return version;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: { pk: { S: key } } }));
  }

  async markInactive(key: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key } },
          UpdateExpression: 'SET inactive = :true',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':true': { BOOL: true } },
        }),
      );
    } catch (error) {
      // The session is already gone (/delete): nothing to mark.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async markEventHandled(eventId: string): Promise<boolean> {
    const now = this.nowSeconds();
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          // A hash of the update id: the marker must not name the chat whose data was just erased.
          Item: {
            pk: { S: `handled#${createHash('sha256').update(eventId).digest('base64url')}` },
            expiresAt: { N: String(now + 86_400) },
          },
          // Expired markers count as absent (local DynamoDB never deletes them).
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }
}

function readSession(json: string | undefined): Session | undefined {
  try {
    const parsed = SessionSchema.safeParse(JSON.parse(json ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

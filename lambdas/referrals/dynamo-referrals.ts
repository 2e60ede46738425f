import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { Language } from '../../dialogs/languages';
import {
  type NewReferral,
  REFERRAL_METRICS,
  type ReferralCounts,
  type ReferralMetric,
  type Referrals,
} from '../../dialogs/types';
import { type StaffCardRef, StaffCardRefSchema, type StaffMember } from '../handoffs/dynamo-handoffs';
import { readableIdFrom } from '../ids/readable-id';
import { ChatLedger } from '../store/chat-ledger';
import { isoWeek, newReferralCode, REFERRAL_CODE } from './code';

/** A request nobody decided on is deleted after this long (TTL), with the chat key it holds. */
export const PENDING_REFERRAL_TTL_DAYS = 180;
/** An approved code lives this long after its last start (each start moves the date on). */
export const ACTIVE_REFERRAL_TTL_DAYS = 730;
/** After approval, the representative's chat is kept this long for sending the link again, then erased. */
export const DELIVERY_RETRY_DAYS = 14;

export const REFERRAL_STATES = ['pending', 'active', 'declined', 'revoked'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

/** A referral item as stored (see the class comment); unknown attributes are kept. */
export const ReferralRecordSchema = z.looseObject({
  type: z.literal('referral'),
  code: z.string().check(z.regex(REFERRAL_CODE)),
  state: z.enum(REFERRAL_STATES),
  organisation: z.string(),
  region: z.string(),
  country: z.optional(z.string()),
  language: z.string(),
  chatLanguage: z.optional(z.string()),
  channel: z.string(),
  chatKey: z.optional(z.string()),
  address: z.optional(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  decidedAt: z.optional(z.string()),
  decidedBy: z.optional(z.object({ id: z.string(), name: z.string() })),
  revokedAt: z.optional(z.string()),
  revokedBy: z.optional(z.object({ id: z.string(), name: z.string() })),
  cards: z._default(z.array(StaffCardRefSchema), []),
  expiresAt: z.optional(z.number()),
  /** Until when the chat key may be kept for a failed delivery (epoch seconds). */
  chatKeyUntil: z.optional(z.number()),
});
export type ReferralRecord = z.infer<typeof ReferralRecordSchema>;

/** One code's counts in one week. */
export interface WeekCounts {
  week: string;
  code: string;
  counts: Record<ReferralMetric, number>;
}

/**
 * Referral codes and their weekly counts, in the Requests table:
 *
 * | pk                   | type            | what                                                               |
 * |----------------------|-----------------|--------------------------------------------------------------------|
 * | `referral#<code>`    | `referral`      | organisation, region, country, language, `state` (pending, active, |
 * |                      |                 | declined, revoked), who decided when, staff cards; while pending   |
 * |                      |                 | the representative's `chatKey` (and Teams `address`)               |
 * | `refweek#<ISO week>` | `referral-week` | one number per code and metric: attribute `<code>|<metric>`        |
 * | `refsummary#<week>`  | `referral-summary` | the week's summary was posted to the staff channels (60 days)   |
 *
 * The state is not called `status`, so GSI `byStatus` stays a list of handoff requests. The week item holds
 * numbers only: no chat key, no time of day, nothing that points to a person. Counting is one UpdateItem (ADD)
 * per counted turn; a summary is one GetItem per week and one BatchGetItem for the organisations' names.
 */
export class DynamoReferrals implements Referrals {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly newCode: (organisation: string, region: string) => string;
  private readonly ledger: ChatLedger;

  constructor(options: {
    client: DynamoDBClient;
    tableName: string;
    newCode?: (organisation: string, region: string) => string;
  }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.newCode = options.newCode ?? newReferralCode;
    this.ledger = new ChatLedger({ client: this.client, tableName: this.tableName });
  }

  async resolve(code: string): Promise<{ organisation: string; language?: Language } | undefined> {
    if (!REFERRAL_CODE.test(code)) return undefined;
    const record = await this.record(code, false);
    if (record?.state !== 'active') return undefined;
    // The link is in use, and the representative's chat was kept past its time (a delivery that never worked).
    if (record.chatKey && (record.chatKeyUntil ?? 0) <= Date.now() / 1000) await this.eraseChat(code);
    return { organisation: record.organisation, language: record.language as Language };
  }

  /**
   * Stores a representative's request, a few a day per chat at most (the chat's ledger). The code's random part
   * comes from the event (`effectKey`), so a turn that runs twice for one event stores one request.
   */
  async request(referral: NewReferral): Promise<{ code: string } | { refused: 'daily-limit' }> {
    // A clash of two random parts is rare; the condition makes sure it never overwrites a code.
    for (let attempt = 0; ; attempt++) {
      const code =
        attempt === 0 && referral.effectKey
          ? newReferralCode(referral.organisation, referral.region, () =>
              readableIdFrom(`referral|${referral.effectKey}`, 8),
            )
          : this.newCode(referral.organisation, referral.region);
      const claim = await this.ledger.claim(referral.chatKey, 'referral', code, referral.at);
      if (!claim.ok) return { refused: 'daily-limit' };
      const item = {
        pk: `referral#${code}`,
        type: 'referral',
        code,
        state: 'pending' satisfies ReferralState,
        organisation: referral.organisation,
        region: referral.region,
        country: referral.country,
        language: referral.language,
        chatLanguage: referral.chatLanguage,
        channel: referral.channel,
        chatKey: referral.chatKey,
        address: referral.address,
        createdAt: referral.at,
        expiresAt: epochSeconds(referral.at) + PENDING_REFERRAL_TTL_DAYS * 86_400,
      };
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { code };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= 3) throw error;
        // The same event, run again: its request is already there.
        if ((await this.record(code))?.chatKey === referral.chatKey) return { code };
      }
    }
  }

  async count(code: string, counts: ReferralCounts, at: string): Promise<void> {
    if (!REFERRAL_CODE.test(code)) return;
    const entries = REFERRAL_METRICS.flatMap((metric) => {
      const n = counts[metric];
      return n !== undefined && Number.isSafeInteger(n) && n > 0 ? [[metric, n] as const] : [];
    });
    if (entries.length === 0) return;
    const week = isoWeek(new Date(at));
    const names: Record<string, string> = { '#type': 'type' };
    const values: Record<string, unknown> = { ':type': 'referral-week', ':week': week };
    entries.forEach(([metric, n], i) => {
      names[`#m${i}`] = counterName(code, metric);
      values[`:m${i}`] = n;
    });
    if (counts.starts) await this.extendActive(code, at);
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `refweek#${week}` } },
        UpdateExpression: `SET #type = :type, week = :week ADD ${entries.map((_, i) => `#m${i} :m${i}`).join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values),
      }),
    );
  }

  /** A start through an approved code keeps the code two more years. */
  private async extendActive(code: string, at: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `referral#${code}` } },
          UpdateExpression: 'SET expiresAt = :expires',
          ConditionExpression: '#state = :active',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({
            ':expires': epochSeconds(at) + ACTIVE_REFERRAL_TTL_DAYS * 86_400,
            ':active': 'active',
          }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async forget(code: string, chatKey: string): Promise<void> {
    if (!REFERRAL_CODE.test(code)) return;
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `referral#${code}` } },
          UpdateExpression: 'REMOVE chatKey, address',
          ConditionExpression: 'chatKey = :chatKey',
          ExpressionAttributeValues: marshall({ ':chatKey': chatKey }),
        }),
      );
    } catch (error) {
      // Already delivered, decided or gone: the chat key is no longer there.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  // --- Staff (lambdas/staff/referral-*.ts): the record, decisions, cards, summaries.

  /** The stored code, or undefined when there is none (or it has expired). */
  async record(code: string, consistent = true): Promise<ReferralRecord | undefined> {
    if (!REFERRAL_CODE.test(code)) return undefined;
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `referral#${code}` } },
        ConsistentRead: consistent,
      }),
    );
    return Item ? parseReferral(unmarshall(Item)) : undefined;
  }

  /**
   * Approves (state active, kept until revoked) or declines a pending request: a conditional write, so of two
   * staff members deciding at once exactly one does. Returns the record as it is afterwards.
   */
  async decide(
    code: string,
    decision: 'active' | 'declined',
    staff: StaffMember,
    at: string,
  ): Promise<{ ok: boolean; record: ReferralRecord | undefined }> {
    // An approved code expires two years after its last start; its representative's chat two weeks after the
    // decision at the latest (delivered answers erase it at once).
    const approved = decision === 'active' ? ', expiresAt = :expires, chatKeyUntil = :until' : '';
    return this.change(code, {
      update: `SET #state = :state, decidedAt = :at, decidedBy = :staff${approved}`,
      condition: '#state = :pending',
      values: {
        ':state': decision,
        ':at': at,
        ':staff': staff,
        ':pending': 'pending',
        ...(approved
          ? {
              ':expires': epochSeconds(at) + ACTIVE_REFERRAL_TTL_DAYS * 86_400,
              ':until': epochSeconds(at) + DELIVERY_RETRY_DAYS * 86_400,
            }
          : {}),
      },
    });
  }

  /** Revokes an active code: its link still opens the bot, without the organisation's greeting. */
  async revoke(
    code: string,
    staff: StaffMember,
    at: string,
  ): Promise<{ ok: boolean; record: ReferralRecord | undefined }> {
    return this.change(code, {
      update: 'SET #state = :revoked, revokedAt = :at, revokedBy = :staff',
      condition: '#state = :active',
      values: { ':revoked': 'revoked', ':at': at, ':staff': staff, ':active': 'active' },
    });
  }

  /** Erases the representative's chat from the record once the answer reached them (or cannot). */
  async eraseChat(code: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `referral#${code}` } },
        UpdateExpression: 'REMOVE chatKey, address',
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }

  /** Notes a card posted for the request in a staff channel, so a decision updates it in place. */
  async addCard(code: string, card: StaffCardRef): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `referral#${code}` } },
        UpdateExpression: 'SET cards = list_append(if_not_exists(cards, :none), :card)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':none': [], ':card': [card] }),
      }),
    );
  }

  /**
   * Claims the weekly summary of a week (item `refsummary#<week>`, type `referral-summary`, kept 60 days): true
   * for exactly one caller, so the scheduled job posts it once even when runs overlap or are retried.
   */
  async claimWeeklySummary(week: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            pk: `refsummary#${week}`,
            type: 'referral-summary',
            createdAt: at,
            expiresAt: epochSeconds(at) + 60 * 86_400,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Every code's counts in these weeks (one GetItem per week), busiest first within a week. */
  async weekCounts(weeks: string[]): Promise<WeekCounts[]> {
    const rows: WeekCounts[] = [];
    for (const week of weeks) {
      const { Item } = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: `refweek#${week}` } } }),
      );
      const item = Item ? unmarshall(Item) : {};
      const byCode = new Map<string, Record<ReferralMetric, number>>();
      for (const [name, value] of Object.entries(item)) {
        const parsed = parseCounterName(name);
        if (!parsed || typeof value !== 'number') continue;
        const counts = byCode.get(parsed.code) ?? { starts: 0, searches: 0, groupsShown: 0, handoffs: 0 };
        counts[parsed.metric] = value;
        byCode.set(parsed.code, counts);
      }
      const weekRows = [...byCode].map(([code, counts]) => ({ week, code, counts }));
      weekRows.sort((a, b) => b.counts.starts - a.counts.starts || a.code.localeCompare(b.code));
      rows.push(...weekRows);
    }
    return rows;
  }

  /** The records of these codes (BatchGetItem, 100 keys at a time); unknown codes are left out. */
  async records(codes: string[]): Promise<Map<string, ReferralRecord>> {
    const found = new Map<string, ReferralRecord>();
    const unique = [...new Set(codes)].filter((code) => REFERRAL_CODE.test(code));
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, { S: string }>[] | undefined = unique
        .slice(i, i + 100)
        .map((code) => ({ pk: { S: `referral#${code}` } }));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        const response = await this.client.send(
          new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }),
        );
        for (const item of response.Responses?.[this.tableName] ?? []) {
          const record = parseReferral(unmarshall(item));
          if (record) found.set(record.code, record);
        }
        keys = response.UnprocessedKeys?.[this.tableName]?.Keys as typeof keys;
      }
    }
    return found;
  }

  private async change(
    code: string,
    spec: { update: string; condition: string; values: Record<string, unknown> },
  ): Promise<{ ok: boolean; record: ReferralRecord | undefined }> {
    if (!REFERRAL_CODE.test(code)) return { ok: false, record: undefined };
    try {
      const { Attributes } = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `referral#${code}` } },
          UpdateExpression: spec.update,
          ConditionExpression: `attribute_exists(pk) AND ${spec.condition}`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall(spec.values, { removeUndefinedValues: true }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { ok: true, record: parseReferral(unmarshall(Attributes ?? {})) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { ok: false, record: await this.record(code) };
    }
  }
}

/** The week item's attribute of one code's metric: `<code>|<metric>` (codes never contain "|"). */
function counterName(code: string, metric: ReferralMetric): string {
  return `${code}|${metric}`;
}

function parseCounterName(name: string): { code: string; metric: ReferralMetric } | undefined {
  const [code, metric, ...rest] = name.split('|');
  if (rest.length > 0 || !code || !REFERRAL_CODE.test(code)) return undefined;
  const known = REFERRAL_METRICS.find((m) => m === metric);
  return known ? { code, metric: known } : undefined;
}

/** A stored item as a referral record; undefined for another type of item or an expired one. */
export function parseReferral(item: Record<string, unknown>): ReferralRecord | undefined {
  const parsed = ReferralRecordSchema.safeParse(item);
  if (!parsed.success) return undefined;
  if (parsed.data.expiresAt !== undefined && parsed.data.expiresAt <= Date.now() / 1000) return undefined;
  return parsed.data;
}

function epochSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

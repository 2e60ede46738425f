import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { rankGroups, roundDistanceKm } from '../../dialogs/ranking';
import type {
  ContactPointView,
  Country,
  Directory,
  GroupQuery,
  GroupSearchResult,
  GroupView,
  Place,
} from '../../dialogs/types';
import { batchWrite, deleteRequest, putRequest } from './batch-write';
import {
  ContactPointItemSchema,
  ContactPointSummarySchema,
  contactPointItems,
  contactPointViewOf,
  type PlacedContactPointRecord,
} from './contact-point-items';
import { distanceKm } from './distance';
import { asDirectoryError } from './errors';
import { boundingBox, encodeGeohash } from './geohash';
import { GroupItemSchema, groupItems, groupViewOf, unpackSummary } from './group-items';
import {
  CONTACT_POINT_PRECISION,
  CONTACT_POINT_RADIUS_KM,
  contactPointIndexPk,
  contactPointKey,
  groupIdFromPk,
  groupKey,
  type ItemKey,
  languagePk,
  NATIONAL_LANGUAGES,
  NEAR_PRECISION,
  NEAR_RADIUS_KM,
  nearPk,
  onlinePk,
  sortKeyRange,
  WIDE_PRECISION,
  WIDE_RADIUS_KM,
  widePk,
} from './keys';
import { NATIONAL_CONTACT_POINTS } from './national-contact-points';
import type { GroupRecord } from './records';

/** Concerns searched per query: each costs one near Query (see README, "request budget"). */
export const MAX_SEARCH_TOPICS = 2;
/**
 * Online groups read per search. Their partitions are national (a topic in German may hold hundreds at full
 * scale), while the list shows at most two per page: 25 fill ten pages and keep the read bounded.
 */
export const ONLINE_CANDIDATES = 25;
/** Fewer local groups than this within the near radius, and the search widens. */
export const WIDEN_BELOW = 3;

/** What a write did, or (with `dryRun`) would do. */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface DynamoDirectoryOptions {
  client: DynamoDBClient;
  /** The Directory table (see lambdas/config/tables.ts). */
  tableName: string;
}

/** Options of the writer methods. */
export interface WriteOptions {
  /** Read and compare, but write nothing. */
  dryRun?: boolean;
}

/** The bookkeeping every indexed item (group, contact point) carries: enough to compare and to clean up. */
const StoredKeysSchema = z.pick(GroupItemSchema, { contentHash: true, indexKeys: true });

/**
 * The group directory on DynamoDB: the dialogs' `Directory` port plus the writer methods the importer uses.
 * The key layout and the access patterns are documented in keys.ts.
 *
 * @example
 * const directory = new DynamoDirectory({ client, tableName: tables.directory });
 * await directory.search({ topics: ['depression'], languages: ['ar'], place, onlineOnly: false, offset: 0, limit: 5 });
 */
export class DynamoDirectory implements Directory {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;

  constructor({ client, tableName }: DynamoDirectoryOptions) {
    this.client = client;
    this.tableName = tableName;
  }

  /**
   * Finds groups for the user's concerns near their place and online in their language, ranked (see
   * dialogs/ranking.ts). Requests: one near Query and one online Query per concern (of the person's country;
   * without a place and a known country, of both), in parallel;
   * then at most one wide Query, for the first concern: all languages when fewer than 3 groups are within
   * 5 km (`widened`), else only the user's own language when it is not the country's. One concern: ≤ 3.
   */
  async search(query: GroupQuery): Promise<GroupSearchResult> {
    const topics = [...new Set(query.topics)].slice(0, MAX_SEARCH_TOPICS);
    const primary = topics[0];
    if (primary === undefined) return { groups: [], total: 0, hasMore: false, widened: false };
    const language = query.languages[0];
    const place = query.onlineOnly ? undefined : query.place;

    const countries: Country[] = query.place
      ? [query.place.country]
      : query.country
        ? [query.country]
        : ['DE', 'NO'];
    const onlineOf = (topic: string) =>
      language
        ? Promise.all(
            countries.map((country) =>
              this.groupsOf(onlinePk(country, topic, language), { limit: ONLINE_CANDIDATES }),
            ),
          ).then((lists) => lists.flat())
        : Promise.resolve([]);
    // Without a place, nothing else is read: the online groups of every concern at once. With a place, those of
    // the first concern alongside the near ones; the other concern's below, when no wider query is needed (a
    // search turn stays within 6 requests).
    const [nearLists, onlineLists] = await Promise.all([
      place ? Promise.all(topics.map((topic) => this.nearGroups(topic, place))) : Promise.resolve([]),
      Promise.all((place ? [primary] : topics).map(onlineOf)),
    ]);
    const online = onlineLists.flat();
    const local = new Map<string, GroupView>();
    for (const group of nearLists.flat()) local.set(group.id, group);

    let widened = false;
    if (place) {
      // "Nothing very close, these are further away" only when nothing near was found at all.
      const nothingNear = local.size === 0;
      const widen = local.size < WIDEN_BELOW;
      const others = topics.slice(1);
      if (!widen && others.length > 0) {
        for (const group of (await Promise.all(others.map(onlineOf))).flat()) online.push(group);
      }
      const wide = widen
        ? await this.wideGroups(primary, place)
        : language && others.length === 0
          ? await this.wideGroups(primary, place, language)
          : [];
      for (const group of wide) {
        if (local.has(group.id)) continue;
        local.set(group.id, group);
        // The near query already holds every group of this topic within the near radius, so anything the
        // all-languages query adds lies further away: that is what the bot calls "widened".
        widened ||= widen && nothingNear;
      }
    }

    const onlineById = new Map(online.map((group) => [group.id, group] as const));
    const ranked = rankGroups([...local.values(), ...onlineById.values()], {
      topics: query.topics,
      languages: query.languages,
    });
    const end = query.offset + query.limit;
    return {
      groups: ranked.slice(query.offset, end),
      total: ranked.length,
      hasMore: ranked.length > end,
      widened,
    };
  }

  /** Groups of a topic within NEAR_RADIUS_KM: the user's own near cell holds them all. */
  private nearGroups(topic: string, place: Place): Promise<GroupView[]> {
    const pk = nearPk(topic, encodeGeohash(place, NEAR_PRECISION));
    return this.groupsOf(pk, { around: { place, radiusKm: NEAR_RADIUS_KM } });
  }

  /**
   * Groups of a topic within the country's WIDE_RADIUS_KM: all of them without `language` (widening),
   * otherwise those in that language, and nothing when that language is the country's own (the near query
   * has those).
   */
  private async wideGroups(topic: string, place: Place, language?: string): Promise<GroupView[]> {
    if (language !== undefined && NATIONAL_LANGUAGES[place.country].includes(language)) return [];
    const cell = encodeGeohash(place, WIDE_PRECISION);
    const pk = language === undefined ? widePk(topic, cell) : languagePk(topic, language, cell);
    return this.groupsOf(pk, { around: { place, radiusKm: WIDE_RADIUS_KM[place.country] } });
  }

  /**
   * Reads one index partition: one Query, one page (a cell holds far less than DynamoDB's 1 MB page, and
   * following pages would make a search's cost depend on the directory's size), at most `limit` items.
   * With `around`, the key condition reads only the Z-order range of the circle's bounding box (see keys.ts),
   * a FilterExpression drops what lies outside the box on the server, and the rest is cut to the circle here.
   * Items read (and paid for) are those of the range; items sent back are those of the box, `g` only.
   */
  private async groupsOf(
    pk: string,
    options: { around?: { place: Place; radiusKm: number }; limit?: number },
  ): Promise<GroupView[]> {
    const { around, limit } = options;
    const box = around ? boundingBox(around.place, around.radiusKm) : undefined;
    const range = box ? sortKeyRange(box) : undefined;
    const result = await this.call(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: range ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk',
          ...(box
            ? { FilterExpression: 'lat BETWEEN :south AND :north AND lon BETWEEN :west AND :east' }
            : {}),
          ExpressionAttributeValues: marshall({
            ':pk': pk,
            ...(range ? { ':from': range.from, ':to': range.to } : {}),
            ...(box
              ? { ':south': box.south, ':north': box.north, ':west': box.west, ':east': box.east }
              : {}),
          }),
          // Only the packed summary comes back: the keys and the filter's lat/lon would double the bytes that
          // DynamoDB sends and the SDK parses per group (DynamoDB filters before it projects).
          ProjectionExpression: 'g',
          ...(limit ? { Limit: limit } : {}),
          // Free to ask for, and what the benchmark reports as the cost of a search.
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    const views = new Map<string, GroupView>();
    for (const item of result.Items ?? []) {
      // A malformed item (written by hand, or by an older layout) is skipped rather than failing every search.
      const summary = unpackSummary(unmarshall(item));
      if (!summary) continue;
      if (!around || summary.lat === undefined || summary.lon === undefined) {
        views.set(summary.id, groupViewOf(summary));
        continue;
      }
      const km = distanceKm(around.place, { lat: summary.lat, lon: summary.lon });
      if (km <= around.radiusKm) views.set(summary.id, groupViewOf(summary, km));
    }
    return [...views.values()];
  }

  /** The detail view of a group with its contact point: two GetItems (group, then contact point). */
  async group(id: string): Promise<GroupView | undefined> {
    const item = await this.getItem(groupKey(id), GroupItemSchema);
    if (!item) return undefined;
    const contactPoint = item.contactPointId ? await this.contactPoint(item.contactPointId) : undefined;
    return {
      ...groupViewOf(item),
      ...(item.description ? { description: item.description } : {}),
      ...(contactPoint ? { contactPoint } : {}),
    };
  }

  /** A contact point by id, or undefined. */
  async contactPoint(id: string): Promise<ContactPointView | undefined> {
    const item = await this.getItem(contactPointKey(id), ContactPointItemSchema);
    return item ? contactPointViewOf(item) : undefined;
  }

  /**
   * The nearest contact point of `country` within 150 km of the place (one Query of the place's cell), or the
   * national information centre when the place is unknown or none is near: never undefined for DE and NO.
   */
  async nearestContactPoint(
    place: Place | undefined,
    country: Country,
  ): Promise<ContactPointView | undefined> {
    if (!place) return NATIONAL_CONTACT_POINTS[country];
    const result = await this.call(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({
            ':pk': contactPointIndexPk(encodeGeohash(place, CONTACT_POINT_PRECISION)),
          }),
        }),
      ),
    );
    let best: { view: ContactPointView; km: number } | undefined;
    for (const item of result.Items ?? []) {
      const parsed = ContactPointSummarySchema.safeParse(unmarshall(item));
      if (!parsed.success || parsed.data.country !== country) continue;
      const km = distanceKm(place, parsed.data);
      if (km <= CONTACT_POINT_RADIUS_KM && (!best || km < best.km)) {
        best = { view: contactPointViewOf(parsed.data, roundDistanceKm(km)), km };
      }
    }
    return best?.view ?? NATIONAL_CONTACT_POINTS[country];
  }

  /**
   * Creates or updates a group with its index items; writes nothing when the stored content hash matches.
   * Order: new index items, then stale ones deleted, then the group item, so an interrupted write is completed
   * by running the import again (the group item still holds the old hash and keys).
   */
  async putGroup(record: GroupRecord, options: WriteOptions = {}): Promise<WriteOutcome> {
    const { group, index } = groupItems(record);
    return this.putIndexed(group, index, options);
  }

  /** Creates or updates a contact point (coordinates already resolved) with its index items. */
  async putContactPoint(record: PlacedContactPointRecord, options: WriteOptions = {}): Promise<WriteOutcome> {
    const { contactPoint, index } = contactPointItems(record);
    return this.putIndexed(contactPoint, index, options);
  }

  /** Ids of all groups that name this contact point (GSI `byContactPoint`, every page). */
  async groupsOfContactPoint(contactPointId: string): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'byContactPoint',
            KeyConditionExpression: 'contactPointId = :cp',
            ExpressionAttributeValues: marshall({ ':cp': contactPointId }),
            ...(startKey ? { ExclusiveStartKey: marshall(startKey) } : {}),
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const id = groupIdFromPk(String(unmarshall(item).pk));
        if (id !== undefined) ids.push(id);
      }
      startKey = page.LastEvaluatedKey ? unmarshall(page.LastEvaluatedKey) : undefined;
    } while (startKey);
    return ids.sort();
  }

  /**
   * Deletes (with their index items) the groups of a contact point whose ids are not in `keepIds`, and
   * returns their ids. With `dryRun`, only returns them.
   */
  async retireGroupsOfContactPoint(
    contactPointId: string,
    keepIds: Iterable<string>,
    options: WriteOptions = {},
  ): Promise<string[]> {
    const keep = new Set(keepIds);
    const retired = (await this.groupsOfContactPoint(contactPointId)).filter((id) => !keep.has(id));
    if (!options.dryRun) {
      for (const id of retired) await this.deleteGroup(id);
    }
    return retired;
  }

  /** Deletes a group and its index items (index items first: a retry finds the group item and its keys). */
  async deleteGroup(id: string): Promise<boolean> {
    const key = groupKey(id);
    const stored = await this.getItem(key, StoredKeysSchema, 'indexKeys, contentHash');
    if (!stored) return false;
    await batchWrite(this.client, this.tableName, stored.indexKeys.map(deleteRequest));
    await this.call(() =>
      this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: marshall(key) })),
    );
    return true;
  }

  private async putIndexed(
    main: ItemKey & { contentHash: string; indexKeys: ItemKey[] },
    index: ItemKey[],
    options: WriteOptions,
  ): Promise<WriteOutcome> {
    const stored = await this.getItem(main, StoredKeysSchema, 'indexKeys, contentHash');
    if (stored?.contentHash === main.contentHash) return 'unchanged';
    const outcome = stored ? 'updated' : 'created';
    if (options.dryRun) return outcome;
    const wanted = new Set(main.indexKeys.map(keyText));
    const stale = (stored?.indexKeys ?? []).filter((key) => !wanted.has(keyText(key)));
    await batchWrite(this.client, this.tableName, index.map(putRequest));
    await batchWrite(this.client, this.tableName, stale.map(deleteRequest));
    await this.call(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(main, { removeUndefinedValues: true }),
        }),
      ),
    );
    return outcome;
  }

  private async getItem<T extends z.ZodMiniType>(
    key: ItemKey,
    schema: T,
    projection?: string,
  ): Promise<z.infer<T> | undefined> {
    const result = await this.call(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: key.pk, sk: key.sk }),
          ...(projection ? { ProjectionExpression: projection } : {}),
        }),
      ),
    );
    if (!result.Item) return undefined;
    const parsed = schema.safeParse(unmarshall(result.Item));
    if (!parsed.success) {
      throw new Error(
        `Item ${key.pk} in ${this.tableName} does not match the directory layout; re-import it.`,
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  }

  /** Runs one DynamoDB call, turning the errors a caller can act on into directory errors. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw asDirectoryError(error, this.tableName);
    }
  }
}

const keyText = (key: ItemKey) => `${key.pk}\n${key.sk}`;

import * as z from 'zod/mini';
import {
  type Meeting,
  parseRrule,
  parseScheduleText,
  TIME_ZONE_OF_COUNTRY,
  toRrule,
} from '../../dialogs/meetings';
import { isTopicId, type TopicId } from '../../dialogs/topics';
import type { GroupView } from '../../dialogs/types';
import { contentHash } from './content-hash';
import { defined } from './defined';
import { cellsCoveringCircle } from './geohash';
import {
  groupKey,
  type ItemKey,
  languagePk,
  NATIONAL_LANGUAGES,
  NEAR_PRECISION,
  NEAR_RADIUS_KM,
  nearPk,
  onlinePk,
  placedSk,
  WIDE_PRECISION,
  WIDE_RADIUS_KM,
  widePk,
} from './keys';
import type { GroupRecord } from './records';

const optional = <T extends z.ZodMiniType>(schema: T) => z.optional(schema);

/**
 * A topic id of docs/topics.md (trimmed). Also the import's check of a record's topics (records.ts), whose
 * messages the import reports.
 */
export const TopicIdSchema = z.string().check(
  z.trim(),
  z.refine((value) => isTopicId(value), 'unknown topic id (see docs/topics.md)'),
) as z.ZodMiniType<TopicId, string>;

/**
 * What a result list shows of a group. Every index item of the group carries it, so a page of results is
 * built from the index alone. The contact point id is `cp` here, not `contactPointId`: that attribute feeds
 * the GSI, which must list group items only.
 */
export const GroupSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  topics: z.array(TopicIdSchema),
  languages: z.array(z.string()),
  country: z.enum(['DE', 'NO']),
  city: optional(z.string()),
  postcode: optional(z.string()),
  lat: optional(z.number()),
  lon: optional(z.number()),
  online: z.boolean(),
  schedule: optional(z.string()),
  /** The meetings as data (dialogs/meetings.ts); `schedule` stays as the contact point's own words. */
  meeting: optional(
    z.object({
      rrule: optional(z.string()),
      arranged: optional(z.boolean()),
      time: optional(z.string()),
      durationMinutes: optional(z.number()),
      timeZone: z.string(),
    }),
  ),
  cp: optional(z.string()),
  accessible: optional(z.boolean()),
  womenOnly: optional(z.boolean()),
});
export type GroupSummary = z.infer<typeof GroupSummarySchema>;

/** The group item: the summary plus the detail fields and the bookkeeping that makes re-imports cheap. */
export const GroupItemSchema = z.extend(GroupSummarySchema, {
  description: optional(z.string()),
  languageNotes: optional(z.string()),
  contactPointId: optional(z.string()),
  contentHash: z.string(),
  indexKeys: z.array(z.object({ pk: z.string(), sk: z.string() })),
});
export type GroupItem = z.infer<typeof GroupItemSchema>;

/**
 * An index item: the summary packed into one JSON string `g`, plus `lat`/`lon` as numbers for the search's
 * FilterExpression. One string attribute instead of fourteen typed ones halves what dynalite, DynamoDB and
 * the SDK spend per item, and a search in a dense city reads a few hundred of them.
 */
export interface GroupIndexItem extends ItemKey {
  g: string;
  lat?: number;
  lon?: number;
}

/** All items that store one group: index items first (they are written first), the group item last. */
export interface GroupItems {
  group: ItemKey & GroupItem;
  index: GroupIndexItem[];
}

/**
 * Lays out one group as items. An in-person group needs coordinates: the importer fills them from the
 * gazetteer before calling this.
 */
export function groupItems(record: GroupRecord): GroupItems {
  const summary: GroupSummary = {
    id: record.id,
    name: record.name,
    topics: record.topics,
    languages: record.languages,
    country: record.country,
    city: record.city,
    postcode: record.postcode,
    lat: record.lat,
    lon: record.lon,
    online: record.online,
    schedule: record.schedule,
    meeting: meetingOf(record),
    cp: record.contact_point,
    accessible: record.accessible,
    womenOnly: record.women_only,
  };
  const packed = JSON.stringify(defined(summary));
  const index = indexKeysOf(summary).map((key) => ({
    ...key,
    g: packed,
    lat: summary.lat,
    lon: summary.lon,
  }));
  const group: ItemKey & GroupItem = {
    ...groupKey(record.id),
    ...summary,
    description: record.description,
    languageNotes: record.language_notes,
    contactPointId: record.contact_point,
    // The meeting read from the schedule is part of the content: a re-import adds it to groups stored without.
    contentHash: contentHash({ ...record, meeting: summary.meeting }),
    indexKeys: index.map(({ pk, sk }) => ({ pk, sk })),
  };
  return { group, index };
}

function indexKeysOf(group: GroupSummary): ItemKey[] {
  const keys: ItemKey[] = [];
  if (group.online) {
    for (const topic of group.topics) {
      for (const language of group.languages)
        keys.push({ pk: onlinePk(group.country, topic, language), sk: group.id });
    }
    return unique(keys);
  }
  if (group.lat === undefined || group.lon === undefined) {
    throw new Error(
      `Group ${group.id} meets in person but has no coordinates: resolve its postcode with the gazetteer first.`,
    );
  }
  const point = { lat: group.lat, lon: group.lon };
  const sk = placedSk(group.id, point);
  const nearCells = cellsCoveringCircle(point, NEAR_RADIUS_KM, NEAR_PRECISION);
  const wideCells = cellsCoveringCircle(point, WIDE_RADIUS_KM[group.country], WIDE_PRECISION);
  const otherLanguages = group.languages.filter((l) => !NATIONAL_LANGUAGES[group.country].includes(l));
  for (const topic of group.topics) {
    for (const cell of nearCells) keys.push({ pk: nearPk(topic, cell), sk });
    for (const cell of wideCells) {
      keys.push({ pk: widePk(topic, cell), sk });
      for (const language of otherLanguages) keys.push({ pk: languagePk(topic, language, cell), sk });
    }
  }
  return unique(keys);
}

/** A record may repeat a topic or language ("de;de"); one batch must not name the same key twice. */
function unique(keys: ItemKey[]): ItemKey[] {
  const seen = new Map(keys.map((key) => [`${key.pk}\n${key.sk}`, key]));
  return [...seen.values()];
}

/** The summary packed into an index item, or undefined when the item does not hold a valid one. */
export function unpackSummary(item: { g?: unknown }): GroupSummary | undefined {
  if (typeof item.g !== 'string') return undefined;
  try {
    const parsed = GroupSummarySchema.safeParse(JSON.parse(item.g));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The view of a stored group; `distanceKm` stays unrounded here (the ranking rounds it for display). */
export function groupViewOf(summary: GroupSummary, distanceKm?: number): GroupView {
  return {
    id: summary.id,
    name: summary.name,
    topics: summary.topics,
    languages: summary.languages,
    country: summary.country,
    online: summary.online,
    ...defined({
      city: summary.city,
      postcode: summary.postcode,
      schedule: summary.schedule,
      meeting: summary.meeting,
      accessible: summary.accessible,
      womenOnly: summary.womenOnly,
      distanceKm,
    }),
  };
}

/**
 * A group's meetings as data: from the `rrule`/`time` columns, else read from the free-text `schedule` in
 * German, Norwegian or English ("Jeden 2. Dienstag, 18:30"); undefined when the schedule says something else.
 */
export function meetingOf(record: GroupRecord): Meeting | undefined {
  const timeZone = TIME_ZONE_OF_COUNTRY[record.country];
  const duration = record.duration_minutes !== undefined ? { durationMinutes: record.duration_minutes } : {};
  if (record.rrule) {
    const rule = parseRrule(record.rrule);
    if (rule)
      return { rrule: toRrule(rule), ...(record.time ? { time: record.time } : {}), ...duration, timeZone };
  }
  const read = record.schedule ? parseScheduleText(record.schedule) : undefined;
  if (!read) return undefined;
  if ('arranged' in read) return { arranged: true, timeZone };
  const time = record.time ?? read.time;
  return { rrule: toRrule(read.rule), ...(time ? { time } : {}), ...duration, timeZone };
}

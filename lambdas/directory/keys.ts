import type { Country, Point } from '../../dialogs/types';
import { type CellBounds, encodeGeohash } from './geohash';

/**
 * Item keys of the Directory table (pk/sk, GSI `byContactPoint` on `contactPointId` + pk).
 *
 * Access patterns (no Scan anywhere; a search reads only the cells around the user). Radii: near 5 km; wide
 * 30 km in Germany, 60 km in Norway; (Z) = `sk BETWEEN` the Z-order range of the circle's bounding box.
 *
 * | # | pattern                                  | request                                                    |
 * |---|------------------------------------------|------------------------------------------------------------|
 * | 1 | a group by id                            | GetItem  pk=group#<id>  sk=group                           |
 * | 2 | groups of a topic near a point           | Query    pk=gn#<topic>#<p4 cell of the point>  (Z)         |
 * | 3 | groups of a topic in a language, wider   | Query    pk=gl#<topic>#<language>#<p3 cell>  (Z)           |
 * | 4 | groups of a topic further away (widened) | Query    pk=gw#<topic>#<p3 cell>  (Z)                      |
 * | 5 | online groups of a topic in a language    | Query    pk=go#<country>#<topic>#<language>  (Limit 25)    |
 * | 6 | a contact point by id                    | GetItem  pk=cp#<id>  sk=cp                                 |
 * | 7 | nearest contact points (≤ 150 km)        | Query    pk=cn#<p3 cell of the point>                      |
 * | 8 | all groups of one contact point          | Query    GSI byContactPoint  contactPointId=<id>           |
 *
 * Items:
 *
 * - Group `group#<id>` / `group`: the full record, `contactPointId` (only group items carry it, so the GSI lists
 *   groups and nothing else), `contentHash` (re-importing an unchanged group writes nothing) and `indexKeys`
 *   (the keys of its index items, so an update or retirement deletes exactly the stale ones).
 * - Index items, one per topic and per geohash cell that lies within the level's radius of the group. The
 *   user's own cell therefore holds every group within that radius of the user, and ONE Query answers:
 *   - near `gn#<topic>#<p4>` (cells of about 20 × 20 km, radius NEAR_RADIUS_KM: about 2.1 cells);
 *   - wide `gw#<topic>#<p3>` (156 × 90 km, WIDE_RADIUS_KM: about 2.2 cells in Germany, 4 in Norway);
 *   - language `gl#<topic>#<language>#<p3>`: as wide, for each of the group's languages that is not the
 *     country's own (NATIONAL_LANGUAGES), so mother-tongue groups beyond the near radius cost one small Query.
 * - Sort keys of these are `<p6 geohash of the group>#<groupId>`. Geohashes of one length sort in Z-order, and
 *   every point of a rectangle lies between the codes of its south-west and north-east corners, so a Query for
 *   `sk BETWEEN` those reads about half of a dense cell instead of all of it, and misses nothing.
 * - Online `go#<country>#<topic>#<language>` / `<groupId>`: one per topic and language of an online group; a
 *   search reads at most 25 per concern, of the person's country only (a partition per topic keeps the reads
 *   flat as the directory grows).
 * - Contact point `cp#<id>` / `cp`, and its index `cn#<p3>` / `<cpId>` for the cells within CONTACT_POINT_RADIUS_KM.
 *
 * Group index items carry what a result list shows (name, place, coordinates, languages, schedule, contact point
 * id) packed as JSON in one attribute `g`, plus `lat`/`lon` for the bounding-box FilterExpression; a page of
 * results needs no second read, and a search's Queries project `g` alone (DynamoDB filters first), which halves
 * the bytes sent back per group. Group and contact point items have plain attributes.
 *
 * Size: about 7.5 items per group (1 group item; per topic, 1.35 on average: 2.1 near, 2.2 wide and, for the
 * fifth of groups in another language, 2.2 language items), so 100,000 groups are about 0.75 million items.
 *
 * Why not the first design (near 15 km at p4, wide 80 km at p3): in a full directory the near cell of a big
 * city holds hundreds of groups per topic, and every search there read them all; the widened query read a
 * whole p3 cell with its margin, thousands of km². A 5 km near radius, the Z-order range and the bounding-box
 * filter keep what a search reads roughly constant from a directory of 1,000 groups to one of 100,000, and
 * write about half the items. The separate language partitions keep the mother-tongue rule ("a group in my
 * language 25 km away before a German-only one next door") without reading all languages that far.
 */

/** Near level: geohash precision and the radius within which the user's own cell is complete. */
export const NEAR_PRECISION = 4;
export const NEAR_RADIUS_KM = 5;
/**
 * Wide and language levels. The radius follows the country's density: 30 km in Germany (a district; and the
 * reach of "mother tongue before distance"), 60 km in Norway, where the next town may be that far (Florø to
 * Måløy is 38 km).
 */
export const WIDE_PRECISION = 3;
export const WIDE_RADIUS_KM: Record<Country, number> = { DE: 30, NO: 60 };
/** Contact points are few, so their cells can reach far: a user is rarely more than 150 km from one. */
export const CONTACT_POINT_PRECISION = 3;
export const CONTACT_POINT_RADIUS_KM = 150;
/** Precision of the geohash that starts the sort keys of index items (cells of about 1.2 × 0.6 km). */
export const SORT_PRECISION = 6;

/**
 * Part of every content hash: bump it whenever the layout or the radii above change, and the next import of
 * the same files rewrites every item (with the new index keys) instead of reporting "unchanged".
 */
export const KEY_LAYOUT_VERSION = 5;

/**
 * Languages everybody in the country reads in a group there. Groups get no language items for them, and a
 * user whose first language is one of them is served by the near query alone.
 */
export const NATIONAL_LANGUAGES: Record<Country, readonly string[]> = {
  DE: ['de'],
  NO: ['nb', 'nn'],
};

/** The primary key of one item. */
export interface ItemKey {
  pk: string;
  sk: string;
}

export const GROUP_SK = 'group';
export const CONTACT_POINT_SK = 'cp';

export const groupKey = (id: string): ItemKey => ({ pk: `group#${id}`, sk: GROUP_SK });
export const contactPointKey = (id: string): ItemKey => ({ pk: `cp#${id}`, sk: CONTACT_POINT_SK });

export const nearPk = (topic: string, cell: string) => `gn#${topic}#${cell}`;
export const widePk = (topic: string, cell: string) => `gw#${topic}#${cell}`;
export const languagePk = (topic: string, language: string, cell: string) =>
  `gl#${topic}#${language}#${cell}`;
export const onlinePk = (country: string, topic: string, language: string) =>
  `go#${country}#${topic}#${language}`;
export const contactPointIndexPk = (cell: string) => `cn#${cell}`;

/** Sort key of a group's near, wide and language items: its place in Z-order, then its id. */
export const placedSk = (groupId: string, at: Point) => `${encodeGeohash(at, SORT_PRECISION)}#${groupId}`;

/**
 * The sort key range that holds every item located inside `box` (the whole partition when the box crosses
 * the antimeridian, where Z-order wraps).
 */
export function sortKeyRange(box: CellBounds): { from: string; to: string } {
  if (box.west < -180 || box.east >= 180) return { from: '', to: '~' };
  return {
    from: encodeGeohash({ lat: box.south, lon: box.west }, SORT_PRECISION),
    to: `${encodeGeohash({ lat: box.north, lon: box.east }, SORT_PRECISION)}~`,
  };
}

/** Group id from a group item's pk (`group#<id>`), as the GSI returns it. */
export function groupIdFromPk(pk: string): string | undefined {
  return pk.startsWith('group#') ? pk.slice('group#'.length) : undefined;
}

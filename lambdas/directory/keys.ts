import type { Country } from '../../dialogs/types';

/**
 * Item keys of the Directory table (pk/sk, GSI `byContactPoint` on `contactPointId` + pk).
 *
 * Access patterns (no Scan anywhere; a search reads only the cells around the user):
 *
 * | # | pattern                                   | request                                                        |
 * |---|-------------------------------------------|----------------------------------------------------------------|
 * | 1 | a group by id                             | GetItem  pk=group#<id>            sk=group                     |
 * | 2 | groups of a topic near a point (≤ 10 km)  | Query    pk=gn#<topic>#<p4 cell of the point>                  |
 * | 3 | groups of a topic in a language (≤ 50 km) | Query    pk=gw#<topic>#<p3 cell>  sk begins_with <language># |
 * | 4 | groups of a topic further away (≤ 50 km)  | Query    pk=gw#<topic>#<p3 cell>  (all languages: widening)   |
 * | 5 | online groups of a topic in a language    | Query    pk=go#<topic>#<language>                              |
 * | 6 | a contact point by id                     | GetItem  pk=cp#<id>               sk=cp                        |
 * | 7 | nearest contact points (≤ 150 km)         | Query    pk=cn#<p3 cell of the point>                          |
 * | 8 | all groups of one contact point           | Query    GSI byContactPoint  contactPointId=<id>               |
 *
 * Items:
 *
 * - Group `group#<id>` / `group`: the full record, `contactPointId` (only group items carry it, so the GSI lists
 *   groups and nothing else), `contentHash` (re-importing an unchanged group writes nothing) and `indexKeys`
 *   (the keys of its index items, so an update or retirement deletes exactly the stale ones).
 * - Near index `gn#<topic>#<p4>` / `<groupId>`: one per topic and per precision-4 geohash cell (about 20 × 20 km)
 *   that lies within NEAR_RADIUS_KM of the group, about 3.7 cells. The user's own cell therefore holds every
 *   group within that radius, and ONE Query answers "groups near me".
 * - Wide index `gw#<topic>#<p3>` / `<language>#<groupId>`: the same at precision 3 (about 156 × 90 km) within
 *   WIDE_RADIUS_KM, one item per language of the group (about 3.4 cells × languages). A `begins_with` on the sort
 *   key finds mother-tongue groups further away than the near radius; the whole partition is the widened search.
 * - Online index `go#<topic>#<language>` / `<groupId>`: one per topic and language of an online group.
 * - Contact point `cp#<id>` / `cp`, and its index `cn#<p3>` / `<cpId>` for the cells within CONTACT_POINT_RADIUS_KM.
 *
 * Index items carry what a result list shows (name, place, coordinates, languages, schedule, contact point id),
 * so a page of results needs no second read. All values are plain attributes written by `marshall`.
 *
 * Why a wide index per language rather than the suggested topic-only wide level: with a 10 km near radius, a
 * mother-tongue group 25 km away would never be a candidate, yet the ranking puts it before a German-only group
 * next door. The language prefix finds exactly those groups with one small Query; the widened search reads the
 * same partition without the prefix, so no extra items are needed for it.
 */

/** Near level: geohash precision and the radius within which the user's own cell is complete. */
export const NEAR_PRECISION = 4;
export const NEAR_RADIUS_KM = 10;
/** Wide level: mother-tongue groups and the widened search. */
export const WIDE_PRECISION = 3;
export const WIDE_RADIUS_KM = 50;
/** Contact points are few, so their cells can reach far: a user is rarely more than 150 km from one. */
export const CONTACT_POINT_PRECISION = 3;
export const CONTACT_POINT_RADIUS_KM = 150;

/**
 * Part of every content hash: bump it whenever the layout or the radii above change, and the next import of
 * the same files rewrites every item (with the new index keys) instead of reporting "unchanged".
 */
export const KEY_LAYOUT_VERSION = 1;

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
/** Sort key of a wide item; `wideSkPrefix(language)` selects the groups in one language. */
export const wideSk = (language: string, groupId: string) => `${wideSkPrefix(language)}${groupId}`;
export const wideSkPrefix = (language: string) => `${language}#`;
export const onlinePk = (topic: string, language: string) => `go#${topic}#${language}`;
export const contactPointIndexPk = (cell: string) => `cn#${cell}`;

/** Group id from a group item's pk (`group#<id>`), as the GSI returns it. */
export function groupIdFromPk(pk: string): string | undefined {
  return pk.startsWith('group#') ? pk.slice('group#'.length) : undefined;
}

/**
 * Languages everybody in the country reads in a group there. A user whose first language is one of these is
 * served by the near query alone; anyone else also gets the mother-tongue query of the wide level.
 */
export const NATIONAL_LANGUAGES: Record<Country, readonly string[]> = {
  DE: ['de'],
  NO: ['nb', 'nn'],
};

import * as z from 'zod/mini';
import type { ContactPointView } from '../../dialogs/types';
import { contentHash } from './content-hash';
import { defined } from './defined';
import { cellsCoveringCircle } from './geohash';
import {
  CONTACT_POINT_PRECISION,
  CONTACT_POINT_RADIUS_KM,
  contactPointIndexPk,
  contactPointKey,
  type ItemKey,
} from './keys';
import type { ContactPointRecord } from './records';

/** A contact point as stored, on its own item and (whole: contact points are few) on each index item. */
export const ContactPointSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.enum(['DE', 'NO']),
  city: z.optional(z.string()),
  postcode: z.optional(z.string()),
  address: z.optional(z.string()),
  lat: z.number(),
  lon: z.number(),
  phone: z.optional(z.string()),
  email: z.optional(z.string()),
  website: z.optional(z.string()),
  openingHours: z.optional(z.string()),
  languages: z.optional(z.array(z.string())),
});
export type ContactPointSummary = z.infer<typeof ContactPointSummarySchema>;

export const ContactPointItemSchema = z.extend(ContactPointSummarySchema, {
  contentHash: z.string(),
  indexKeys: z.array(z.object({ pk: z.string(), sk: z.string() })),
});
export type ContactPointItem = z.infer<typeof ContactPointItemSchema>;

/** A contact point record whose coordinates are known (the importer fills them from the gazetteer). */
export type PlacedContactPointRecord = ContactPointRecord & { lat: number; lon: number };

/** The items of one contact point: its index items (written first) and its own item (written last). */
export function contactPointItems(record: PlacedContactPointRecord): {
  contactPoint: ItemKey & ContactPointItem;
  index: (ItemKey & ContactPointSummary)[];
} {
  const summary: ContactPointSummary = {
    id: record.id,
    name: record.name,
    country: record.country,
    city: record.city,
    postcode: record.postcode,
    address: record.address,
    lat: record.lat,
    lon: record.lon,
    phone: record.phone,
    email: record.email,
    website: record.website,
    openingHours: record.opening_hours,
    languages: record.languages,
  };
  const cells = cellsCoveringCircle(record, CONTACT_POINT_RADIUS_KM, CONTACT_POINT_PRECISION);
  const index = cells.map((cell) => ({ pk: contactPointIndexPk(cell), sk: record.id, ...summary }));
  return {
    contactPoint: {
      ...contactPointKey(record.id),
      ...summary,
      contentHash: contentHash(record),
      indexKeys: index.map(({ pk, sk }) => ({ pk, sk })),
    },
    index,
  };
}

/** What the user sees of a contact point; `distanceKm` as given (already rounded by the caller). */
export function contactPointViewOf(summary: ContactPointSummary, distanceKm?: number): ContactPointView {
  return {
    id: summary.id,
    name: summary.name,
    country: summary.country,
    ...defined({
      city: summary.city,
      postcode: summary.postcode,
      address: summary.address,
      phone: summary.phone,
      email: summary.email,
      website: summary.website,
      openingHours: summary.openingHours,
      distanceKm,
    }),
  };
}

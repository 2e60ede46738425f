import * as z from 'zod';
import { parseRrule, parseTime } from '../../dialogs/meetings';
import { TopicIdSchema } from './group-items';

/** Ids travel in button data (64 bytes at most with a prefix), so they stay short and plain. */
export const RecordIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'id must be 1-40 characters of A-Z, a-z, 0-9, _ or -');

/** ISO 639 codes: two or three lowercase letters (de, ar, prs, kmr, ckb ...). */
const LanguageCodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, 'language must be an ISO 639 code such as de, ar, prs');

/** "a;b;c" in CSV, or an array in JSON. Empty parts are dropped. */
const listOf = <T extends z.core.SomeType>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(';')
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
    z.array(item),
  );

const optionalText = (max: number) =>
  z.preprocess(
    (value) => (value === '' || value === null ? undefined : value),
    z.string().trim().max(max).optional(),
  );

const optionalNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (value === '' || value === null || value === undefined ? undefined : Number(value)),
    z.number().min(min).max(max).optional(),
  );

const booleanish = z.preprocess((value) => {
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null || value === '') return false;
  const text = String(value).trim().toLowerCase();
  if (['true', 'yes', 'ja', '1'].includes(text)) return true;
  if (['false', 'no', 'nein', 'nei', '0'].includes(text)) return false;
  return value;
}, z.boolean());

/**
 * One group as imported (the columns of README "Importing groups" plus optional extras).
 * `lat`/`lon` may be empty when `postcode` is known: the importer fills them from the gazetteer.
 */
export const GroupRecordSchema = z
  .object({
    id: RecordIdSchema,
    name: z.string().trim().min(1).max(200),
    topics: listOf(TopicIdSchema).refine((list) => list.length > 0, 'at least one topic'),
    languages: listOf(LanguageCodeSchema).refine((list) => list.length > 0, 'at least one language'),
    country: z.enum(['DE', 'NO']),
    postcode: optionalText(10),
    city: optionalText(100),
    lat: optionalNumber(-90, 90),
    lon: optionalNumber(-180, 180),
    online: booleanish,
    schedule: optionalText(300),
    /** The meetings as data (RRULE subset, 24 h start, minutes); else read from `schedule` where it can be. */
    rrule: z.preprocess(
      (value) => (value === '' || value === null ? undefined : value),
      z
        .string()
        .trim()
        .refine((value) => parseRrule(value) !== undefined, {
          message:
            'rrule must be FREQ=WEEKLY[;INTERVAL=n];BYDAY=TU[,TH] or FREQ=MONTHLY;BYDAY=2TU (1-4 or -1 for the last)',
        })
        .optional(),
    ),
    time: z.preprocess(
      (value) => (value === '' || value === null ? undefined : value),
      z
        .string()
        .trim()
        .refine((value) => parseTime(value) !== undefined, {
          message: 'time must be HH:MM (24 h), e.g. 18:30',
        })
        .transform((value) => parseTime(value) ?? value)
        .optional(),
    ),
    duration_minutes: optionalNumber(5, 24 * 60),
    contact_point: z.preprocess((v) => (v === '' ? undefined : v), RecordIdSchema.optional()),
    description: optionalText(1000),
    accessible: booleanish.optional(),
    women_only: booleanish.optional(),
    language_notes: optionalText(300),
  })
  .superRefine((group, ctx) => {
    if (
      !group.online &&
      group.postcode === undefined &&
      (group.lat === undefined || group.lon === undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'a group that meets in person needs a postcode or lat and lon',
      });
    }
    if ((group.lat === undefined) !== (group.lon === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'lat and lon go together: give both or neither' });
    }
  });

export type GroupRecord = z.infer<typeof GroupRecordSchema>;

/** A self-help contact point: Selbsthilfe-Kontaktstelle, Selvhjelp Norge office, or similar. */
export const ContactPointRecordSchema = z
  .object({
    id: RecordIdSchema,
    name: z.string().trim().min(1).max(200),
    country: z.enum(['DE', 'NO']),
    postcode: optionalText(10),
    city: optionalText(100),
    address: optionalText(200),
    lat: optionalNumber(-90, 90),
    lon: optionalNumber(-180, 180),
    phone: optionalText(40),
    email: z.preprocess((v) => (v === '' ? undefined : v), z.email().optional()),
    website: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
    opening_hours: optionalText(300),
    languages: listOf(LanguageCodeSchema).optional(),
  })
  .superRefine((cp, ctx) => {
    if (cp.postcode === undefined && (cp.lat === undefined || cp.lon === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a contact point needs a postcode or lat and lon' });
    }
  });

export type ContactPointRecord = z.infer<typeof ContactPointRecordSchema>;

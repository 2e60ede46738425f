import type { z } from 'zod';
import type { Gazetteer } from '../../../dialogs/types';
import type { PlacedContactPointRecord } from '../contact-point-items';
import type { DynamoDirectory, WriteOutcome } from '../dynamo-directory';
import { meetingOf } from '../group-items';
import { forEachInParallel } from '../in-parallel';
import { ContactPointRecordSchema, type GroupRecord, GroupRecordSchema } from '../records';
import { type RowProblem, readRows, type SourceFormat } from './read-rows';

/** What `npm run import -- --kind` accepts. */
export const IMPORT_KINDS = ['groups', 'contact-points'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The writer methods an import needs (DynamoDirectory has them; tests may pass a fake). */
export type DirectoryWriter = Pick<
  DynamoDirectory,
  'putGroup' | 'putContactPoint' | 'retireGroupsOfContactPoint'
>;

export interface ImportOptions {
  kind: ImportKind;
  /** Where to write; none (no database set): every row is checked and nothing is compared or written. */
  directory?: DirectoryWriter | undefined;
  /** Fills lat/lon from the postcode when a row leaves them empty. */
  gazetteer: Gazetteer;
  /** Compare with the table and report, but write nothing. */
  dryRun?: boolean;
  /** Groups only: retire the groups of every contact point named in the file that the file no longer lists. */
  replace?: boolean;
  /** Records written at once (each is a few requests). */
  concurrency?: number;
  /** Called after each record with the number done and the number to do. */
  onProgress?: (done: number, total: number) => void;
}

/** What an import did (or, with `dryRun`, would do). */
export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  /** False when no database was given: rows were checked, not compared with the table. */
  compared: boolean;
  /** Rows that passed every check. */
  valid: number;
  /** Rows in the file, refused ones included. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Refused rows in file order, e.g. `{ where: 'line 7', reason: 'country: ...' }`. */
  refused: RowProblem[];
  /** Ids of groups retired by `replace`. */
  retired: string[];
  /** Columns the file has that the importer does not know (left out). */
  ignoredColumns: string[];
  /** Accepted rows with something to look at, e.g. a schedule that could not be read as meeting times. */
  notes: RowProblem[];
}

const COLUMNS: Record<ImportKind, { required: readonly string[]; known: readonly string[] }> = {
  groups: {
    required: ['id', 'name', 'topics', 'languages', 'country'],
    known: Object.keys(GroupRecordSchema.shape),
  },
  'contact-points': {
    required: ['id', 'name', 'country'],
    known: Object.keys(ContactPointRecordSchema.shape),
  },
};

type Checked =
  | { kind: 'groups'; record: GroupRecord }
  | { kind: 'contact-points'; record: PlacedContactPointRecord };
type Accepted = Checked & { where: string };

/**
 * Imports one file's text: every row checked with its zod schema and refused with its position and reason
 * when wrong, coordinates filled from the gazetteer, the rest written (unchanged ones skipped by content
 * hash, so importing a file twice writes nothing the second time). Throws ImportFileError when the file as a
 * whole cannot be read, and the directory's errors when the table cannot be reached.
 *
 * @example
 * const report = await importText(await readFile('groups.csv', 'utf8'), 'csv', { kind: 'groups', directory, gazetteer });
 * console.log(formatImportReport(report));
 */
export async function importText(
  text: string,
  format: SourceFormat,
  options: ImportOptions,
): Promise<ImportReport> {
  const { kind, directory } = options;
  const dryRun = options.dryRun === true || directory === undefined;
  if (options.replace && kind !== 'groups') {
    throw new RangeError('replace retires groups of contact points; it applies to --kind groups only');
  }
  const { rows, problems, ignoredColumns } = readRows(text, format, COLUMNS[kind]);
  const refused: RowProblem[] = [...problems];
  const notes: RowProblem[] = [];
  const accepted: Accepted[] = [];
  const firstSeen = new Map<string, string>();
  for (const row of rows) {
    const checked = checkRow(kind, row.values, options.gazetteer);
    if ('reason' in checked) {
      refused.push({ where: row.where, reason: checked.reason });
      continue;
    }
    const earlier = firstSeen.get(checked.record.id);
    if (earlier) {
      refused.push({ where: row.where, reason: `id ${checked.record.id} is already used by ${earlier}` });
      continue;
    }
    firstSeen.set(checked.record.id, row.where);
    accepted.push({ ...checked, where: row.where });
    if (checked.kind === 'groups' && checked.record.schedule && !meetingOf(checked.record)) {
      notes.push({
        where: row.where,
        reason: `schedule "${checked.record.schedule}" was not understood as meeting times: kept as a note, shown only to people who read the country's language (give rrule and time to show it in every language)`,
      });
    }
  }

  const counts: Record<WriteOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  let done = 0;
  if (directory) {
    await forEachInParallel(accepted, options.concurrency ?? 8, async (entry) => {
      const outcome =
        entry.kind === 'groups'
          ? await directory.putGroup(entry.record, { dryRun })
          : await directory.putContactPoint(entry.record, { dryRun });
      counts[outcome]++;
      options.onProgress?.(++done, accepted.length);
    });
  }

  const retired =
    options.replace && directory
      ? await retireMissing(
          rows.map((row) => row.values),
          directory,
          dryRun,
        )
      : [];
  return {
    kind,
    dryRun,
    compared: directory !== undefined,
    valid: accepted.length,
    rows: rows.length + problems.length,
    ...counts,
    refused: refused.sort((a, b) => position(a.where) - position(b.where)),
    retired,
    ignoredColumns,
    notes,
  };
}

const position = (where: string) => Number(where.replace(/\D/g, ''));

/**
 * Retires, per contact point named in the file, the groups the file does not list. Ids of refused rows count
 * as listed: a typo in one row must not delete that group.
 */
async function retireMissing(
  rows: Record<string, unknown>[],
  directory: DirectoryWriter,
  dryRun: boolean,
): Promise<string[]> {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const listed = new Set(rows.map((row) => text(row.id)).filter(Boolean));
  const contactPoints = new Set(rows.map((row) => text(row.contact_point)).filter(Boolean));
  const retired: string[] = [];
  for (const contactPoint of [...contactPoints].sort()) {
    retired.push(...(await directory.retireGroupsOfContactPoint(contactPoint, listed, { dryRun })));
  }
  return retired;
}

/** Validates one row and resolves its coordinates, or says why it is refused. */
function checkRow(
  kind: ImportKind,
  values: Record<string, unknown>,
  gazetteer: Gazetteer,
): Checked | { reason: string } {
  if (kind === 'groups') {
    const parsed = GroupRecordSchema.safeParse(values, { reportInput: true });
    if (!parsed.success) return { reason: describe(parsed.error) };
    // An online group needs no place; one that meets in person needs coordinates for the index.
    if (parsed.data.online) return { kind, record: parsed.data };
    const located = locate(parsed.data, gazetteer);
    return 'reason' in located ? located : { kind, record: { ...parsed.data, ...located } };
  }
  const parsed = ContactPointRecordSchema.safeParse(values, { reportInput: true });
  if (!parsed.success) return { reason: describe(parsed.error) };
  const located = locate(parsed.data, gazetteer);
  return 'reason' in located ? located : { kind, record: { ...parsed.data, ...located } };
}

/** The record's own coordinates, or its postcode's from the gazetteer. */
function locate(
  record: {
    country: 'DE' | 'NO';
    postcode?: string | undefined;
    lat?: number | undefined;
    lon?: number | undefined;
  },
  gazetteer: Gazetteer,
): { lat: number; lon: number } | { reason: string } {
  if (record.lat !== undefined && record.lon !== undefined) return { lat: record.lat, lon: record.lon };
  const place = record.postcode ? gazetteer.postcode(record.postcode, record.country) : undefined;
  if (place && place.country === record.country) return { lat: place.lat, lon: place.lon };
  return {
    reason: `postcode ${record.postcode ?? '(none)'} is unknown in ${record.country}: correct it, or fill in lat and lon`,
  };
}

/** "topics: unknown topic id (see docs/topics.md), got \"depresion\"; country: ..." */
function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.filter((part) => typeof part === 'string').join('.');
      const got =
        typeof issue.input === 'string' || typeof issue.input === 'number' ? `, got "${issue.input}"` : '';
      return `${field ? `${field}: ` : ''}${issue.message}${got}`;
    })
    .join('; ');
}

/** The report as the CLI prints it: counts, then each refused row as `line N: reason`. */
export function formatImportReport(report: ImportReport, source = ''): string {
  if (!report.compared) return formatCheckReport(report, source);
  const verb = report.dryRun ? 'would be ' : '';
  const lines = [
    `${report.kind}${source ? ` from ${source}` : ''}: ${report.rows} row(s)${report.dryRun ? ' (dry run: nothing written)' : ''}`,
    `${verb}created: ${report.created}`,
    `${verb}updated: ${report.updated}`,
    `unchanged: ${report.unchanged}`,
    `refused: ${report.refused.length}`,
  ];
  if (report.kind === 'groups') {
    lines.push(
      `${verb}retired: ${report.retired.length}${report.retired.length ? ` (${report.retired.join(', ')})` : ''}`,
    );
  }
  return [...lines, ...problemLines(report)].join('\n');
}

/** The report of a file checked without a database: what is valid and what is refused, nothing compared. */
function formatCheckReport(report: ImportReport, source: string): string {
  return [
    `${report.kind}${source ? ` from ${source}` : ''}: ${report.rows} row(s) (checked only: no database set, nothing compared or written)`,
    `valid: ${report.valid}`,
    `refused: ${report.refused.length}`,
    ...problemLines(report),
  ].join('\n');
}

function problemLines(report: ImportReport): string[] {
  const lines: string[] = [];
  if (report.ignoredColumns.length > 0) lines.push(`ignored columns: ${report.ignoredColumns.join(', ')}`);
  for (const problem of report.refused) lines.push(`${problem.where}: ${problem.reason}`);
  if (report.notes.length > 0) lines.push(`notes: ${report.notes.length}`);
  for (const note of report.notes) lines.push(`${note.where}: ${note.reason}`);
  return lines;
}

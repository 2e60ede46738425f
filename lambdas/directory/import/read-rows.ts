import { parseCsv } from './csv';

/** The formats `npm run import` reads. */
export type SourceFormat = 'csv' | 'json';

/** One row of an import file, before validation, with where it stands in the file ("line 7", "item 3"). */
export interface SourceRow {
  where: string;
  values: Record<string, unknown>;
}

/** A row that was refused, and why. */
export interface RowProblem {
  where: string;
  reason: string;
}

/** The whole file cannot be read (no header, not JSON...): nothing is imported. */
export class ImportFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ImportFileError';
  }
}

/** JSON when the name ends in .json or the text starts with "["; CSV otherwise. */
export function formatOf(fileName: string, text: string): SourceFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('[')
    ? 'json'
    : 'csv';
}

/**
 * Reads the rows of an import file. `required` columns must be in the CSV header; columns outside `known`
 * are reported (a typo in an optional column would otherwise go unnoticed) and left out.
 */
export function readRows(
  text: string,
  format: SourceFormat,
  columns: { required: readonly string[]; known: readonly string[] },
): { rows: SourceRow[]; problems: RowProblem[]; ignoredColumns: string[] } {
  return format === 'csv' ? readCsvRows(text, columns) : readJsonRows(text, columns.known);
}

function readCsvRows(text: string, columns: { required: readonly string[]; known: readonly string[] }) {
  const { records, problems: csvProblems } = parseCsv(text);
  const problems: RowProblem[] = csvProblems.map((p) => ({ where: `line ${p.line}`, reason: p.reason }));
  const [header, ...body] = records;
  if (!header)
    throw new ImportFileError('The file is empty: expected a header line such as "id,name,topics,..."');
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const missing = columns.required.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new ImportFileError(
      `The header (line ${header.line}) lacks the column(s) ${missing.join(', ')}. Expected at least: ` +
        `${columns.required.join(',')}`,
    );
  }
  const rows: SourceRow[] = [];
  for (const record of body) {
    if (record.fields.length !== names.length) {
      problems.push({
        where: `line ${record.line}`,
        reason: `${record.fields.length} fields but the header has ${names.length} (a field with a comma needs "quotes")`,
      });
      continue;
    }
    const values: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (columns.known.includes(name)) values[name] = record.fields[i];
    });
    rows.push({ where: `line ${record.line}`, values });
  }
  return { rows, problems, ignoredColumns: names.filter((name) => !columns.known.includes(name)) };
}

function readJsonRows(text: string, known: readonly string[]) {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFileError(`The file is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(data)) {
    throw new ImportFileError('A JSON import file must hold an array of objects: [{ "id": "...", ... }]');
  }
  const rows: SourceRow[] = [];
  const problems: RowProblem[] = [];
  const ignored = new Set<string>();
  data.forEach((item: unknown, index) => {
    const where = `item ${index}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ where, reason: 'not an object' });
      return;
    }
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      // null means "no value", as an empty CSV field does.
      if (!known.includes(key)) ignored.add(key);
      else if (value !== null) values[key] = value;
    }
    rows.push({ where, values });
  });
  return { rows, problems, ignoredColumns: [...ignored] };
}

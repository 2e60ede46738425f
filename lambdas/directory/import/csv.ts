/**
 * CSV as spreadsheets write it (RFC 4180): comma separated, fields in double quotes when they hold commas,
 * quotes or line breaks, a quote inside quotes doubled. Small enough to own, so the importer needs no
 * dependency, and it knows on which physical line each record starts, which is what error reports cite.
 */

/** One record of a CSV file and the physical line (1-based) where it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A record the parser could not read, e.g. a quote that is never closed. */
export interface CsvProblem {
  line: number;
  reason: string;
}

/**
 * Splits CSV text into records. A UTF-8 byte order mark is dropped; blank lines are skipped; line breaks may
 * be \n, \r\n or \r.
 *
 * @example
 * parseCsv('id,name\n1,"Café, ""Treff"""\n').records // [{ line: 1, fields: ['id', 'name'] }, { line: 2, fields: ['1', 'Café, "Treff"'] }]
 */
export function parseCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    let unterminated = false;
    while (i < source.length && !endOfRecord) {
      const char = source[i];
      if (char === '"' && field === '') {
        // A quoted field: read to the closing quote, keeping commas and line breaks.
        i++;
        let closed = false;
        while (i < source.length) {
          const inner = source[i] as string;
          if (inner === '"') {
            if (source[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (inner === '\n' || (inner === '\r' && source[i + 1] !== '\n')) line++;
          field += inner;
          i++;
        }
        if (!closed) unterminated = true;
        // Text between a closing quote and the next comma is kept, as spreadsheets do.
        continue;
      }
      if (char === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (char === '\n' || char === '\r') {
        i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      } else {
        field += char;
        i++;
      }
    }
    fields.push(field);
    if (unterminated) {
      problems.push({
        line: startLine,
        reason: 'a quoted field is never closed: a " is missing, and the rest of the file was read into it',
      });
    } else if (!(fields.length === 1 && fields[0]?.trim() === '')) {
      records.push({ line: startLine, fields });
    }
  }
  return { records, problems };
}

/** How a CSV file is written: for the import (round-trips through `parseCsv`) or for a spreadsheet program. */
export interface CsvStyle {
  /**
   * For files staff open in a spreadsheet: every cell in quotes, lines ended with CRLF, and a formula start
   * (=, +, -, @) defused with a leading apostrophe wherever a cell could begin: at the start, and after a ; or ,
   * or tab or line break, since German and Norwegian spreadsheet programs split at ";" ("Verein;=1+1" would
   * become a formula cell otherwise).
   */
  spreadsheet?: boolean;
}

/** One CSV field: quoted only when it has to be, or always (with formulas defused) for a spreadsheet. */
export function formatField(value: unknown, style: CsvStyle = {}): string {
  const text =
    value === undefined || value === null ? '' : Array.isArray(value) ? value.join(';') : String(value);
  if (style.spreadsheet)
    return `"${text.replace(/(^|[;,\t\r\n])([=+\-@])/g, "$1'$2").replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes objects as CSV with the given columns (arrays joined with ";", as the import format wants). */
export function formatCsv(
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>>,
  style: CsvStyle = {},
): string {
  const end = style.spreadsheet ? '\r\n' : '\n';
  let out = `${columns.map((column) => (style.spreadsheet ? formatField(column, style) : column)).join(',')}${end}`;
  for (const row of rows)
    out += `${columns.map((column) => formatField(row[column], style)).join(',')}${end}`;
  return out;
}

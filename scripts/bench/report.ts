/**
 * The benchmark's figures, their budgets and the printed tables. Pure: no I/O, so the budget arithmetic and the
 * formatting are tested on their own (test/scripts/bench/report.test.ts).
 */

/** An upper bound a figure must not exceed. */
export interface Budget {
  max: number;
}

/** One line of the table. */
export interface Figure {
  /** Stable id for the JSON file and for comparing runs, e.g. `bundle.telegram`. */
  id: string;
  /** What was measured, as a reader should understand it. */
  what: string;
  value: number;
  unit: FigureUnit;
  /** Absent: reported only (e.g. the Teams bundle size). */
  budget?: Budget;
  /** The raw numbers behind a ratio, e.g. "412 ms vs 380 ms baseline". */
  detail?: string;
}

/** How a value is printed: sizes, time, a ratio to a baseline, a count of requests. */
export type FigureUnit = 'KB' | 'MB' | 'ms' | '×' | 'requests';

/** Whether a figure stays within its budget; `undefined` for figures that are only reported. */
export function holds(figure: Figure): boolean | undefined {
  if (!figure.budget) return undefined;
  return Number.isFinite(figure.value) && figure.value <= figure.budget.max;
}

/** The figures whose budget does not hold. */
export function failures(figures: readonly Figure[]): Figure[] {
  return figures.filter((figure) => holds(figure) === false);
}

/** `1234.5` → `1,234.5` with the unit's usual precision (or `digits` decimals). */
export function formatValue(value: number, unit: FigureUnit, digits = defaultDigits(value, unit)): string {
  if (!Number.isFinite(value)) return 'n/a';
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return unit === '×' ? `${text}×` : `${text} ${unit}`;
}

function defaultDigits(value: number, unit: FigureUnit): number {
  if (unit === '×') return 2;
  if (unit === 'requests') return Number.isInteger(value) ? 0 : 1;
  return 1;
}

/**
 * A figure's value as the table shows it: with more decimals where the usual ones would print the budget itself
 * beside a verdict that it does not hold (`1.30× ≤ 1.30× NO` becomes `1.302× ≤ 1.30× NO`).
 */
export function formatFigureValue(figure: Figure): string {
  const usual = defaultDigits(figure.value, figure.unit);
  if (!figure.budget || holds(figure) !== false) return formatValue(figure.value, figure.unit);
  for (let digits = usual; digits < usual + 4; digits++) {
    const text = formatValue(figure.value, figure.unit, digits);
    if (text !== formatValue(figure.budget.max, figure.unit, digits)) return text;
  }
  return formatValue(figure.value, figure.unit, usual + 4);
}

/** The budget as the table shows it: `≤ 350.0 KB`, or `reported` when there is none. */
export function formatBudget(figure: Figure): string {
  return figure.budget ? `≤ ${formatValue(figure.budget.max, figure.unit)}` : 'reported';
}

function holdsText(figure: Figure): string {
  const verdict = holds(figure);
  return verdict === undefined ? '—' : verdict ? 'yes' : 'NO';
}

const HEADER = ['what', 'value', 'budget', 'holds', 'detail'] as const;

function rows(figures: readonly Figure[]): string[][] {
  return figures.map((figure) => [
    figure.what,
    formatFigureValue(figure),
    formatBudget(figure),
    holdsText(figure),
    figure.detail ?? '',
  ]);
}

/** A plain-text table with aligned columns, for the terminal. */
export function formatTable(figures: readonly Figure[]): string {
  const all = [[...HEADER], ...rows(figures)];
  const widths = HEADER.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        // Numbers read best right-aligned.
        return column === 1 || column === 2 ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(all[0] ?? []), rule, ...all.slice(1).map(line)].join('\n');
}

/** Where and when a run happened, for the README. */
export interface RunInfo {
  date: string;
  machine: string;
  node: string;
  durationSeconds: number;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The README-ready markdown table, with a line saying when and where it was measured. */
export function formatMarkdown(figures: readonly Figure[], run: RunInfo): string {
  const body = rows(figures).map((row) => `| ${row.map(escapeCell).join(' | ')} |`);
  return [
    `Measured ${run.date} on ${run.machine}, Node.js ${run.node}, in ${Math.round(run.durationSeconds)} s ` +
      '(`npm run bench`).',
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i === 1 || i === 2 ? '---:' : '---')).join(' | ')} |`,
    ...body,
  ].join('\n');
}

/** The median of a list of numbers: the middle value, or the mean of the two middle ones (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/**
 * The p-th percentile by the nearest-rank method: the smallest value such that at least p % of the values are
 * less than or equal to it (so p99 of 1,000 values is the 990th smallest).
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/** The arithmetic mean (NaN for an empty list). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

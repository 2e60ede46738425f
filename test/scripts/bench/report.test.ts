import {
  type Figure,
  failures,
  formatBudget,
  formatFigureValue,
  formatMarkdown,
  formatTable,
  formatValue,
  holds,
  mean,
  median,
  percentile,
} from '../../../scripts/bench/report';

const bundle: Figure = {
  id: 'bundle.telegram',
  what: 'bundle size',
  value: 321.5,
  unit: 'KB',
  budget: { max: 350 },
};
const cold: Figure = {
  id: 'cold-start.telegram',
  what: 'cold start ÷ baseline',
  value: 1.24,
  unit: '×',
  budget: { max: 0.6 },
  detail: 'median 376 ms vs 302 ms',
};
const teams: Figure = { id: 'bundle.teams', what: 'bundle size: Teams', value: 2147.4, unit: 'KB' };

describe('budgets', () => {
  test('a figure holds when it is at most its budget, and has no verdict without one', () => {
    expect(holds(bundle)).toBe(true);
    expect(holds({ ...bundle, value: 350 })).toBe(true);
    expect(holds({ ...bundle, value: 350.01 })).toBe(false);
    expect(holds(cold)).toBe(false);
    expect(holds(teams)).toBeUndefined();
  });

  test('a figure that could not be computed does not hold', () => {
    expect(holds({ ...bundle, value: Number.NaN })).toBe(false);
  });

  test('lists the figures over budget, not the ones only reported', () => {
    expect(failures([bundle, cold, teams])).toEqual([cold]);
  });
});

describe('the printed table', () => {
  test('formats values and budgets in their units', () => {
    expect(formatValue(2147.44, 'KB')).toBe('2,147.4 KB');
    expect(formatValue(1.236, '×')).toBe('1.24×');
    expect(formatValue(2, 'requests')).toBe('2 requests');
    expect(formatValue(2.5, 'requests')).toBe('2.5 requests');
    expect(formatValue(Number.NaN, 'ms')).toBe('n/a');
    expect(formatBudget(bundle)).toBe('≤ 350.0 KB');
    expect(formatBudget(teams)).toBe('reported');
  });

  test('shows more decimals where the usual ones would hide that a figure is over its budget', () => {
    expect(formatFigureValue({ ...cold, value: 0.6023 })).toBe('0.602×');
    expect(formatFigureValue({ ...cold, value: 0.6 })).toBe('0.60×');
    expect(formatFigureValue({ ...bundle, value: 350.04 })).toBe('350.04 KB');
    expect(formatFigureValue(teams)).toBe('2,147.4 KB');
  });

  test('shows what, value, budget, whether it holds and the detail, one aligned line per figure', () => {
    const lines = formatTable([bundle, cold, teams]).split('\n');
    expect(lines[0]).toMatch(/^what\s+value\s+budget\s+holds\s+detail$/);
    expect(lines[1]).toMatch(/^-+ +-+ +-+ +-+ +-+$/);
    expect(lines[2]).toMatch(/^bundle size\s+321\.5 KB\s+≤ 350\.0 KB\s+yes$/);
    expect(lines[3]).toMatch(/^cold start ÷ baseline\s+1\.24×\s+≤ 0\.60×\s+NO\s+median 376 ms vs 302 ms$/);
    expect(lines[4]).toMatch(/^bundle size: Teams\s+2,147\.4 KB\s+reported\s+—$/);
    // Values and budgets are right-aligned: their columns end at the same place on every line.
    const ends = lines.slice(2).map((line) => line.indexOf(' KB') + 3);
    expect(new Set([ends[0], ends[2]]).size).toBe(1);
  });

  test('prints a README-ready markdown table with the date, machine and run time', () => {
    const markdown = formatMarkdown([bundle, { ...cold, detail: 'a | b' }], {
      date: '2026-11-23',
      machine: '2 × AMD EPYC, 23.5 GB, linux x64',
      node: 'v20.20.2',
      durationSeconds: 181.6,
    });
    expect(markdown.split('\n')).toEqual([
      'Measured 2026-11-23 on 2 × AMD EPYC, 23.5 GB, linux x64, Node.js v20.20.2, in 182 s (`npm run bench`).',
      '',
      '| what | value | budget | holds | detail |',
      '| --- | ---: | ---: | --- | --- |',
      '| bundle size | 321.5 KB | ≤ 350.0 KB | yes |  |',
      '| cold start ÷ baseline | 1.24× | ≤ 0.60× | NO | a \\| b |',
    ]);
  });
});

describe('statistics', () => {
  test('median is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  test('percentiles use the nearest rank', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentile(values, 50)).toBe(500);
    expect(percentile(values, 99)).toBe(990);
    expect(percentile(values, 100)).toBe(1000);
    expect(percentile([7], 99)).toBe(7);
  });

  test('mean', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });
});

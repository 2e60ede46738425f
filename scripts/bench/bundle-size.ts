import { analyzeBundle, BENCH_FUNCTIONS, type BundleComposition, type BundleName } from './bundles';
import type { Measurement, MeasurementResult } from './context';
import type { Figure } from './report';

/** The Telegram bundle budget in KB (1 KB = 1,024 bytes, as esbuild and Lambda's console count). */
export const TELEGRAM_BUNDLE_BUDGET_KB = 350;

const KB = 1024;
const kb = (bytes: number) => bytes / KB;

/** The n largest parts of a bundle as one line: `tr46 258.7 KB (via … → whatwg-url → tr46)`. */
export function describeLargestParts(analysis: BundleComposition, count: number): string {
  return analysis.parts
    .slice(0, count)
    .map((part) => {
      const chain = part.importedVia.map(shortName).filter((name, i, all) => name !== all[i - 1]);
      const via = chain.length > 1 ? ` (via ${chain.slice(-4).join(' → ')})` : '';
      return `${part.name} ${kb(part.bytes).toFixed(1)} KB${via}`;
    })
    .join('; ');
}

/** `node_modules/grammy/out/shim.node.js` → `grammy/out/shim.node.js`; project files stay as they are. */
function shortName(file: string): string {
  return file.replace(/^.*node_modules\//, '');
}

/**
 * Bundle size per Lambda: `index.js` as the stack's construct builds it (minified, `@aws-sdk/*` external), with
 * its largest parts from the metafile of that same esbuild run.
 */
export const bundleSize: Measurement = {
  id: 'bundle-size',
  title: 'Bundle size per Lambda',
  async run(context): Promise<MeasurementResult> {
    const bundles = await context.bundles();
    const figures: Figure[] = [];
    const findings: string[] = [];
    const data: Record<string, unknown> = {};
    for (const fn of BENCH_FUNCTIONS) {
      const built = bundles.get(fn.name);
      if (!built) continue;
      const analysis = analyzeBundle(built);
      data[fn.name] = { bytes: built.bytes, parts: analysis?.parts.slice(0, 25) ?? null };
      if (fn.baseline) continue;
      const budget = fn.name === 'telegram' ? { max: TELEGRAM_BUNDLE_BUDGET_KB } : undefined;
      const figure: Figure = {
        id: `bundle.${fn.name}`,
        what: `bundle size: ${label(fn.name)} (index.js, minified)`,
        value: kb(built.bytes),
        unit: 'KB',
        ...(budget ? { budget } : {}),
        detail: `${built.bytes.toLocaleString('en-US')} bytes, built by the stack's BotFunction construct`,
      };
      figures.push(figure);
      const baseline = bundles.get(`${fn.name}-baseline` as BundleName);
      const comparison = baseline ? ` (its baseline: ${kb(baseline.bytes).toFixed(1)} KB)` : '';
      const verdict = budget && figure.value > budget.max ? 'over budget; ' : '';
      findings.push(
        `${label(fn.name)} bundle ${kb(built.bytes).toFixed(1)} KB${comparison}: ${verdict}largest parts: ` +
          (analysis ? describeLargestParts(analysis, 6) : 'unknown (esbuild wrote no metafile)'),
      );
    }
    return { figures, findings, data };
  },
};

function label(name: string): string {
  return name.startsWith('teams') ? 'Teams' : 'Telegram';
}

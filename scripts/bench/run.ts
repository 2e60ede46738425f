import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { bundleSize } from './bundle-size';
import {
  type BuiltBundle,
  type BundleName,
  buildBundlesWithStack,
  PROJECT_ROOT,
  QUIET_SDK_ENV,
} from './bundles';
import { coldStart } from './cold-start';
import type { BenchContext, BenchOptions, Measurement, MeasurementResult } from './context';
import { startBenchEnvironment } from './environment';
import { memory } from './memory';
import { type Figure, failures, formatMarkdown, formatTable, holds, type RunInfo } from './report';
import { requestsPerTurn } from './requests-per-turn';
import { searchScale } from './search-scale';
import { turnLatency } from './turn-latency';
import { understandingTime } from './understanding';

/**
 * `npm run bench`: every benchmark with its budget (issue 9), one file each. Latency runs before the search
 * benchmark, which fills dynalite (in this process) with a large directory.
 */
export const MEASUREMENTS: readonly Measurement[] = [
  bundleSize,
  coldStart,
  requestsPerTurn,
  turnLatency,
  memory,
  understandingTime,
  searchScale,
];

/** Heap for `--full-scale` runs, in MB. */
const FULL_SCALE_HEAP_MB = 12_288;

/** Where the JSON of the last run goes (git-ignored). */
export const RESULTS_FILE = path.join(PROJECT_ROOT, 'bench-results', 'latest.json');

const USAGE = `Usage: npm run bench -- [--markdown] [--only ${MEASUREMENTS.map((m) => m.id).join(',')}] [--full-scale] [--keep]
  --markdown    also print the table as markdown for the README
  --only        run only these benchmarks (comma-separated)
  --full-scale  load all 100,000 generated groups for the search benchmark (slow; several GB for dynalite)
  --keep        keep the temporary folder (bundles, CPU profiles) and print where it is`;

/** The machine, for the README line: "2 × Intel(R) Xeon(R) …, 23.5 GB, linux x64". */
export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpus.length} × ${model}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB, ${os.platform()} ${os.arch()}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      markdown: { type: 'boolean', default: false },
      only: { type: 'string' },
      'full-scale': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const only = values.only?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !MEASUREMENTS.some((m) => m.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const selected = MEASUREMENTS.filter((m) => !only || only.includes(m.id));
  const options: BenchOptions = { fullScale: values['full-scale'] ?? false };
  if (options.fullScale && getHeapStatistics().heap_size_limit < FULL_SCALE_HEAP_MB * 1024 * 1024) {
    // dynalite keeps the ~1.1 million items in this process's heap: run again with room for them.
    const again = spawnSync(
      process.execPath,
      [
        `--max-old-space-size=${FULL_SCALE_HEAP_MB}`,
        ...process.execArgv,
        __filename,
        ...process.argv.slice(2),
      ],
      { stdio: 'inherit' },
    );
    return again.status ?? 1;
  }
  Object.assign(process.env, QUIET_SDK_ENV);

  const started = performance.now();
  const progress = (message: string) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
    process.stderr.write(`[${seconds} s] ${message}\n`);
  };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'selfhelp-bench-'));
  const env = await startBenchEnvironment();
  let built: Promise<ReadonlyMap<BundleName, BuiltBundle>> | undefined;
  const context: BenchContext = {
    env,
    workDir,
    progress,
    options,
    bundles() {
      built ??= (async () => {
        progress('building the bundles with the stack construct (BotFunction → NodejsFunction → esbuild)');
        const bundles = await buildBundlesWithStack(path.join(workDir, 'cdk.out'));
        return new Map(bundles.map((bundle) => [bundle.name, bundle]));
      })();
      return built;
    },
  };

  const results: { measurement: Measurement; result?: MeasurementResult; error?: string }[] = [];
  try {
    for (const measurement of selected) {
      progress(`${measurement.title} …`);
      try {
        results.push({ measurement, result: await measurement.run(context) });
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        progress(`${measurement.title} FAILED: ${message}`);
        results.push({ measurement, error: message });
      }
    }
  } finally {
    await env.close();
    if (values.keep) progress(`kept ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }

  const durationSeconds = (performance.now() - started) / 1000;
  const run: RunInfo = {
    date: new Date().toISOString().slice(0, 10),
    machine: describeMachine(),
    node: process.version,
    durationSeconds,
  };
  const figures: Figure[] = results.flatMap((entry) => entry.result?.figures ?? []);
  const failed = failures(figures);
  const errors = results.filter((entry) => entry.error !== undefined);

  console.log(`\nBenchmarks (${run.machine}, Node.js ${run.node}), ${durationSeconds.toFixed(0)} s\n`);
  console.log(formatTable(figures));
  console.log('\nFindings');
  for (const entry of results) {
    for (const finding of entry.result?.findings ?? []) console.log(`- [${entry.measurement.id}] ${finding}`);
    if (entry.error !== undefined) console.log(`- [${entry.measurement.id}] did not run: ${entry.error}`);
  }
  if (values.markdown) console.log(`\n${formatMarkdown(figures, run)}`);

  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        run,
        figures: figures.map((figure) => ({ ...figure, holds: holds(figure) })),
        findings: Object.fromEntries(results.map((e) => [e.measurement.id, e.result?.findings ?? []])),
        errors: Object.fromEntries(errors.map((e) => [e.measurement.id, e.error])),
        data: Object.fromEntries(results.map((e) => [e.measurement.id, e.result?.data ?? null])),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nWrote ${path.relative(PROJECT_ROOT, RESULTS_FILE)}.`);
  if (failed.length > 0 || errors.length > 0) {
    const names = [
      ...failed.map((f) => f.what),
      ...errors.map((e) => `${e.measurement.title} (did not run)`),
    ];
    console.log(`\n${names.length} budget(s) do not hold: ${names.join('; ')}`);
    return 1;
  }
  console.log('\nEvery budget holds.');
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

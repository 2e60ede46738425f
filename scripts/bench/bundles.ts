import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';

const run = promisify(execFile);

/** The repository root (holds package.json, cdk.json and node_modules). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** A function the benchmark bundles: the two webhooks as the stack deploys them, and their baselines. */
export interface BenchFunction {
  name: BundleName;
  /** Relative to the project root. */
  entry: string;
  /** The function id in `functionSpecs` (infra/stack.ts) whose settings it is built with. */
  specId: 'Telegram' | 'Teams';
  /** True for a baseline: built with the same construct, but without the stack's copied data. */
  baseline: boolean;
}

/**
 * The bundles of a run: each webhook, its baseline, and its floor (the baseline's libraries loaded, nothing
 * done: what no implementation on this stack can beat).
 */
export type BundleName =
  | 'telegram'
  | 'telegram-baseline'
  | 'telegram-floor'
  | 'teams'
  | 'teams-baseline'
  | 'teams-floor';

/** Every bundle of a run. The Teams pair is skipped when `lambdas/teams.ts` does not exist. */
export const BENCH_FUNCTIONS: readonly BenchFunction[] = [
  { name: 'telegram', entry: 'lambdas/telegram.ts', specId: 'Telegram', baseline: false },
  {
    name: 'telegram-baseline',
    entry: 'scripts/bench/baseline/telegram.ts',
    specId: 'Telegram',
    baseline: true,
  },
  {
    name: 'telegram-floor',
    entry: 'scripts/bench/baseline/telegram-libraries.ts',
    specId: 'Telegram',
    baseline: true,
  },
  { name: 'teams', entry: 'lambdas/teams.ts', specId: 'Teams', baseline: false },
  { name: 'teams-baseline', entry: 'scripts/bench/baseline/teams.ts', specId: 'Teams', baseline: true },
  {
    name: 'teams-floor',
    entry: 'scripts/bench/baseline/teams-libraries.ts',
    specId: 'Teams',
    baseline: true,
  },
];

/** The functions whose entry exists in this checkout. */
export function availableFunctions(): BenchFunction[] {
  return BENCH_FUNCTIONS.filter((fn) => fs.existsSync(path.join(PROJECT_ROOT, fn.entry)));
}

/** A bundle as the stack stages it: `index.js`, its source map and any copied data, in one folder. */
export interface BuiltBundle {
  name: BundleName;
  /** The entry, relative to the project root. */
  entry: string;
  dir: string;
  /** Bytes of `index.js`: the code Lambda loads. */
  bytes: number;
  /** esbuild's metafile of this very build (see build-with-stack.ts), when it could be captured. */
  metafile?: string;
}

/** What build-with-stack.ts reports per bundle. */
export interface StagedBundle {
  dir: string;
  metafile: string;
}

/**
 * Builds every available function with the stack's own Lambda construct (`BotFunction` in
 * infra/constructs/bot-function.ts, which runs esbuild through `NodejsFunction`), so the bundles are exactly what
 * `cdk deploy` uploads: same esbuild options, `@aws-sdk/*` left to the runtime, the gazetteer copied beside the
 * handler. The CDK runs in a child process (it is large, and esbuild's output goes to its stderr); the
 * baselines go through the same construct, so they are built the same way. No bundling option is repeated
 * here: the composition analysis reads the metafile of the construct's own esbuild run.
 */
export async function buildBundlesWithStack(outdir: string): Promise<BuiltBundle[]> {
  const script = path.join(__dirname, 'build-with-stack.ts');
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, ['--import', 'tsx', script, outdir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...QUIET_SDK_ENV },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    }));
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `Bundling with the stack's construct failed:\n${failed.stderr ?? ''}\n${failed.message}`,
      {
        cause: error,
      },
    );
  }
  const staged = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, StagedBundle>;
  return BENCH_FUNCTIONS.flatMap((fn) => {
    const bundle = staged[fn.name];
    if (!bundle) return [];
    return [
      {
        name: fn.name,
        entry: fn.entry,
        dir: bundle.dir,
        bytes: fs.statSync(path.join(bundle.dir, 'index.js')).size,
        ...(fs.existsSync(bundle.metafile) ? { metafile: bundle.metafile } : {}),
      },
    ];
  });
}

/** What a bundle is made of: output bytes by package (or by source folder for the project's own code). */
export interface BundleComposition {
  bytes: number;
  parts: BundlePart[];
}

/** One package (or project folder) of a bundle. */
export interface BundlePart {
  /** `grammy`, `@azure/identity`, or a project folder such as `lambdas/directory`. */
  name: string;
  bytes: number;
  /** How the entry reaches it: `lambdas/telegram.ts → … → node_modules/tr46/index.js` (shortest import path). */
  importedVia: string[];
}

/** The package a bundled file belongs to, or its project folder. */
export function partOf(file: string): string {
  // The last node_modules: a package nested in another's node_modules is itself.
  const match = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (match?.[1]) return match[1];
  return file.split('/').slice(0, 2).join('/');
}

/**
 * Splits esbuild's metafile output into parts, largest first, each with the shortest import path from the entry
 * to its first file, so the report can say why a package is in the bundle.
 */
export function composition(metafile: Metafile, entry: string): BundleComposition {
  const output = Object.values(metafile.outputs).find((out) => out.entryPoint !== undefined);
  if (!output) return { bytes: 0, parts: [] };
  const bytesByPart = new Map<string, number>();
  for (const [file, input] of Object.entries(output.inputs)) {
    const part = partOf(file);
    bytesByPart.set(part, (bytesByPart.get(part) ?? 0) + input.bytesInOutput);
  }
  const via = shortestImportPaths(metafile, output.entryPoint ?? entry);
  const parts = [...bytesByPart.entries()]
    .map(([name, bytes]) => {
      const reached = [...via.entries()]
        .filter(([file]) => partOf(file) === name)
        .sort((a, b) => a[1].length - b[1].length)[0];
      return { name, bytes, importedVia: reached ? reached[1] : [] };
    })
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: output.bytes, parts };
}

function shortestImportPaths(metafile: Metafile, entry: string): Map<string, string[]> {
  const paths = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const from = paths.get(file) ?? [];
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.external || paths.has(imported.path)) continue;
      paths.set(imported.path, [...from, imported.path]);
      queue.push(imported.path);
    }
  }
  return paths;
}

/** Reads the metafile esbuild wrote while the construct bundled `bundle`, and returns its composition. */
export function analyzeBundle(bundle: BuiltBundle): BundleComposition | undefined {
  if (!bundle.metafile || !fs.existsSync(bundle.metafile)) return undefined;
  const metafile = JSON.parse(fs.readFileSync(bundle.metafile, 'utf8')) as Metafile;
  return composition(metafile, bundle.entry);
}

/** The line prefix a child process reports its result with (the bundle logs to stdout too). */
export const RESULT_MARKER = 'BENCH_RESULT ';

/** The JSON a child process reported after RESULT_MARKER. */
export function parseChildResult<T>(stdout: string): T {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARKER));
  if (!line) throw new Error(`The child process reported no result. Its output:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as T;
}

/**
 * Environment for child processes: no AWS SDK warning about the Node.js version (the variable differs between
 * SDK releases, so both are set).
 */
export const QUIET_SDK_ENV = {
  AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

/**
 * A folder that offers what the Lambda runtime offers besides the bundle: the AWS SDK v3 and nothing else. Put
 * it on NODE_PATH of a child process so that a bundle finds `@aws-sdk/*` but no other package.
 */
export function runtimeModulesDir(workDir: string): string {
  const modules = path.join(workDir, 'runtime', 'node_modules');
  if (!fs.existsSync(path.join(modules, '@aws-sdk'))) {
    fs.mkdirSync(modules, { recursive: true });
    fs.symlinkSync(
      path.join(PROJECT_ROOT, 'node_modules', '@aws-sdk'),
      path.join(modules, '@aws-sdk'),
      'dir',
    );
  }
  return modules;
}

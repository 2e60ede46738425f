import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, AssetStaging, Stack } from 'aws-cdk-lib';
import { BotFunction } from '../../infra/constructs/bot-function';
import { functionSpecs } from '../../infra/stack';
import { availableFunctions, PROJECT_ROOT, type StagedBundle } from './bundles';

// The module object itself (not an import namespace copy), so that replacing spawnSync reaches the CDK.
const childProcess: typeof import('node:child_process') = require('node:child_process');

/** Where the metafile of the esbuild run for `entry` (an absolute path) goes. */
function metafileFor(metaDir: string, entry: string): string {
  return path.join(metaDir, `${path.relative(PROJECT_ROOT, entry).replace(/[^\w.-]+/g, '_')}.json`);
}

/**
 * Adds `--metafile` to the esbuild command NodejsFunction runs (local bundling spawns it with spawnSync), so
 * the composition of each bundle comes from the very build that is measured. The metafile changes nothing in
 * the output. Should the CDK run esbuild another way, no metafile appears and the report says so.
 */
function captureMetafiles(metaDir: string): void {
  fs.mkdirSync(metaDir, { recursive: true });
  const original = childProcess.spawnSync;
  const patched = (command: string, args?: readonly string[], options?: object) => {
    const bundleAt = args?.indexOf('--bundle') ?? -1;
    const entry = bundleAt >= 0 ? args?.[bundleAt + 1] : undefined;
    const withMeta = entry && args ? [...args, `--metafile=${metafileFor(metaDir, entry)}`] : args;
    return original(command, withMeta ?? [], options ?? {});
  };
  (childProcess as { spawnSync: unknown }).spawnSync = patched;
}

/**
 * CLI, run by `buildBundlesWithStack` in a child process: `tsx scripts/bench/build-with-stack.ts OUTDIR`.
 * Synthesizes a stack with one `BotFunction` per benchmark bundle (bundling on, so NodejsFunction runs esbuild
 * exactly as for `cdk deploy`) and prints `{ "<bundle name>": { dir, metafile } }` as the last line of stdout.
 */
function main(): void {
  const outdir = process.argv[2];
  if (!outdir) throw new Error('Usage: tsx scripts/bench/build-with-stack.ts OUTDIR');
  const cdkJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const metaDir = path.join(outdir, 'metafiles');
  captureMetafiles(metaDir);
  const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': ['**'] } });
  const stack = new Stack(app, 'Bench');
  const specs = functionSpecs({ stage: 'prod' });
  const built: Record<string, BotFunction> = {};
  for (const fn of availableFunctions()) {
    const spec = specs.find((candidate) => candidate.id === fn.specId);
    if (!spec) throw new Error(`infra/stack.ts declares no function "${fn.specId}"`);
    built[fn.name] = new BotFunction(stack, fn.name, {
      stage: 'prod',
      projectRoot: PROJECT_ROOT,
      entry: path.join(PROJECT_ROOT, fn.entry),
      description: `${spec.description} (benchmark build)`,
      memorySize: spec.memorySize,
      timeout: spec.timeout,
      environment: spec.environment,
      // A baseline reads no data files, so it gets none.
      copyDirectories: fn.baseline ? [] : spec.copyDirectories,
    });
  }
  app.synth();
  const staged: Record<string, StagedBundle> = {};
  for (const fn of availableFunctions()) {
    const construct = built[fn.name];
    const staging = construct?.function.node.findChild('Code').node.findChild('Stage');
    if (!(staging instanceof AssetStaging)) throw new Error(`the code of ${fn.name} is not a staged asset`);
    staged[fn.name] = {
      dir: staging.absoluteStagedPath,
      metafile: metafileFor(metaDir, path.join(PROJECT_ROOT, fn.entry)),
    };
  }
  process.stdout.write(`${JSON.stringify(staged)}\n`);
}

main();

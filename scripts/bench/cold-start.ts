import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { TableNames } from '../../lambdas/config/tables';
import { startBotConnectorStandin } from '../local/bot-connector-standin';
import {
  type BuiltBundle,
  type BundleName,
  PROJECT_ROOT,
  parseChildResult,
  QUIET_SDK_ENV,
  RESULT_MARKER,
  runtimeModulesDir,
} from './bundles';
import type { BenchContext, Measurement, MeasurementResult } from './context';
import { telegramBenchUser, telegramWebhookEvent } from './conversation';
import {
  attributeProfile,
  type CpuProfile,
  describeProfile,
  type ProfileParts,
  type SourceMap,
} from './cpu-profile';
import { telegramBundleEnv } from './environment';
import { type Figure, median } from './report';

const run = promisify(execFile);

/** Fresh processes per bundle (the median of an odd number is one of the measured values). */
export const COLD_STARTS_PER_BUNDLE = 15;

/** Starts per bundle under the CPU profiler, for the breakdown (not timed). */
const PROFILED_STARTS = 3;

/** Budgets: the real bundle's cold start as a share of its baseline's. */
export const COLD_START_BUDGETS: Record<'telegram' | 'teams', number> = { telegram: 0.6, teams: 0.8 };

/**
 * The child process: requires the bundle as Lambda's runtime does, calls `handler` once, reports its timings
 * and exits (keep-alive sockets would otherwise hold it open; Lambda freezes the process instead). Requires of
 * `@aws-sdk/*` made by the bundle itself are timed separately: the runtime provides the SDK, but loading it is
 * part of the cold start.
 */
const RUNNER = `
const Module = require('module');
const [bundle, eventJson] = process.argv.slice(1);
let sdkMs = 0;
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (!request.startsWith('@aws-sdk/') || !parent || parent.filename !== bundle) return load.apply(this, arguments);
  const started = performance.now();
  try { return load.apply(this, arguments); } finally { sdkMs += performance.now() - started; }
};
const cpu = process.cpuUsage();
const started = performance.now();
const { handler } = require(bundle);
const loaded = performance.now();
handler(JSON.parse(eventJson)).then((response) => {
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  const result = { bootMs: started, loadMs: loaded - started, firstCallMs: done - loaded, sdkMs,
    cpuMs: (used.user + used.system) / 1000, statusCode: response && response.statusCode };
  process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify(result) + '\\n', () => process.exit(0));
}, (error) => { console.error(error); process.exit(1); });
`;

/** One cold start of one bundle. */
export interface ColdStart {
  /** Node.js start-up before the bundle is required (the same for every bundle; not in `totalMs`). */
  bootMs: number;
  /** Requiring the bundle: evaluating it and the `@aws-sdk/*` modules it requires at the top. */
  loadMs: number;
  /** The first call of `handler`: building the app, then one real turn (DynamoDB and the channel's API). */
  firstCallMs: number;
  /** Of load and first call: time spent in requires of `@aws-sdk/*` made by the bundle. */
  sdkMs: number;
  /** loadMs + firstCallMs: what the user waits for beyond a warm turn. */
  totalMs: number;
  /** CPU time (user + system) of load and first call: less disturbed by other work on the machine. */
  cpuMs: number;
  statusCode: number;
}

/** Runs one fresh `node` process that loads the bundle and handles `event`. */
export async function runColdStart(
  bundle: BuiltBundle,
  event: APIGatewayProxyEventV2,
  env: Record<string, string>,
  runtimeModules: string,
  nodeArgs: string[] = [],
): Promise<ColdStart> {
  const file = path.join(bundle.dir, 'index.js');
  try {
    const { stdout } = await run(process.execPath, [...nodeArgs, '-e', RUNNER, file, JSON.stringify(event)], {
      cwd: bundle.dir,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: runtimeModules,
        // As the stack configures every function (infra/constructs/bot-function.ts).
        NODE_OPTIONS: '--enable-source-maps',
        ...QUIET_SDK_ENV,
        ...env,
      },
      timeout: 60_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    const result = parseChildResult<Omit<ColdStart, 'totalMs'>>(stdout);
    return { ...result, totalMs: result.loadMs + result.firstCallMs };
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new Error(`The ${bundle.name} bundle failed its cold start:\n${failed.stderr ?? failed.message}`, {
      cause: error,
    });
  }
}

/** A Teams message activity from a user in a personal chat, as API Gateway delivers it (no auth header). */
export function teamsMessageEvent(
  serviceUrl: string,
  conversation: string,
  text: string,
): APIGatewayProxyEventV2 {
  const activity = {
    type: 'message',
    id: `bench-${conversation}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: {
      id: `29:bench-user-${conversation}`,
      name: 'Bench',
      aadObjectId: '5f1c2a7e-9d34-4b8a-a6c1-2e7f0d9b3c45',
    },
    conversation: { conversationType: 'personal', tenantId: 'tenant-bench', id: `a:1bench${conversation}` },
    recipient: { id: '28:bench-bot', name: 'Self-help finder' },
    text,
    textFormat: 'plain',
    locale: 'de-DE',
    entities: [{ type: 'clientInfo', locale: 'de-DE', platform: 'Web' }],
    channelData: { tenant: { id: 'tenant-bench' } },
  };
  return {
    version: '2.0',
    routeKey: 'POST /teams/api/messages',
    rawPath: '/teams/api/messages',
    rawQueryString: '',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    requestContext: { http: { method: 'POST', path: '/teams/api/messages' } },
    body: Buffer.from(JSON.stringify(activity)).toString('base64'),
    isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2;
}

/** Reads the one `.cpuprofile` in `dir` and attributes it through the bundle's source map. */
function readProfile(bundle: BuiltBundle, dir: string): ProfileParts {
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return [];
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  const bundleFile = path.join(bundle.dir, 'index.js');
  const map = JSON.parse(fs.readFileSync(`${bundleFile}.map`, 'utf8')) as SourceMap;
  return attributeProfile(profile, bundleFile, map, (source) =>
    path.relative(PROJECT_ROOT, path.resolve(bundle.dir, source)),
  );
}

/** The mean self time per part over several profiles (a part missing from a profile counts as 0 there). */
export function averageProfiles(runs: readonly ProfileParts[]): ProfileParts {
  const total = new Map<string, number>();
  for (const run of runs) for (const { part, ms } of run) total.set(part, (total.get(part) ?? 0) + ms);
  return [...total.entries()]
    .map(([part, ms]) => ({ part, ms: ms / Math.max(runs.length, 1) }))
    .sort((a, b) => b.ms - a.ms);
}

/** Parts where `real` spends more than `baseline`, by how much, largest first. */
export function profileExcess(real: ProfileParts, baseline: ProfileParts): ProfileParts {
  const base = new Map(baseline.map(({ part, ms }) => [part, ms]));
  return real
    .map(({ part, ms }) => ({ part, ms: ms - (base.get(part) ?? 0) }))
    .filter(({ ms }) => ms > 0)
    .sort((a, b) => b.ms - a.ms);
}

function tablesEnv(tables: TableNames): Record<string, string> {
  return {
    SESSIONS_TABLE: tables.sessions,
    DIRECTORY_TABLE: tables.directory,
    REQUESTS_TABLE: tables.requests,
  };
}

interface Pair {
  channel: 'telegram' | 'teams';
  real: BuiltBundle;
  baseline: BuiltBundle;
  /** The baseline's libraries loaded and nothing done (scripts/bench/baseline/*-libraries.ts). */
  floor?: BuiltBundle;
}

function summary(runs: ColdStart[]) {
  return {
    runs: runs.length,
    medianTotalMs: median(runs.map((r) => r.totalMs)),
    medianLoadMs: median(runs.map((r) => r.loadMs)),
    medianFirstCallMs: median(runs.map((r) => r.firstCallMs)),
    medianSdkMs: median(runs.map((r) => r.sdkMs)),
    medianBootMs: median(runs.map((r) => r.bootMs)),
    medianCpuMs: median(runs.map((r) => r.cpuMs)),
  };
}

const ms = (value: number) => `${Math.round(value)} ms`;

/**
 * Cold start: COLD_STARTS_PER_BUNDLE fresh `node` processes per bundle, each loading the bundle and handling one
 * real first message (a new chat's /start, against dynalite and the channel's stand-in), interleaved real /
 * baseline so that drift on the machine affects both alike. The figure is median(real) / median(baseline) of
 * wall-clock time; the CPU time ratio beside it is less disturbed by other work on a shared machine. Then a few
 * starts under the CPU profiler say where the time goes, by package, through the bundles' source maps.
 */
export const coldStart: Measurement = {
  id: 'cold-start',
  title: 'Cold start',
  async run(context: BenchContext): Promise<MeasurementResult> {
    const bundles = await context.bundles();
    const runtimeModules = runtimeModulesDir(context.workDir);
    const tables = await context.env.freshTables({ seed: false });
    const connector = await startBotConnectorStandin();
    try {
      const pairs: Pair[] = (['telegram', 'teams'] as const).flatMap((channel) => {
        const real = bundles.get(channel);
        const baseline = bundles.get(`${channel}-baseline` as BundleName);
        const floor = bundles.get(`${channel}-floor` as BundleName);
        return real && baseline ? [{ channel, real, baseline, ...(floor ? { floor } : {}) }] : [];
      });
      const telegramEnv = telegramBundleEnv(context.env, tables);
      const teamsEnv = {
        DYNAMODB_ENDPOINT: context.env.endpoint,
        AWS_REGION: 'eu-central-1',
        ...tablesEnv(tables),
      };
      let chat = 7_000_000;
      const once = (bundle: BuiltBundle, channel: 'telegram' | 'teams', nodeArgs: string[] = []) => {
        chat += 1;
        return channel === 'telegram'
          ? runColdStart(
              bundle,
              telegramWebhookEvent(telegramBenchUser(chat, 'de').text('/start')),
              telegramEnv,
              runtimeModules,
              nodeArgs,
            )
          : runColdStart(
              bundle,
              teamsMessageEvent(connector.serviceUrl, String(chat), 'start'),
              teamsEnv,
              runtimeModules,
              nodeArgs,
            );
      };

      const runs = new Map<BundleName, ColdStart[]>();
      // One unmeasured start each: fills the file system cache, as a deployed function's code is cached too.
      const measured = (pair: Pair) => [pair.real, pair.baseline, ...(pair.floor ? [pair.floor] : [])];
      for (const pair of pairs) for (const bundle of measured(pair)) await once(bundle, pair.channel);
      for (let i = 0; i < COLD_STARTS_PER_BUNDLE; i++) {
        context.progress(`cold starts ${i + 1}/${COLD_STARTS_PER_BUNDLE}`);
        for (const pair of pairs) {
          const order = measured(pair);
          for (const bundle of i % 2 === 0 ? order : order.reverse()) {
            const result = await once(bundle, pair.channel);
            if (result.statusCode !== 200) {
              throw new Error(`The ${bundle.name} bundle answered ${result.statusCode} to its first message`);
            }
            runs.set(bundle.name, [...(runs.get(bundle.name) ?? []), result]);
          }
        }
      }

      // Where the time goes: PROFILED_STARTS more starts of each bundle under the CPU profiler, averaged.
      const profiles = new Map<BundleName, ProfileParts>();
      for (const pair of pairs) {
        for (const bundle of [pair.real, pair.baseline]) {
          const profiled: ProfileParts[] = [];
          for (let i = 0; i < PROFILED_STARTS; i++) {
            const dir = path.join(context.workDir, 'profiles', bundle.name, String(i));
            await once(bundle, pair.channel, [
              '--cpu-prof',
              '--cpu-prof-interval=100',
              `--cpu-prof-dir=${dir}`,
            ]);
            profiled.push(readProfile(bundle, dir));
          }
          profiles.set(bundle.name, averageProfiles(profiled));
        }
      }

      const figures: Figure[] = [];
      const findings: string[] = [];
      const data: Record<string, unknown> = {};
      for (const pair of pairs) {
        const real = summary(runs.get(pair.real.name) ?? []);
        const baseline = summary(runs.get(pair.baseline.name) ?? []);
        data[pair.real.name] = { ...real, samples: runs.get(pair.real.name) };
        data[pair.baseline.name] = { ...baseline, samples: runs.get(pair.baseline.name) };
        const ratio = real.medianTotalMs / baseline.medianTotalMs;
        const name = pair.channel === 'telegram' ? 'Telegram' : 'Teams';
        figures.push({
          id: `cold-start.${pair.channel}`,
          what: `cold start: ${name} ÷ plain ${pair.channel === 'telegram' ? 'grammY' : 'botbuilder'} + DynamoDB`,
          value: ratio,
          unit: '×',
          budget: { max: COLD_START_BUDGETS[pair.channel] },
          detail:
            `median ${ms(real.medianTotalMs)} vs ${ms(baseline.medianTotalMs)} (load + first message; n=${real.runs}); ` +
            `CPU ${ms(real.medianCpuMs)} vs ${ms(baseline.medianCpuMs)} = ` +
            `${(real.medianCpuMs / baseline.medianCpuMs).toFixed(2)}×`,
        });
        if (pair.floor) {
          const floor = summary(runs.get(pair.floor.name) ?? []);
          data[pair.floor.name] = { ...floor, samples: runs.get(pair.floor.name) };
          const floorRatio = floor.medianTotalMs / baseline.medianTotalMs;
          figures.push({
            id: `cold-start.${pair.channel}.floor`,
            what: `cold start floor: ${name} libraries alone ÷ baseline`,
            value: floorRatio,
            unit: '×',
            detail:
              `median ${ms(floor.medianTotalMs)} vs ${ms(baseline.medianTotalMs)}: ` +
              `${pair.channel === 'telegram' ? 'grammY' : 'botbuilder'} and the DynamoDB client loaded, no request`,
          });
          // At the budget is as good as over it: a real handler adds its requests to the floor.
          if (floorRatio >= COLD_START_BUDGETS[pair.channel]) {
            findings.push(
              `${name} cold-start budget ${COLD_START_BUDGETS[pair.channel]}× is not above the floor of this stack: ` +
                `loading its libraries and answering without a single request already takes ` +
                `${floorRatio.toFixed(2)}× the baseline (${ms(floor.medianTotalMs)}). No handler built on them ` +
                `can meet the budget; ours is ${(real.medianTotalMs / floor.medianTotalMs).toFixed(2)}× the floor.`,
            );
          }
        }
        findings.push(
          `${name} cold start, medians: load ${ms(real.medianLoadMs)} (of which @aws-sdk requires ` +
            `${ms(real.medianSdkMs)}) + first call ${ms(real.medianFirstCallMs)}; baseline load ` +
            `${ms(baseline.medianLoadMs)} (@aws-sdk ${ms(baseline.medianSdkMs)}) + first call ` +
            `${ms(baseline.medianFirstCallMs)}. Node.js start-up before the require, ${ms(real.medianBootMs)}, ` +
            'is the same for both and not counted.',
        );
        const realProfile = profiles.get(pair.real.name) ?? [];
        const baselineProfile = profiles.get(pair.baseline.name) ?? [];
        data[`${pair.real.name}.profile`] = realProfile;
        data[`${pair.baseline.name}.profile`] = baselineProfile;
        findings.push(
          `${name} cold start, CPU profile (self time, mean of ${PROFILED_STARTS} starts, 0.1 ms sampling; the profiler slows it): ` +
            `${describeProfile(realProfile, 9)}. Baseline: ${describeProfile(baselineProfile, 6)}. ` +
            `More than the baseline: ${describeProfile(profileExcess(realProfile, baselineProfile), 6)}.`,
        );
      }
      return { figures, findings, data };
    } finally {
      await connector.close();
    }
  },
};

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseChildResult, QUIET_SDK_ENV, RESULT_MARKER, runtimeModulesDir } from './bundles';
import type { Measurement, MeasurementResult } from './context';
import {
  playConversation,
  replayUpdates,
  SCRIPT,
  telegramBenchUser,
  telegramWebhookEvent,
} from './conversation';
import { telegramBundleEnv } from './environment';
import { inProcessTelegram } from './telegram-app';

const run = promisify(execFile);

/** Budget: peak resident memory of one process over MEMORY_TURNS turns, in MB (1 MB = 1,048,576 bytes). */
export const MEMORY_BUDGET_MB = 200;
/** Turns handled by the one process: MEMORY_CONVERSATIONS × the scripted conversation. */
export const MEMORY_CONVERSATIONS = 100;

/**
 * The child process: requires the bundle like the Lambda runtime, then handles every event in order, one at a
 * time, as one Lambda instance does, and reports its peak resident set size, RSS and heap every 100 turns, and
 * the heap that survives a full garbage collection after the first and after the last turn (a leak shows as
 * growth there). Those two collections are the only ones forced; they cannot raise the peak.
 */
const RUNNER = `
const fs = require('fs');
const [bundle, eventsFile] = process.argv.slice(1);
const { handler } = require(bundle);
const events = JSON.parse(fs.readFileSync(eventsFile, 'utf8'));
(async () => {
  let failed = 0;
  let retainedAfterFirst = 0;
  const samples = [];
  for (let i = 0; i < events.length; i++) {
    const response = await handler(events[i]);
    if (!response || response.statusCode !== 200) failed++;
    if (i === 0) {
      global.gc();
      retainedAfterFirst = process.memoryUsage().heapUsed;
    }
    if ((i + 1) % 100 === 0) samples.push({ turns: i + 1, rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
  }
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const finalRssBytes = process.memoryUsage().rss;
  global.gc();
  const result = { turns: events.length, failed, peakRssBytes, finalRssBytes, samples,
    retainedHeapAfterFirstBytes: retainedAfterFirst, retainedHeapAtEndBytes: process.memoryUsage().heapUsed };
  process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify(result) + '\\n', () => process.exit(0));
})().catch((error) => { console.error(error); process.exit(1); });
`;

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/**
 * Memory: the deployed Telegram bundle in one fresh `node` process handles MEMORY_CONVERSATIONS scripted
 * conversations (1,000 turns) against dynalite and the Bot API stand-in in this process; the figure is the
 * child's peak RSS (`process.resourceUsage().maxRSS`), which is what Lambda's "Max Memory Used" reports.
 */
export const memory: Measurement = {
  id: 'memory',
  title: 'Memory',
  async run(context): Promise<MeasurementResult> {
    const bundles = await context.bundles();
    const bundle = bundles.get('telegram');
    if (!bundle) throw new Error('The Telegram bundle was not built');
    const tables = await context.env.freshTables();

    // One conversation in this process gives the updates (the detail step needs a group id the bot showed).
    const client = context.env.newClient();
    const reference = await playConversation(
      telegramBenchUser(8_300_000, 'de'),
      inProcessTelegram(context.env, tables, client).post,
      context.env.standin,
    );
    client.destroy();
    const events = [];
    for (let c = 1; c <= MEMORY_CONVERSATIONS; c++) {
      for (const update of replayUpdates(telegramBenchUser(8_300_000 + c, 'de'), reference)) {
        events.push(telegramWebhookEvent(update));
      }
    }
    const eventsFile = path.join(context.workDir, 'memory-events.json');
    fs.writeFileSync(eventsFile, JSON.stringify(events));

    context.progress(`memory: ${events.length} turns in one process`);
    context.env.standin.reset();
    let stdout: string;
    try {
      ({ stdout } = await run(
        process.execPath,
        ['-e', RUNNER, path.join(bundle.dir, 'index.js'), eventsFile],
        {
          cwd: bundle.dir,
          env: {
            PATH: process.env.PATH ?? '',
            NODE_PATH: runtimeModulesDir(context.workDir),
            NODE_OPTIONS: '--enable-source-maps --expose-gc',
            ...QUIET_SDK_ENV,
            ...telegramBundleEnv(context.env, tables),
          },
          timeout: 600_000,
          maxBuffer: 256 * 1024 * 1024,
        },
      ));
    } catch (error) {
      const failed = error as { stderr?: string; message: string };
      throw new Error(`The memory run of the Telegram bundle failed:\n${failed.stderr ?? failed.message}`, {
        cause: error,
      });
    }
    const result = parseChildResult<{
      turns: number;
      failed: number;
      peakRssBytes: number;
      finalRssBytes: number;
      samples: { turns: number; rss: number; heapUsed: number }[];
      retainedHeapAfterFirstBytes: number;
      retainedHeapAtEndBytes: number;
    }>(stdout);
    if (result.failed > 0) throw new Error(`${result.failed} of ${result.turns} turns did not answer 200`);
    const refused = context.env.standin.calls.filter((call) => !call.response.ok).length;
    if (refused > 0) throw new Error(`The Bot API stand-in refused ${refused} calls of the memory run`);
    return {
      figures: [
        {
          id: 'memory.telegram.peak-rss',
          what: `memory: peak RSS over ${result.turns.toLocaleString('en-US')} turns (Telegram bundle)`,
          value: result.peakRssBytes / MB,
          unit: 'MB',
          budget: { max: MEMORY_BUDGET_MB },
          detail:
            `heap after GC: ${mb(result.retainedHeapAfterFirstBytes)} after turn 1, ` +
            `${mb(result.retainedHeapAtEndBytes)} after turn ${result.turns}`,
        },
      ],
      findings: [
        `Memory of the Telegram bundle over ${result.turns} turns, RSS / heap in use every 100 turns: ` +
          result.samples.map((s) => `${s.turns}: ${mb(s.rss)} / ${mb(s.heapUsed)}`).join(' · ') +
          `. Heap that survives a full GC: ${mb(result.retainedHeapAfterFirstBytes)} after the first turn, ` +
          `${mb(result.retainedHeapAtEndBytes)} after the last.`,
      ],
      data: { ...result, script: SCRIPT.map((step) => step.label) },
    };
  },
};

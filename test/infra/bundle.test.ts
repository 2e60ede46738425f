import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { App, AssetStaging, Stack } from 'aws-cdk-lib';
import { BotFunction } from '../../infra/constructs/bot-function';
import { functionSpecs } from '../../infra/stack';
import type { TableNames } from '../../lambdas/config/tables';
import { startTelegramApiStandin, type TelegramApiStandin } from '../../scripts/local/telegram-api-standin';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { apiGatewayEvent, telegramUser } from '../support/telegram-harness';
import { PROJECT_ROOT, testContext } from './support';

const run = promisify(execFile);
const WEBHOOK_SECRET = 'bundle-test-secret-0123456789';

/**
 * Runs a bundle the way Lambda does: a fresh Node process that requires `index.js` from the bundle folder and
 * calls `handler` once per event (one cold start, then warm calls). Like the Lambda runtime, it offers the AWS
 * SDK (`@aws-sdk/*`) and nothing else, so a dependency the bundle forgot fails here.
 */
const RUNNER = `
const { handler } = require(process.argv[1]);
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const results = [];
  for (const event of JSON.parse(input)) results.push(await handler(event));
  // stdout carries the function's logs, so the results go to a file of their own.
  require('node:fs').writeFileSync(process.argv[2], JSON.stringify(results));
  // Lambda freezes the process after each call; here keep-alive sockets would hold it open, so leave.
  process.exit(0);
});
`;

let workDir: string;
let bundleDir: string;
let runtimeModules: string;
let dynamo: TestDynamo;
let tables: TableNames;
let standin: TelegramApiStandin;

/** Builds the Telegram function exactly as the stack does (same construct, same spec) with esbuild. */
function bundleTelegramFunction(outdir: string): string {
  const spec = functionSpecs({ stage: 'dev' }).find((candidate) => candidate.id === 'Telegram');
  if (!spec) throw new Error('infra/stack.ts declares no Telegram function');
  const context = testContext();
  delete context['aws:cdk:bundling-stacks'];
  const app = new App({ outdir, context });
  const stack = new Stack(app, 'BundleTest');
  const fn = new BotFunction(stack, spec.id, {
    stage: 'dev',
    projectRoot: PROJECT_ROOT,
    entry: path.join(PROJECT_ROOT, 'lambdas', spec.file),
    description: spec.description,
    memorySize: spec.memorySize,
    timeout: spec.timeout,
    environment: spec.environment,
    copyDirectories: spec.copyDirectories,
  });
  app.synth();
  const staging = fn.function.node.findChild('Code').node.findChild('Stage');
  if (!(staging instanceof AssetStaging)) throw new Error('the function code is not a staged asset');
  return staging.absoluteStagedPath;
}

async function invoke(events: unknown[]): Promise<Array<{ statusCode: number; body?: string }>> {
  const resultsFile = path.join(workDir, `results-${Date.now()}.json`);
  const child = run(process.execPath, ['-e', RUNNER, path.join(bundleDir, 'index.js'), resultsFile], {
    cwd: bundleDir,
    env: {
      PATH: process.env.PATH,
      NODE_PATH: runtimeModules,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_REGION: 'eu-central-1',
      AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SESSIONS_TABLE: tables.sessions,
      DIRECTORY_TABLE: tables.directory,
      REQUESTS_TABLE: tables.requests,
      // Locally the credentials come from the environment; in AWS the same code reads TELEGRAM_SECRET_ARN.
      TELEGRAM_BOT_TOKEN: '123456:BUNDLE-TEST',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_BOT_INFO: JSON.stringify(standin.botInfo),
      TELEGRAM_API_ROOT: standin.url,
    },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 30_000,
  });
  child.child.stdin?.end(JSON.stringify(events));
  await child.catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`The bundle failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}\n${error.message}`);
  });
  return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-test-'));
  bundleDir = bundleTelegramFunction(path.join(workDir, 'cdk.out'));
  // What the Lambda runtime provides: the AWS SDK v3, and only that.
  runtimeModules = path.join(workDir, 'runtime', 'node_modules');
  fs.mkdirSync(runtimeModules, { recursive: true });
  fs.symlinkSync(
    path.join(PROJECT_ROOT, 'node_modules', '@aws-sdk'),
    path.join(runtimeModules, '@aws-sdk'),
    'dir',
  );

  dynamo = await startTestDynamo();
  tables = await dynamo.freshTables();
  standin = await startTelegramApiStandin();
}, 120_000);

afterAll(async () => {
  await standin?.close();
  await dynamo?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('bundles the Telegram handler with its source map and the gazetteer beside it', () => {
  expect(fs.readdirSync(bundleDir).sort()).toEqual(['gazetteer', 'index.js', 'index.js.map', 'locales']);
  expect(fs.existsSync(path.join(bundleDir, 'locales', 'ar', 'translation.json'))).toBe(true);
  expect(fs.readdirSync(path.join(bundleDir, 'gazetteer'))).toEqual(
    expect.arrayContaining(['postcodes-de.tsv', 'places-de.tsv']),
  );
});

test('answers webhook updates from the bundle, saving the session and replying through the Bot API', async () => {
  const user = telegramUser(424242, 'de');
  const results = await invoke([
    apiGatewayEvent(JSON.stringify(user.text('/start')), WEBHOOK_SECRET),
    apiGatewayEvent(JSON.stringify(user.text('10115')), WEBHOOK_SECRET),
    apiGatewayEvent(JSON.stringify(user.text('/start')), 'wrong-secret'),
  ]);

  expect(results.map((result) => result.statusCode)).toEqual([200, 200, 401]);
  expect(standin.sentMessages(424242).length).toBeGreaterThan(0);
  const sessions = await dynamo.client.send(new ScanCommand({ TableName: tables.sessions }));
  expect(sessions.Count).toBe(1);
});

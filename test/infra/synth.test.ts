import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './support';

const run = promisify(execFile);
const CDK_CLI = path.join(PROJECT_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

let outdir: string;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-synth-'));
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/**
 * `cdk synth` exactly as an operator runs it: the real CLI, cdk.json, esbuild bundling of the real handlers and
 * cdk-nag. Offline: no version check, no notices, no instance metadata lookups.
 */
test('synthesizes the app offline with real bundles and no cdk-nag finding', async () => {
  const { stderr } = await run(
    process.execPath,
    [CDK_CLI, 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', outdir],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_EC2_METADATA_DISABLED: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`cdk synth failed:\n${error.stderr ?? ''}\n${error.stdout ?? ''}\n${error.message}`);
  });
  expect(stderr).not.toMatch(/AwsSolutions-/);

  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'SelfHelpBot-dev.template.json'), 'utf8'));
  const telegram = Object.entries<{ Type: string; Metadata?: Record<string, string> }>(
    template.Resources,
  ).find(([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith('TelegramFunction'));
  const assetPath = telegram?.[1].Metadata?.['aws:asset:path'];
  expect(assetPath).toBeDefined();

  // The bundle is what runs in Lambda: minified code, its source map, and the gazetteer beside it.
  const bundle = fs.readdirSync(path.join(outdir, String(assetPath))).sort();
  expect(bundle).toEqual(['gazetteer', 'index.js', 'index.js.map', 'locales']);
  expect(fs.readdirSync(path.join(outdir, String(assetPath), 'gazetteer')).length).toBeGreaterThan(0);
}, 180_000);

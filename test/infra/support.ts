import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createApp } from '../../infra/app';

/** The repository root (holds cdk.json and package-lock.json). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Stand-ins for the handler files: the infrastructure tests never bundle or run them. */
export const FIXTURE_LAMBDAS = path.join(__dirname, 'fixtures', 'lambdas');

/** A `getMe` result as the app expects it in `-c telegramBotInfo=…`. */
export const BOT_INFO = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Self-help finder',
  username: 'selfhelp_finder_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

/**
 * The context of cdk.json (feature flags, so tests see what `cdk synth` sees) plus `extra`, with bundling
 * switched off: esbuild does not run in these tests.
 */
export function testContext(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const cdkJson: { context: Record<string, unknown> } = JSON.parse(
    fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8'),
  );
  return { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...extra };
}

/** One temporary folder per test file for the cloud assemblies, removed when the file is done. */
let assemblies: string | undefined;
afterAll(() => {
  if (assemblies) fs.rmSync(assemblies, { recursive: true, force: true });
  assemblies = undefined;
});

/** A fresh output folder for one synth (the CDK would otherwise leave one in the temp folder per synth). */
export function testOutdir(): string {
  assemblies ??= fs.mkdtempSync(path.join(os.tmpdir(), 'infra-test-'));
  return fs.mkdtempSync(path.join(assemblies, 'cdk.out-'));
}

/** A bare stack to test one construct in. */
export function bareStack(): Stack {
  return new Stack(new App({ context: testContext(), outdir: testOutdir() }), 'Test');
}

/** The whole app, as `cdk synth` builds it (cdk-nag included), with stand-in handlers. */
export function synthApp(context: Record<string, unknown> = {}) {
  const { app, stack } = createApp({
    context: testContext(context),
    lambdasDir: FIXTURE_LAMBDAS,
    outdir: testOutdir(),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The prod context that passes validation. */
export const PROD_CONTEXT = {
  stage: 'prod',
  alarmEmail: 'alarms@example.org',
  telegramBotInfo: JSON.stringify(BOT_INFO),
};

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (!(child instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(child);
}

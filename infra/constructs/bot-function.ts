import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type Stage, stageDefaults } from './stage';
import type { AppTable } from './tables';

/**
 * The Lambda runtime of every function. Node.js 22 is an LTS line that Lambda supports until 2027; the esbuild
 * target below follows it. To move to Node.js 24, change both and drop the `AwsSolutions-L1` acknowledgement.
 */
export const BOT_RUNTIME = lambda.Runtime.NODEJS_22_X;
const ESBUILD_TARGET = 'node22';

/** What a function may do with a table. `read` includes queries on the table's indexes. */
export type TableAction = 'read' | 'write' | 'delete';

/** A directory of the repository that a handler reads at run time, copied next to its bundle. */
export interface CopiedDirectory {
  /** Relative to the project root, e.g. `data/gazetteer`. */
  readonly from: string;
  /** Relative to the bundle directory, e.g. `gazetteer` (the handler reads `path.join(__dirname, 'gazetteer')`). */
  readonly to: string;
}

export interface BotFunctionProps {
  readonly stage: Stage;
  /** Absolute path of the repository root (holds package-lock.json; esbuild resolves from here). */
  readonly projectRoot: string;
  /** Absolute path of the handler file; it must export `handler`. */
  readonly entry: string;
  readonly description: string;
  /** In MB; every function states why it picked its size. */
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment?: Readonly<Record<string, string>>;
  readonly copyDirectories?: readonly CopiedDirectory[];
}

/**
 * One Lambda function with this project's defaults, so that every handler is built and run the same way:
 * Node.js LTS on ARM64 (about 20% cheaper per GB-second than x86 and no slower for this I/O-bound work),
 * an esbuild bundle that is minified with source maps (`--enable-source-maps` turns stack traces back into
 * TypeScript lines), the AWS SDK v3 left to the runtime (smaller bundle, faster cold start), structured JSON
 * logs into a log group of its own with a retention, and a role of its own that starts with nothing but
 * writing to that log group (no `AWSLambdaBasicExecutionRole`, which would allow every log group).
 *
 * Access is added with `bindTable`, `bindSecret` and `allowPutMetricData`, each of which also tells the handler
 * where to find the resource.
 *
 * @example
 * const telegram = new BotFunction(this, 'Telegram', { stage, projectRoot, entry, description: '…',
 *   memorySize: 512, timeout: Duration.seconds(10) });
 * telegram.bindTable(tables.sessions, ['read', 'write', 'delete']);
 */
export class BotFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BotFunctionProps) {
    super(scope, id);
    const { removalPolicy, logRetention } = stageDefaults(props.stage);

    if (!fs.existsSync(props.entry)) {
      throw new Error(
        `${path.relative(props.projectRoot, props.entry)} does not exist. The stack deploys a function "${id}" ` +
          'from it (see functionSpecs in infra/stack.ts): create the handler file, or remove its entry there.',
      );
    }
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logRetention, removalPolicy });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${id}: its log group, and what bindTable/bindSecret added`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      description: props.description,
      runtime: BOT_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2:
        props.stage === 'prod' ? lambda.ApplicationLogLevel.INFO : lambda.ApplicationLogLevel.DEBUG,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        STAGE: props.stage,
        ...props.environment,
      },
      bundling: {
        minify: true,
        // grammY imports node-fetch and abort-controller on Node; Node 22 has both built in. The shims keep
        // ~300 KB (node-fetch's URL parser) out of the bundle, and with them node-fetch's check of an
        // AbortSignal's class name, which broke under minified names.
        esbuildArgs: {
          '--alias:node-fetch': './lambdas/shims/node-fetch.ts',
          '--alias:abort-controller': './lambdas/shims/abort-controller.ts',
        },
        sourceMap: true,
        // Stack traces need names and lines, not the sources: keeps the bundle (and cold start) small.
        sourcesContent: false,
        target: ESBUILD_TARGET,
        // CommonJS, because handlers locate their data files with `__dirname`.
        format: OutputFormat.CJS,
        charset: Charset.UTF8,
        externalModules: ['@aws-sdk/*'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) =>
            (props.copyDirectories ?? []).map((dir) =>
              copyDirectoryCommand(path.join(inputDir, dir.from), path.join(outputDir, dir.to), dir.from),
            ),
        },
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is a deliberate pin (see BOT_RUNTIME): an LTS line that Lambda supports until 2027. Moving ' +
        'to a newer runtime is a one-line change to be made on purpose and tested, not a side effect of a CDK ' +
        'upgrade that adds a runtime to its list.',
    });
  }

  /**
   * Lets the function use a table for exactly the given actions, and sets the variable that names the table.
   * There is deliberately no Scan: no user path may read a whole table.
   */
  public bindTable(
    appTable: AppTable,
    access: readonly TableAction[],
    /** Writes and deletes only in these partitions (IAM `dynamodb:LeadingKeys`); reads stay table-wide. */
    options: { writeOnlyPartitions?: readonly string[] } = {},
  ): this {
    const { table, envName, indexNames } = appTable;
    this.function.addEnvironment(envName, table.tableName);
    const actions = tableActions(access);
    if (actions.length === 0) return this;
    const partitions = options.writeOnlyPartitions;
    if (partitions) {
      const reads = tableActions(access.filter((a) => a === 'read'));
      const writes = tableActions(access.filter((a) => a !== 'read'));
      if (reads.length > 0)
        this.role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: reads, resources: [table.tableArn] }),
        );
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: writes,
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...partitions] } },
        }),
      );
    } else this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
    if (access.includes('read') && indexNames.length > 0) {
      // Indexes can only be queried; each is named, so no `index/*` wildcard.
      const resources = indexNames.map((name) => `${table.tableArn}/index/${name}`);
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources }));
    }
    return this;
  }

  /**
   * Lets the function read one secret and passes its ARN (never its value) in `envName`; the handler reads the
   * value once per cold start (lambdas/config/secrets.ts).
   */
  public bindSecret(secret: secretsmanager.ISecret, envName: string): this {
    this.function.addEnvironment(envName, secret.secretArn);
    secret.grantRead(this.role);
    return this;
  }

  /**
   * Lets the function publish custom metrics into one namespace (`cloudwatch:PutMetricData` has no resource
   * ARNs; the namespace condition is the narrowest scope IAM offers). Metrics written as Embedded Metric Format
   * log lines need no permission at all.
   */
  public allowPutMetricData(namespace: string): this {
    this.function.addEnvironment('METRICS_NAMESPACE', namespace);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
      }),
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `cloudwatch:PutMetricData has no resource-level permissions; the condition limits it to the ${namespace} namespace.`,
    });
    return this;
  }
}

/** The IAM actions behind each table action, in a stable order. */
export function tableActions(access: readonly TableAction[]): string[] {
  const actions: string[] = [];
  if (access.includes('read')) actions.push('dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query');
  if (access.includes('write')) actions.push('dynamodb:PutItem', 'dynamodb:UpdateItem');
  if (access.includes('delete')) actions.push('dynamodb:DeleteItem');
  // No BatchWriteItem: no function writes in batches (only the import, which runs with the operator's rights).
  return actions;
}

/**
 * A shell command that copies a directory and fails the synth with a clear message when it is missing (a
 * bundle without its data would only fail in production). Plain `node`, so it works on Windows as on Unix.
 */
export function copyDirectoryCommand(from: string, to: string, label: string): string {
  const script = [
    "const fs=require('fs');",
    'const [from,to,label]=process.argv.slice(1);',
    'if(!fs.existsSync(from)){',
    "console.error('Bundling failed: '+label+' does not exist. The function reads it at run time, so it is '+",
    "'copied next to the bundle. Create it first (see the README), then synth again.');",
    'process.exit(1);}',
    'fs.cpSync(from,to,{recursive:true});',
  ].join('');
  return `node -e "${script}" "${from}" "${to}" "${label}"`;
}

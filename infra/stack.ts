import * as path from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { STAFF_CHANNELS_PK } from '../lambdas/staff/channels';
import { Alarms, UNCLAIMED_METRIC } from './constructs/alarms';
import { BotFunction, type CopiedDirectory, type TableAction } from './constructs/bot-function';
import { EuRegionOnly } from './constructs/eu-region-rule';
import { BotHttpApi } from './constructs/http-api';
import { RequestsStreamTrigger } from './constructs/notifier';
import { ScheduleTrigger } from './constructs/scheduled';
import { BotSecrets } from './constructs/secrets';
import type { Stage } from './constructs/stage';
import { Tables } from './constructs/tables';

export interface SelfHelpBotStackProps extends StackProps {
  readonly stage: Stage;
  /** Receives the alarms; see Alarms. */
  readonly alarmEmail?: string;
  /** JSON of the bot's `getMe` result (not secret); saves the Telegram function a call per cold start. */
  readonly telegramBotInfo?: string;
  /** Teams team ids whose channels may register as staff channels (STAFF_TEAM_IDS); none when unset. */
  readonly staffTeamIds?: string;
  /** Folder of the handler files; defaults to `<repo>/lambdas`. Tests point it at stubs. */
  readonly lambdasDir?: string;
}

const RWD: TableAction[] = ['read', 'write', 'delete'];
const GAZETTEER: CopiedDirectory = { from: 'data/gazetteer', to: 'gazetteer' };
/** The texts: read per language on first use (lambdas/i18n/locales.ts), not bundled. */
const LOCALES: CopiedDirectory = { from: 'locales', to: 'locales' };

export type Trigger =
  | { kind: 'post'; path: string; output: string; outputDescription: string }
  | { kind: 'requests-stream' }
  | { kind: 'schedule'; every: Duration };

/** One function of the bot: where its code is, what it may touch and what runs it. */
export interface FunctionSpec {
  readonly id: string;
  readonly file: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly tables: Partial<Record<'sessions' | 'directory' | 'requests', TableAction[]>>;
  /** Tables the function may write only in these partitions (IAM `dynamodb:LeadingKeys`). */
  readonly writeOnlyPartitions?: Partial<Record<'sessions' | 'directory' | 'requests', string[]>>;
  readonly secrets: Partial<Record<'telegram' | 'teams', string>>;
  readonly trigger: Trigger;
  readonly copyDirectories?: CopiedDirectory[];
  readonly environment?: Record<string, string>;
  readonly publishesMetrics?: boolean;
}

/**
 * The functions. Memory: 512 MB buys a third of a vCPU, which halves the cold start of a bundle with grammY or
 * botbuilder compared with 128 MB and costs little, since a warm turn takes a few hundred milliseconds.
 * Timeouts: API Gateway cuts every request at 30 s. grammY's webhook timeout (25 s, lambdas/telegram/webhook.ts)
 * must fire before Lambda's, so the handler itself logs and answers 500 and Telegram re-delivers the update
 * (dedupe makes that harmless): hence 28 s. The Bot Framework gives up after 15 s, so Teams stops at 14 s.
 * The background jobs are allowed longer.
 */
export function functionSpecs(props: SelfHelpBotStackProps): FunctionSpec[] {
  return [
    {
      id: 'Telegram',
      file: 'telegram.ts',
      description: 'Telegram webhook: one conversation turn per update',
      memorySize: 512,
      timeout: Duration.seconds(28),
      tables: { sessions: RWD, directory: ['read'], requests: RWD },
      secrets: { telegram: 'TELEGRAM_SECRET_ARN' },
      trigger: {
        kind: 'post',
        path: '/telegram/webhook',
        output: 'TelegramWebhookUrl',
        outputDescription: 'Give this URL to Telegram: npm run telegram:setup',
      },
      copyDirectories: [GAZETTEER, LOCALES],
      environment: props.telegramBotInfo ? { TELEGRAM_BOT_INFO: props.telegramBotInfo } : {},
    },
    {
      id: 'Teams',
      file: 'teams.ts',
      description: 'Microsoft Teams messaging endpoint: user conversations and staff channel actions',
      memorySize: 512,
      timeout: Duration.seconds(14),
      // Directory write: a staff channel registers itself when the bot is added to a team; nothing else.
      tables: { sessions: RWD, directory: ['read', 'write'], requests: RWD },
      writeOnlyPartitions: { directory: [STAFF_CHANNELS_PK] },
      // The Telegram secret too: staff answers to a Telegram user are sent from here.
      secrets: { teams: 'TEAMS_SECRET_ARN', telegram: 'TELEGRAM_SECRET_ARN' },
      environment: {
        ...(props.staffTeamIds ? { STAFF_TEAM_IDS: props.staffTeamIds } : {}),
        // Representatives' referral links name the Telegram bot (lambdas/referrals/links.ts).
        ...(props.telegramBotInfo ? { TELEGRAM_BOT_INFO: props.telegramBotInfo } : {}),
      },
      trigger: {
        kind: 'post',
        path: '/teams/api/messages',
        output: 'TeamsMessagingEndpoint',
        outputDescription: 'Messaging endpoint for the Azure bot registration',
      },
      copyDirectories: [GAZETTEER, LOCALES],
    },
    {
      id: 'Notifier',
      file: 'notifier.ts',
      description:
        'Announces new handoff and referral link requests in the staff channel of the contact point',
      memorySize: 512,
      timeout: Duration.seconds(30),
      tables: { directory: ['read'], requests: ['read', 'write'] },
      secrets: { teams: 'TEAMS_SECRET_ARN' },
      trigger: { kind: 'requests-stream' },
    },
    {
      id: 'Scheduled',
      file: 'scheduled.ts',
      description:
        'Re-announces unclaimed handoff requests, publishes how many there are, posts weekly referral counts',
      memorySize: 256,
      timeout: Duration.seconds(60),
      tables: { directory: ['read'], requests: ['read', 'write'] },
      secrets: { teams: 'TEAMS_SECRET_ARN' },
      trigger: { kind: 'schedule', every: Duration.minutes(15) },
      publishesMetrics: true,
    },
  ];
}

/**
 * The whole bot in one stack, `SelfHelpBot-<stage>`. It only wires: each construct owns one concern.
 */
export class SelfHelpBotStack extends Stack {
  public readonly functions: Record<string, BotFunction> = {};

  constructor(scope: Construct, id: string, props: SelfHelpBotStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const projectRoot = path.resolve(__dirname, '..');
    const lambdasDir = props.lambdasDir ?? path.join(projectRoot, 'lambdas');

    new EuRegionOnly(this, 'EuRegionOnly');
    const tables = new Tables(this, 'Tables', { stage });
    const secrets = new BotSecrets(this, 'Secrets', { stage });
    const api = new BotHttpApi(this, 'Http', { stage });
    const alarms = new Alarms(this, 'Alarms', { stage, alarmEmail: props.alarmEmail, namePrefix: id });

    for (const spec of functionSpecs(props)) {
      const fn = new BotFunction(this, spec.id, {
        stage,
        projectRoot,
        entry: path.join(lambdasDir, spec.file),
        description: spec.description,
        memorySize: spec.memorySize,
        timeout: spec.timeout,
        environment: spec.environment,
        copyDirectories: spec.copyDirectories,
      });
      for (const key of ['sessions', 'directory', 'requests'] as const) {
        const access = spec.tables[key];
        const writeOnlyPartitions = spec.writeOnlyPartitions?.[key];
        if (access) fn.bindTable(tables[key], access, writeOnlyPartitions ? { writeOnlyPartitions } : {});
      }
      for (const key of ['telegram', 'teams'] as const) {
        const envName = spec.secrets[key];
        if (envName) fn.bindSecret(secrets[key], envName);
      }
      if (spec.publishesMetrics) fn.allowPutMetricData(UNCLAIMED_METRIC.namespace);

      const trigger = spec.trigger;
      if (trigger.kind === 'post') {
        const url = api.addPostRoute(trigger.path, fn.function);
        new CfnOutput(this, trigger.output, { value: url, description: trigger.outputDescription });
      } else if (trigger.kind === 'requests-stream') {
        const stream = new RequestsStreamTrigger(this, `${spec.id}Trigger`, {
          fn,
          requests: tables.requests,
        });
        alarms.watchDeadLetterQueue(spec.id, stream.deadLetterQueue);
      } else {
        new ScheduleTrigger(this, `${spec.id}Trigger`, {
          fn,
          every: trigger.every,
          description: spec.description,
        });
      }
      alarms.watchFunction(spec.id, fn.function);
      this.functions[spec.id] = fn;
    }
    alarms.watchHttpApi(api.api);
    alarms.watchUnclaimedRequests();

    new CfnOutput(this, 'TelegramSecretArn', {
      value: secrets.telegram.secretArn,
      description: 'Put the bot token here (aws secretsmanager put-secret-value, see README)',
    });
    new CfnOutput(this, 'TeamsSecretArn', {
      value: secrets.teams.secretArn,
      description: 'Put the Azure bot credentials here (see README)',
    });
    for (const { table, envName, label } of tables.all) {
      new CfnOutput(this, `${label}TableName`, {
        value: table.tableName,
        description: `${envName} for npm run import`,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}

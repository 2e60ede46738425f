import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as z from 'zod';
import { STAGES } from './constructs/stage';
import { SelfHelpBotStack } from './stack';

/** The part of Telegram's `getMe` answer that grammY needs as `botInfo`; more fields are kept as they are. */
export const TelegramBotInfoSchema = z.looseObject({
  id: z.number().int(),
  is_bot: z.literal(true),
  first_name: z.string().min(1),
  username: z.string().min(1),
});

/**
 * The CDK context this app understands (`-c key=value`, or `context` in cdk.json / cdk.context.json).
 * - `stage`: `dev` (default) or `prod`;
 * - `alarmEmail`: where alarms go; required for prod, because an unwatched bot fails silently;
 * - `telegramBotInfo`: the JSON of `https://api.telegram.org/bot<token>/getMe` → `result`, as a string or as an
 *   object (in cdk.context.json); required for prod, since the Telegram function needs it to start.
 */
export const AppContextSchema = z
  .object({
    stage: z.enum(STAGES).default('dev'),
    alarmEmail: z.email().optional(),
    /** Comma-separated Teams team ids whose channels may register as staff channels. */
    staffTeamIds: z
      .string()
      .regex(/^[^\s,]+(,[^\s,]+)*$/, 'a comma-separated list of Teams team ids')
      .optional(),
    telegramBotInfo: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        try {
          const parsed = TelegramBotInfoSchema.parse(typeof value === 'string' ? JSON.parse(value) : value);
          return JSON.stringify(parsed);
        } catch {
          ctx.addIssue({
            code: 'custom',
            message:
              'must be the JSON object in "result" of https://api.telegram.org/bot<token>/getMe ' +
              '(with id, is_bot, first_name and username)',
          });
          return z.NEVER;
        }
      }),
  })
  .refine((context) => context.stage !== 'prod' || context.alarmEmail !== undefined, {
    path: ['alarmEmail'],
    message:
      'is required for prod: add -c alarmEmail=you@example.org so that someone hears when the bot breaks',
  })
  .refine((context) => context.stage !== 'prod' || context.telegramBotInfo !== undefined, {
    path: ['telegramBotInfo'],
    message:
      'is required for prod, since the Telegram function cannot start without it: add ' +
      '-c telegramBotInfo=\'{"id":…,"is_bot":true,"first_name":"…","username":"…"}\' (the "result" of ' +
      'https://api.telegram.org/bot<token>/getMe)',
  });

export type AppContext = z.infer<typeof AppContextSchema>;

export interface CreateAppOptions {
  /** Context for tests; the CDK CLI passes cdk.json and `-c` values itself. */
  readonly context?: Record<string, unknown>;
  /** See SelfHelpBotStackProps.lambdasDir. */
  readonly lambdasDir?: string;
  /** Where tests synthesize to; the CDK CLI chooses it itself. */
  readonly outdir?: string;
}

/** Reads and validates the context; the error names the key and says how to fix it. */
export function readContext(app: App): AppContext {
  const raw = {
    stage: app.node.tryGetContext('stage'),
    alarmEmail: app.node.tryGetContext('alarmEmail'),
    staffTeamIds: app.node.tryGetContext('staffTeamIds'),
    telegramBotInfo: app.node.tryGetContext('telegramBotInfo'),
  };
  const parsed = AppContextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `-c ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid CDK context.\n  ${problems.join('\n  ')}`, { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * Builds the app: one stack `SelfHelpBot-<stage>`, checked by cdk-nag's AWS Solutions rules on every synth
 * (an unacknowledged finding fails the synth; each acknowledgement in the constructs says why).
 */
export function createApp(options: CreateAppOptions = {}) {
  const app = new App({ context: options.context, outdir: options.outdir });
  const context = readContext(app);
  const stack = new SelfHelpBotStack(app, `SelfHelpBot-${context.stage}`, {
    stage: context.stage,
    alarmEmail: context.alarmEmail,
    staffTeamIds: context.staffTeamIds,
    telegramBotInfo: context.telegramBotInfo,
    lambdasDir: options.lambdasDir,
    description: `Self-help group bot for refugees and migrants (${context.stage})`,
    // Deploys into the account and region of the current AWS credentials (CDK_DEFAULT_*); synth needs none.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Tags.of(app).add('project', 'selfhelp-bot');
  Tags.of(app).add('stage', context.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, context };
}

if (require.main === module) {
  createApp();
}

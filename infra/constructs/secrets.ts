import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
// The handlers reject this placeholder with instructions, so both sides must agree on it.
import { SECRET_PLACEHOLDER } from '../../lambdas/config/secrets';
import { type Stage, stageDefaults } from './stage';

export interface BotSecretsProps {
  readonly stage: Stage;
}

/**
 * The channel credentials, in Secrets Manager. The stack creates each secret with a placeholder (and a
 * generated random value where the bot itself may choose one); the operator puts the real values in after
 * the first deploy with `aws secretsmanager put-secret-value` (see the README). So no credential ever appears
 * in the template, in the CDK context, in the shell history of a deploy, or in a Lambda environment variable:
 * functions receive the ARN and read the value once per cold start.
 *
 * - Telegram: `{ "botToken": "…", "webhookSecret": "…" }`. The generated `webhookSecret` (letters and digits,
 *   as Telegram's `secret_token` requires) may be kept.
 * - Teams: `{ "appId": "…", "appPassword": "…", "tenantId": "…" }` from the Azure bot registration.
 */
export class BotSecrets extends Construct {
  public readonly telegram: secretsmanager.Secret;
  public readonly teams: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: BotSecretsProps) {
    super(scope, id);
    const { removalPolicy } = stageDefaults(props.stage);

    this.telegram = new secretsmanager.Secret(this, 'Telegram', {
      description:
        'Telegram bot credentials as JSON {"botToken","webhookSecret"}. Fill botToken from @BotFather.',
      removalPolicy,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ botToken: SECRET_PLACEHOLDER }),
        generateStringKey: 'webhookSecret',
        passwordLength: 48,
        excludePunctuation: true,
        includeSpace: false,
      },
    });

    this.teams = new secretsmanager.Secret(this, 'Teams', {
      description:
        'Microsoft Teams bot credentials as JSON {"appId","appPassword","tenantId"} from the Azure bot registration.',
      removalPolicy,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ appId: SECRET_PLACEHOLDER, tenantId: SECRET_PLACEHOLDER }),
        generateStringKey: 'appPassword',
        passwordLength: 40,
        excludePunctuation: true,
        includeSpace: false,
      },
    });

    for (const secret of [this.telegram, this.teams]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The values are issued by Telegram (@BotFather) and Microsoft Entra ID; Secrets Manager cannot rotate ' +
          'them. The README tells the operator how to replace them by hand (revoke, then put-secret-value).',
      });
    }
  }
}

import { Template } from 'aws-cdk-lib/assertions';
import { BotSecrets } from '../../infra/constructs/secrets';
import { SECRET_PLACEHOLDER } from '../../lambdas/config/secrets';
import { bareStack } from './support';

function secretsIn(stage: 'dev' | 'prod') {
  const stack = bareStack();
  new BotSecrets(stack, 'Secrets', { stage });
  return Template.fromStack(stack);
}

test('creates the Telegram secret with a placeholder token and a generated webhook secret', () => {
  secretsIn('dev').hasResourceProperties('AWS::SecretsManager::Secret', {
    GenerateSecretString: {
      SecretStringTemplate: JSON.stringify({ botToken: SECRET_PLACEHOLDER }),
      GenerateStringKey: 'webhookSecret',
      // Telegram's secret_token allows letters, digits, "_" and "-" only.
      ExcludePunctuation: true,
      IncludeSpace: false,
      PasswordLength: 48,
    },
  });
});

test('creates the Teams secret with placeholders for the values Azure issues', () => {
  secretsIn('dev').hasResourceProperties('AWS::SecretsManager::Secret', {
    GenerateSecretString: {
      SecretStringTemplate: JSON.stringify({ appId: SECRET_PLACEHOLDER, tenantId: SECRET_PLACEHOLDER }),
      GenerateStringKey: 'appPassword',
    },
  });
});

test('never writes a secret value into the template', () => {
  const template = secretsIn('dev');
  template.resourceCountIs('AWS::SecretsManager::Secret', 2);
  for (const secret of Object.values(template.findResources('AWS::SecretsManager::Secret'))) {
    expect(secret.Properties.SecretString).toBeUndefined();
  }
});

test('keeps the secrets of prod when the stack is deleted', () => {
  secretsIn('prod').allResources('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
});

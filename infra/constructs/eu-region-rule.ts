import { Aws, CfnRule, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * AWS regions inside the EU. The bot tells its users that their data is stored in the EU (`privacy.text` in every
 * language). London (eu-west-2) and Zurich (eu-central-2) are not in the EU.
 */
export const EU_REGIONS = [
  'eu-central-1',
  'eu-west-1',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
];

/**
 * A CloudFormation rule that refuses a deployment outside the EU before any resource is made. A rule and not a
 * check at synth time: the CDK CLI reports us-east-1 when no region is configured, and synth must work offline.
 */
export class EuRegionOnly extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new CfnRule(this, 'Rule', {
      assertions: [
        {
          assert: Fn.conditionContains(EU_REGIONS, Aws.REGION),
          assertDescription:
            'Deploy this stack to an EU region (' +
            `${EU_REGIONS.join(', ')}): the bot tells its users that their data is stored in the EU. To deploy ` +
            'elsewhere, change the privacy text in every language first (locales/*/translation.json, privacy.text).',
        },
      ],
    });
  }
}

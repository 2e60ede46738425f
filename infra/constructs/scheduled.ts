import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { BotFunction } from './bot-function';

export interface ScheduleTriggerProps {
  /** The scheduled job; it receives an EventBridge `ScheduledEvent`. */
  readonly fn: BotFunction;
  readonly every: Duration;
  readonly description: string;
}

/**
 * Runs a function at a fixed rate (an EventBridge rule; free for scheduled events). A failed run is retried
 * twice by EventBridge; after that the next run picks up the same work, since the job reads its state from
 * the tables.
 */
export class ScheduleTrigger extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ScheduleTriggerProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: props.description,
      schedule: events.Schedule.rate(props.every),
      targets: [new targets.LambdaFunction(props.fn.function, { retryAttempts: 2 })],
    });
  }
}

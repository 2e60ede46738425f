import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type Stage, stageDefaults } from './stage';

/**
 * Requests per second across the API, and the burst above it. Telegram opens at most 40 connections per bot
 * (`max_connections`), Teams a handful; a real conversation is a few requests a minute. The limit is there so
 * that a flood of fake webhook calls is turned away by API Gateway (cheap) before it reaches Lambda (less cheap),
 * and it keeps the function below the 10 concurrent executions that a new AWS account starts with.
 */
export const API_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

/**
 * Per route, within the API's limit: Telegram delivers up to 40 updates at once; Teams far fewer, so a flood
 * at one route cannot use up the other's share.
 */
export const ROUTE_THROTTLES: Record<string, { rateLimit: number; burstLimit: number }> = {
  '/telegram/webhook': { rateLimit: 15, burstLimit: 40 },
  '/teams/api/messages': { rateLimit: 5, burstLimit: 20 },
};

export interface BotHttpApiProps {
  readonly stage: Stage;
}

/**
 * The public HTTPS endpoint: an API Gateway HTTP API (cheaper and faster than a REST API, and enough here)
 * with one `$default` stage that is throttled and writes JSON access logs. Routes are added with `addRoute`;
 * nothing else is reachable (no `$default` route).
 */
export class BotHttpApi extends Construct {
  public readonly api: apigw.HttpApi;
  public readonly stage: apigw.HttpStage;
  public readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BotHttpApiProps) {
    super(scope, id);
    const { removalPolicy, logRetention } = stageDefaults(props.stage);

    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Webhooks of the self-help group bot (Telegram, Microsoft Teams)',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logRetention, removalPolicy });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        // No query strings, headers or bodies: they carry chat content and the webhook secret.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Telegram and the Bot Framework cannot present IAM, Cognito or JWT-authorizer credentials. Each handler ' +
        'authenticates its caller instead: Telegram by the X-Telegram-Bot-Api-Secret-Token header (compared ' +
        'with the secret in Secrets Manager), Teams by the Bot Framework JWT that botbuilder validates.',
    });
  }

  /**
   * Routes `POST <path>` to a function (payload format 2.0, as the handlers expect) and returns the full URL.
   */
  public addPostRoute(routePath: string, fn: lambda.IFunction): string {
    const id = routePath.replace(/[^A-Za-z0-9]/g, '');
    const routes = this.api.addRoutes({
      path: routePath,
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration(`${id}Integration`, fn),
    });
    const throttle = ROUTE_THROTTLES[routePath];
    if (throttle) {
      const stage = this.stage.node.defaultChild as apigw.CfnStage;
      const settings = (stage.routeSettings ?? {}) as Record<string, unknown>;
      stage.routeSettings = {
        ...settings,
        [`POST ${routePath}`]: {
          ThrottlingRateLimit: throttle.rateLimit,
          ThrottlingBurstLimit: throttle.burstLimit,
        },
      };
      // A route's settings name its key, which must exist before the stage is updated.
      for (const route of routes) stage.node.addDependency(route);
    }
    return `${this.api.apiEndpoint}${routePath}`;
  }
}

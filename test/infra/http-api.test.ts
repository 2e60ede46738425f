import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { API_THROTTLE, BotHttpApi, ROUTE_THROTTLES } from '../../infra/constructs/http-api';
import { bareStack, logicalId } from './support';

function apiWithRoutes() {
  const stack = bareStack();
  const http = new BotHttpApi(stack, 'Http', { stage: 'dev' });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  const url = http.addPostRoute('/telegram/webhook', fn);
  return { stack, http, url, template: Template.fromStack(stack) };
}

test('exposes only the POST routes it is given', () => {
  const { template } = apiWithRoutes();
  template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
  template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /telegram/webhook' });
});

test('passes requests to the function in payload format 2.0', () => {
  const { template } = apiWithRoutes();
  template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
    IntegrationType: 'AWS_PROXY',
    PayloadFormatVersion: '2.0',
  });
});

test('returns the full URL of a route', () => {
  const { stack, http, url } = apiWithRoutes();
  expect(stack.resolve(url)).toEqual({
    'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, http.api), 'ApiEndpoint'] }, '/telegram/webhook']],
  });
});

test('throttles every route of the default stage', () => {
  const { template } = apiWithRoutes();
  template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
  template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    StageName: '$default',
    AutoDeploy: true,
    DefaultRouteSettings: {
      ThrottlingRateLimit: API_THROTTLE.rateLimit,
      ThrottlingBurstLimit: API_THROTTLE.burstLimit,
    },
  });
});

test('gives each webhook route its own, lower limit within the stage-wide one', () => {
  const { template } = apiWithRoutes();
  const limit = ROUTE_THROTTLES['/telegram/webhook'];
  template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    RouteSettings: {
      'POST /telegram/webhook': {
        ThrottlingRateLimit: limit?.rateLimit,
        ThrottlingBurstLimit: limit?.burstLimit,
      },
    },
  });
  for (const route of Object.values(ROUTE_THROTTLES)) {
    expect(route.rateLimit).toBeLessThan(API_THROTTLE.rateLimit);
    expect(route.burstLimit).toBeLessThanOrEqual(API_THROTTLE.burstLimit);
  }
  // The stage waits for the route its settings name.
  const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
  const [routeId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Route'));
  expect(stage?.DependsOn).toContain(routeId);
});

test('writes JSON access logs without headers, query strings or bodies', () => {
  const { stack, http, template } = apiWithRoutes();
  const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
  const settings = stage?.Properties.AccessLogSettings;
  expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(stack, http.accessLogs), 'Arn'] });
  const format = JSON.parse(settings.Format);
  expect(format.requestId).toBe('$context.requestId');
  expect(settings.Format).not.toMatch(/header|querystring|body/i);
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
});

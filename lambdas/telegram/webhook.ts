import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Bot, webhookCallback } from 'grammy';
import * as z from 'zod/mini';
import type { Logger } from '../log/logger';

/** The parts of an API Gateway HTTP API (v2) event the webhook reads. */
export const WebhookEventSchema = z.object({
  headers: z._default(z.record(z.string(), z.optional(z.string())), {}),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
});

/** The minimum of a Telegram update: the rest is read by grammY and the update mapper. */
const UpdateSchema = z.looseObject({ update_id: z.int().check(z.nonnegative()) });

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * The Telegram webhook as a Lambda handler: checks the secret header (401 before anything runs), decodes the
 * body (400 for anything that is not an update), then lets grammY run the bot. An error before the session is
 * saved answers 500, so Telegram delivers the update again.
 */
export function telegramWebhookHandler(bot: Bot, webhookSecret: string, log: Logger) {
  const callback = webhookCallback(bot, 'aws-lambda-async', {
    secretToken: webhookSecret,
    timeoutMilliseconds: 25_000,
  });
  return async (rawEvent: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const parsed = WebhookEventSchema.safeParse(rawEvent);
    if (!parsed.success) return { statusCode: 400, body: 'Not an API Gateway HTTP API event' };
    const event = parsed.data;
    if (event.requestContext.http.method !== 'POST') return { statusCode: 405, body: 'Use POST' };
    const headers = Object.fromEntries(
      Object.entries(event.headers).map(([k, v]) => [k.toLowerCase(), v ?? '']),
    );
    if (!secretMatches(headers[SECRET_HEADER], webhookSecret))
      return { statusCode: 401, body: 'Unauthorized' };

    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    let update: unknown;
    try {
      update = JSON.parse(body);
    } catch {
      return { statusCode: 400, body: 'Body is not JSON' };
    }
    if (!UpdateSchema.safeParse(update).success)
      return { statusCode: 400, body: 'Body is not a Telegram update' };

    try {
      const result: unknown = await callback({ headers, body }, undefined);
      return result as APIGatewayProxyStructuredResultV2;
    } catch (error) {
      log.error('telegram.update_failed', { error: describe(error) });
      return { statusCode: 500, body: 'Update not processed; Telegram will deliver it again' };
    }
  };
}

/** An empty configured secret matches nothing: a webhook without a secret would take updates from anyone. */
function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || expected === '') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Error names and messages only: causes may quote user input, so their text stays out of the logs. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
}

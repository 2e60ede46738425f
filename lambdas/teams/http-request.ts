import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { type TeamsActivity, TeamsActivitySchema } from './activity-to-event';

/** The parts of an API Gateway HTTP API (v2) event the messaging endpoint reads. */
export const MessagingEventSchema = z.object({
  headers: z._default(z.record(z.string(), z.optional(z.string())), {}),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
});

/** A request to `POST /teams/api/messages`, decoded: the Authorization header and the activity. */
export interface MessagingRequest {
  /** `Bearer <JWT>` from the Bot Connector; empty when absent. */
  authorization: string;
  activity: TeamsActivity;
}

export type ReadOutcome =
  | { ok: true; request: MessagingRequest }
  | { ok: false; response: APIGatewayProxyStructuredResultV2 };

/**
 * Decodes the Lambda event: 405 for other methods, 400 for a body that is not a Bot Framework activity.
 * Authentication comes next and needs the parsed activity (its channel and service URL are checked against
 * the token's claims).
 */
/** The largest activity body accepted, in bytes. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export function readMessagingRequest(rawEvent: APIGatewayProxyEventV2): ReadOutcome {
  const parsed = MessagingEventSchema.safeParse(rawEvent);
  if (!parsed.success) return refuse(400, 'Not an API Gateway HTTP API event');
  const event = parsed.data;
  if (event.requestContext.http.method !== 'POST') return refuse(405, 'Use POST');
  const headers = Object.fromEntries(
    Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value ?? '']),
  );
  if ((event.body?.length ?? 0) > MAX_ACTIVITY_BYTES * 1.4) return refuse(413, 'Activity too large');
  const body = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  // Activities are small (files come as links): a large body is refused before any JSON is parsed.
  if (Buffer.byteLength(body) > MAX_ACTIVITY_BYTES) return refuse(413, 'Activity too large');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return refuse(400, 'Body is not JSON');
  }
  const activity = TeamsActivitySchema.safeParse(json);
  if (!activity.success) return refuse(400, 'Body is not a Bot Framework activity');
  return { ok: true, request: { authorization: headers.authorization ?? '', activity: activity.data } };
}

function refuse(statusCode: number, body: string): ReadOutcome {
  return { ok: false, response: { statusCode, body } };
}

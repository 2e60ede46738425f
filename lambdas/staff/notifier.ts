import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import * as z from 'zod/mini';
import { type AnnounceDependencies, announceHandoff, errorFields, refreshCards } from './announce';
import { announceReferral } from './referral-staff';
import { relayFromUser } from './user-relay';

/** The parts of a DynamoDB stream record the notifier reads. */
export const StreamRecordSchema = z.looseObject({
  eventName: z.optional(z.string()),
  dynamodb: z.optional(
    z.looseObject({
      SequenceNumber: z.optional(z.string()),
      NewImage: z.optional(z.record(z.string(), z.unknown())),
    }),
  ),
});

export const StreamEventSchema = z.object({ Records: z._default(z.array(z.unknown()), []) });

const UserMessageSchema = z.looseObject({
  pk: z.string(),
  type: z.literal('user-message'),
  handoffId: z.string(),
  text: z.string(),
});

const CardRefreshSchema = z.looseObject({
  pk: z.string(),
  type: z.literal('card-refresh'),
  handoffId: z.string(),
});

const NewReferralSchema = z.looseObject({
  type: z.literal('referral'),
  code: z.string(),
  state: z.literal('pending'),
});

const NewHandoffSchema = z.looseObject({
  type: z.literal('handoff'),
  id: z.string(),
  status: z.literal('open'),
});

/**
 * The notifier's logic: for each new handoff request in the batch (INSERT, or MODIFY of an open request not
 * announced yet), post its card to the staff channels. On the first failure it stops and reports that record
 * (`batchItemFailures`): Lambda retries from there, and after its retries the stream's dead-letter queue gets
 * the record. A user's message queued for the staff thread (`user-message`) is posted there and deleted; a
 * `card-refresh` (the user withdrew the request) updates the request's cards in place. A representative's new
 * request for a referral code (`referral`, pending) gets its card with Approve and Decline.
 * Other items (relay and thread pointers, founding wishes) are skipped.
 */
export function createNotifier(deps: AnnounceDependencies) {
  return async (rawEvent: unknown): Promise<DynamoDBBatchResponse> => {
    const event = StreamEventSchema.parse(rawEvent);
    for (const raw of event.Records) {
      const record = StreamRecordSchema.safeParse(raw);
      if (!record.success) continue;
      const { eventName, dynamodb } = record.data;
      if ((eventName !== 'INSERT' && eventName !== 'MODIFY') || !dynamodb?.NewImage) continue;
      const image = unmarshall(dynamodb.NewImage as Record<string, AttributeValue>);
      const message = UserMessageSchema.safeParse(image);
      if (eventName === 'INSERT' && message.success) {
        try {
          await relayFromUser(message.data.handoffId, message.data.text, deps);
          await deps.handoffs.deleteQueued(message.data.pk);
        } catch (error) {
          deps.log.error('notifier.relay_failed', { handoff: message.data.handoffId, ...errorFields(error) });
          return { batchItemFailures: [{ itemIdentifier: dynamodb.SequenceNumber ?? '' }] };
        }
        continue;
      }
      const refresh = CardRefreshSchema.safeParse(image);
      if (eventName === 'INSERT' && refresh.success) {
        const current = await deps.handoffs.record(refresh.data.handoffId);
        if (current) await refreshCards(current, deps);
        await deps.handoffs.deleteQueued(refresh.data.pk);
        continue;
      }
      const referral = NewReferralSchema.safeParse(image);
      if (eventName === 'INSERT' && referral.success) {
        if (!deps.referrals) continue;
        try {
          await announceReferral(referral.data.code, { ...deps, store: deps.referrals });
        } catch {
          return { batchItemFailures: [{ itemIdentifier: dynamodb.SequenceNumber ?? '' }] };
        }
        continue;
      }
      const handoff = NewHandoffSchema.safeParse(image);
      if (!handoff.success) continue;
      if (eventName === 'MODIFY' && image.announcedAt !== undefined) continue;
      try {
        await announceHandoff(handoff.data.id, deps);
      } catch (error) {
        deps.log.error('notifier.record_failed', { handoff: handoff.data.id, ...errorFields(error) });
        const itemIdentifier = dynamodb.SequenceNumber ?? '';
        return { batchItemFailures: [{ itemIdentifier }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

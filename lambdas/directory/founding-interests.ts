import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Language } from '../../dialogs/languages';
import type { TopicId } from '../../dialogs/topics';
import type { FoundingInterests, Place } from '../../dialogs/types';
import { asDirectoryError } from './errors';

/** Wishes are kept a year: long enough for staff and volunteers to gather several for one place and topic. */
export const FOUNDING_INTEREST_TTL_DAYS = 365;

export interface DynamoFoundingInterestsOptions {
  client: DynamoDBClient;
  /** The Requests table (pk, GSI `byStatus` on status + createdAt). */
  tableName: string;
  /** Id source, injectable for tests. */
  newId?: () => string;
}

/**
 * Stores wishes to found a new group in the Requests table, where staff list open requests by age (GSI
 * `byStatus`). An item holds only what helps to start a group: concerns, language and a coarse place (the
 * postcode, or a shared location rounded to about 1 km). No chat or user id is ever written, so /delete has
 * nothing to find here and the wish stays useful after the user has left.
 *
 * Item: pk `interest#<uuid>`, type `founding-interest`, status `open`, createdAt (ISO), topics, language,
 * country?, postcode?, lat?/lon? (2 decimals), placeLabel?, expiresAt (epoch seconds, TTL).
 */
export class DynamoFoundingInterests implements FoundingInterests {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly newId: () => string;

  constructor({ client, tableName, newId = randomUUID }: DynamoFoundingInterestsOptions) {
    this.client = client;
    this.tableName = tableName;
    this.newId = newId;
  }

  async register(interest: {
    topics: TopicId[];
    place?: Place;
    language: Language;
    at: string;
    effectKey?: string;
  }): Promise<void> {
    const createdAt = new Date(interest.at);
    if (Number.isNaN(createdAt.getTime())) {
      throw new RangeError(`Founding interest "at" must be an ISO date, got "${interest.at}"`);
    }
    // From the event when there is one: a turn that runs twice for one event stores the wish once.
    const id = interest.effectKey ? `e-${interest.effectKey}` : this.newId();
    const item = {
      pk: `interest#${id}`,
      type: 'founding-interest',
      status: 'open',
      createdAt: createdAt.toISOString(),
      topics: interest.topics,
      language: interest.language,
      ...coarsePlace(interest.place),
      expiresAt: Math.floor(createdAt.getTime() / 1000) + FOUNDING_INTEREST_TTL_DAYS * 24 * 3600,
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          // A repeated uuid would overwrite someone else's wish; failing loudly is better.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Stored already by the first run of this event's turn.
      if (interest.effectKey && error instanceof ConditionalCheckFailedException) return;
      throw asDirectoryError(error, this.tableName);
    }
  }
}

/** The postcode when the user gave one; otherwise the location rounded to 2 decimals (about 1 km). */
function coarsePlace(place: Place | undefined) {
  if (!place) return {};
  const round = (degrees: number) => Math.round(degrees * 100) / 100;
  return place.postcode
    ? { country: place.country, postcode: place.postcode, placeLabel: place.label }
    : { country: place.country, lat: round(place.lat), lon: round(place.lon), placeLabel: place.label };
}

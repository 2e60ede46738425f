import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { STAFF_LANGUAGES, type StaffLanguage } from './staff-texts';

/** The partition that lists every staff channel (Directory table). */
export const STAFF_CHANNELS_PK = 'staff-channels';

/** How the bot reaches a channel proactively: botbuilder's ConversationReference, as Teams gave it. */
export const ChannelReferenceSchema = z.looseObject({
  channelId: z.string(),
  serviceUrl: z.string(),
  conversation: z.looseObject({
    id: z.string(),
    isGroup: z._default(z.boolean(), true),
    conversationType: z._default(z.string(), 'channel'),
    name: z._default(z.string(), ''),
  }),
  bot: z.optional(z.looseObject({ id: z.string(), name: z._default(z.string(), '') })),
});
export type ChannelReference = z.infer<typeof ChannelReferenceSchema>;

/** A registered staff channel. */
export const StaffChannelSchema = z.object({
  /** The channel's conversation id (`19:…@thread.tacv2`), also the sort key. */
  conversationId: z.string(),
  teamId: z.string(),
  /** The team's name, shown to users as the contact point staff answers come from. */
  teamName: z.optional(z.string()),
  tenantId: z.optional(z.string()),
  reference: ChannelReferenceSchema,
  registeredAt: z.string(),
  /** The contact points whose requests this channel receives (staff say "serve <id>"). */
  contactPoints: z.optional(z.array(z.string())),
  /** Receives the requests that no channel serves (no place given, or a contact point without a channel). */
  isDefault: z.optional(z.boolean()),
  /** The language of the bot's texts in this channel (staff say "language de"); unset: the request's country's. */
  language: z.optional(z.enum(STAFF_LANGUAGES)),
});
export type StaffChannel = z.infer<typeof StaffChannelSchema>;

/**
 * The channels a request goes to: those serving its contact point; else the default channels; else every
 * channel (no request may go unseen while no channel is marked default).
 */
export function channelsFor(contactPointId: string | undefined, channels: StaffChannel[]): StaffChannel[] {
  const serving = contactPointId ? channels.filter((c) => c.contactPoints?.includes(contactPointId)) : [];
  if (serving.length > 0) return serving;
  const defaults = channels.filter((c) => c.isDefault);
  return defaults.length > 0 ? defaults : channels;
}

/**
 * Staff channels in the Directory table: pk `staff-channels`, sk `<channel conversation id>`. One partition,
 * so listing them is a single Query (no Scan); there are a handful per deployment.
 */
export class StaffChannels {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  /**
   * Registers (or refreshes) a channel; installing the bot again just updates its reference and keeps what
   * staff set (the contact points it serves, the default mark).
   */
  async register(channel: StaffChannel): Promise<void> {
    const { conversationId, contactPoints: _c, isDefault: _d, language: _l, ...fields } = channel;
    const values = marshall(
      {
        ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`:${k}`, v])),
        ':type': 'staff-channel',
      },
      { removeUndefinedValues: true, convertClassInstanceToMap: true },
    );
    const names = Object.keys(fields).filter((k) => `:${k}` in values);
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: STAFF_CHANNELS_PK, sk: conversationId }),
        UpdateExpression: `SET conversationId = :id, #type = :type, ${names.map((k) => `#${k} = :${k}`).join(', ')}`,
        ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(names.map((k) => [`#${k}`, k])) },
        ExpressionAttributeValues: { ...values, ...marshall({ ':id': conversationId }) },
      }),
    );
  }

  /** The channel from now on also receives the requests of this contact point. */
  async serve(conversationId: string, contactPointId: string): Promise<void> {
    const channel = await this.get(conversationId);
    if (!channel || channel.contactPoints?.includes(contactPointId)) return;
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: STAFF_CHANNELS_PK, sk: conversationId }),
        UpdateExpression: 'SET contactPoints = list_append(if_not_exists(contactPoints, :none), :id)',
        ExpressionAttributeValues: marshall({ ':none': [], ':id': [contactPointId] }),
      }),
    );
  }

  /** The channel from now on receives the requests that no channel serves. */
  async makeDefault(conversationId: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: STAFF_CHANNELS_PK, sk: conversationId }),
        UpdateExpression: 'SET isDefault = :yes',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':yes': true }),
      }),
    );
  }

  /** The bot writes in this language in the channel from now on. */
  async setLanguage(conversationId: string, language: StaffLanguage): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: STAFF_CHANNELS_PK, sk: conversationId }),
        UpdateExpression: 'SET #language = :language',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#language': 'language' },
        ExpressionAttributeValues: marshall({ ':language': language }),
      }),
    );
  }

  async get(conversationId: string): Promise<StaffChannel | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: STAFF_CHANNELS_PK, sk: conversationId }),
      }),
    );
    if (!Item) return undefined;
    const parsed = StaffChannelSchema.safeParse(unmarshall(Item));
    return parsed.success ? parsed.data : undefined;
  }

  /** Every registered channel (one Query of one partition). */
  async list(): Promise<StaffChannel[]> {
    const channels: StaffChannel[] = [];
    let startKey: QueryCommandOutput['LastEvaluatedKey'];
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': STAFF_CHANNELS_PK }),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const parsed = StaffChannelSchema.safeParse(unmarshall(item));
        if (parsed.success) channels.push(parsed.data);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return channels;
  }
}

/** The channel of a conversation id: a thread's id is the channel's with `;messageid=<root>` appended. */
export function splitThreadId(conversationId: string): { channelId: string; rootId?: string } {
  const match = /^(.*);messageid=(\d+)$/.exec(conversationId);
  return match?.[1] && match[2] ? { channelId: match[1], rootId: match[2] } : { channelId: conversationId };
}

import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';

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
});
export type StaffChannel = z.infer<typeof StaffChannelSchema>;

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

  /** Registers (or refreshes) a channel; installing the bot again just updates its reference. */
  async register(channel: StaffChannel): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(
          { pk: STAFF_CHANNELS_PK, sk: channel.conversationId, type: 'staff-channel', ...channel },
          { removeUndefinedValues: true, convertClassInstanceToMap: true },
        ),
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

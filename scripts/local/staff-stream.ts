import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import type { Logger } from '../../lambdas/log/logger';

/** The notifier as the stream calls it (lambdas/staff/notifier.ts `createNotifier`). */
export type StreamConsumer = (event: unknown) => Promise<DynamoDBBatchResponse>;

export interface LocalStream {
  /** Resolves when every record so far has been handled (or has given up). */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * A local stand-in of the Requests table's DynamoDB stream: every new item written with PutItem through this
 * client (the handoff store creates items that way) becomes an INSERT record for the notifier, one at a time,
 * in order. Like Lambda's stream source, a record reported in `batchItemFailures` is retried (here up to
 * `retries` times, without waiting), then dropped with a log line where AWS would put it into the
 * dead-letter queue. Local runs and tests only; in AWS the stack wires the real stream.
 */
export function attachLocalStream(
  client: DynamoDBClient,
  tableName: string,
  consumer: StreamConsumer,
  log: Logger,
  retries = 3,
): LocalStream {
  let queue: Promise<void> = Promise.resolve();
  let sequence = 0;
  let stopped = false;
  const deliver = async (image: Record<string, AttributeValue>) => {
    const record = {
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: { SequenceNumber: String(++sequence), NewImage: image },
    };
    for (let attempt = 0; attempt <= retries && !stopped; attempt++) {
      try {
        const result = await consumer({ Records: [record] });
        if (result.batchItemFailures.length === 0) return;
      } catch {
        // As in Lambda: a thrown error retries the batch.
      }
    }
    log.error('local_stream.dropped', { sequence: record.dynamodb.SequenceNumber });
  };
  const middlewareName = `localStream-${tableName}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as { TableName?: string; Item?: Record<string, AttributeValue> };
      if (
        !stopped &&
        context.commandName === 'PutItemCommand' &&
        input.TableName === tableName &&
        input.Item
      ) {
        const image = input.Item;
        queue = queue.then(() => deliver(image));
      }
      return result;
    },
    { step: 'initialize', name: middlewareName },
  );
  return {
    idle: async () => {
      let current: Promise<void>;
      do {
        current = queue;
        await current;
      } while (current !== queue);
    },
    stop: () => {
      stopped = true;
      client.middlewareStack.remove(middlewareName);
    },
  };
}

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What the meter saw between two `take()` calls. */
export interface RequestTally {
  /** HTTP requests sent to DynamoDB, retries included (`$metadata.attempts`). */
  requests: number;
  /** Requests by operation, e.g. `{ GetItem: 1, PutItem: 1 }`. */
  byOperation: Record<string, number>;
  /** Read capacity units DynamoDB reported (only when the meter asks for consumed capacity). */
  readCapacityUnits: number;
  /** Write capacity units DynamoDB reported (only when the meter asks for consumed capacity). */
  writeCapacityUnits: number;
  /** Items read: `ScannedCount` of queries and scans, 1 per GetItem that found its item, BatchGet responses. */
  itemsRead: number;
  /** Wall-clock time during which at least one `client.send` was in flight (parallel calls overlap). */
  milliseconds: number;
}

/** Options of `RequestMeter`. */
export interface RequestMeterOptions {
  /**
   * Ask DynamoDB for `ReturnConsumedCapacity: TOTAL` on every operation that supports it, so the tally holds
   * capacity units even when the code under test does not ask for them. It changes only what the response
   * carries, not what is read or written.
   */
  consumedCapacity?: boolean;
}

const CAPACITY_OPERATIONS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** The parts of a DynamoDB response the meter reads; every field is optional because operations differ. */
interface MeteredOutput {
  $metadata?: { attempts?: number };
  ConsumedCapacity?: Capacity | Capacity[];
  ScannedCount?: number;
  Item?: unknown;
  Responses?: Record<string, unknown[]>;
}

const READ_OPERATIONS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** `GetItemCommand` → `GetItem`. */
export function operationName(commandName: string | undefined): string {
  return (commandName ?? 'Unknown').replace(/Command$/, '');
}

function emptyTally(): RequestTally {
  return {
    requests: 0,
    byOperation: {},
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    itemsRead: 0,
    milliseconds: 0,
  };
}

/**
 * Counts what a DynamoDB client sends, as an SDK middleware: attach it to the client the handler uses, run a
 * turn, `take()` the tally. One meter per client; counting costs a few object reads per request, so it does
 * not distort latency measurements.
 *
 * @example
 * const meter = new RequestMeter().attach(client);
 * await handler(event);
 * meter.take(); // { requests: 2, byOperation: { GetItem: 1, PutItem: 1 }, ... }
 */
export class RequestMeter {
  private current = emptyTally();
  private readonly options: RequestMeterOptions;
  private inFlight = 0;
  private busySince = 0;

  constructor(options: RequestMeterOptions = {}) {
    this.options = options;
  }

  /** Adds the counting middleware to `client` (once per client) and returns the meter. */
  attach(client: DynamoDBClient): this {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = operationName(context.commandName);
        if (this.options.consumedCapacity && CAPACITY_OPERATIONS.has(operation)) {
          const input = args.input as Record<string, unknown>;
          args = { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } };
        }
        this.begin();
        try {
          const result = await next(args);
          this.record(operation, result.output as MeteredOutput);
          return result;
        } catch (error) {
          this.record(operation, error as MeteredOutput);
          throw error;
        } finally {
          this.end();
        }
      },
      // Initialize wraps the retry middleware, so `$metadata.attempts` holds every HTTP request of one send().
      { step: 'initialize', name: 'benchRequestMeter', override: true },
    );
    return this;
  }

  /** Adds one response (or error) to the tally; exposed for tests of the arithmetic. */
  record(operation: string, output: MeteredOutput | undefined): void {
    const attempts = Math.max(1, output?.$metadata?.attempts ?? 1);
    const tally = this.current;
    tally.requests += attempts;
    tally.byOperation[operation] = (tally.byOperation[operation] ?? 0) + attempts;
    const capacities = output?.ConsumedCapacity;
    for (const capacity of Array.isArray(capacities) ? capacities : capacities ? [capacities] : []) {
      const units = capacity.CapacityUnits ?? 0;
      const read = capacity.ReadCapacityUnits ?? (READ_OPERATIONS.has(operation) ? units : 0);
      const write = capacity.WriteCapacityUnits ?? (READ_OPERATIONS.has(operation) ? 0 : units);
      tally.readCapacityUnits += read;
      tally.writeCapacityUnits += write;
    }
    if (typeof output?.ScannedCount === 'number') tally.itemsRead += output.ScannedCount;
    else if (operation === 'GetItem' && output?.Item) tally.itemsRead += 1;
    else if (output?.Responses) {
      for (const items of Object.values(output.Responses)) tally.itemsRead += items.length;
    }
  }

  /** Marks a request as started; with `end`, measures the time any request was in flight. */
  begin(now = performance.now()): void {
    if (this.inFlight === 0) this.busySince = now;
    this.inFlight += 1;
  }

  /** Marks a request as done. */
  end(now = performance.now()): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.current.milliseconds += now - this.busySince;
  }

  /** The tally since the last `take()` (or since attaching), and a fresh one from now on. */
  take(now = performance.now()): RequestTally {
    const tally = this.current;
    this.current = emptyTally();
    if (this.inFlight > 0) {
      // A request still running: its time so far belongs to this tally, the rest to the next.
      tally.milliseconds += now - this.busySince;
      this.busySince = now;
    }
    return tally;
  }
}

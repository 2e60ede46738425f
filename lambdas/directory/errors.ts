/** Base of the directory's own errors; `tableName` says which table was involved. */
export class DirectoryError extends Error {
  constructor(
    message: string,
    readonly tableName: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DirectoryError';
  }
}

/** The Directory or Requests table does not exist under the configured name. */
export class DirectoryTableNotFoundError extends DirectoryError {
  constructor(tableName: string, options?: ErrorOptions) {
    super(
      `DynamoDB table "${tableName}" does not exist. Locally, set DYNAMODB_ENDPOINT (missing tables are then ` +
        'created); in AWS, deploy the stack or set DIRECTORY_TABLE / REQUESTS_TABLE to the deployed names.',
      tableName,
      options,
    );
    this.name = 'DirectoryTableNotFoundError';
  }
}

/** DynamoDB kept throttling after the SDK's own retries. */
export class DirectoryThrottledError extends DirectoryError {
  constructor(tableName: string, options?: ErrorOptions) {
    super(
      `DynamoDB throttled requests to "${tableName}" after retries. Try again in a minute; for imports, ` +
        'lower the concurrency or raise the table capacity (on-demand tables adapt within minutes).',
      tableName,
      options,
    );
    this.name = 'DirectoryThrottledError';
  }
}

/** A batch write left items unprocessed even after backing off: the directory is partly written. */
export class DirectoryWriteIncompleteError extends DirectoryError {
  constructor(
    tableName: string,
    readonly unprocessed: number,
  ) {
    super(
      `${unprocessed} item(s) could not be written to "${tableName}" after repeated retries. Run the import ` +
        'again: it is idempotent and completes what is missing.',
      tableName,
    );
    this.name = 'DirectoryWriteIncompleteError';
  }
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/**
 * Turns the DynamoDB errors a caller can act on into the errors above and returns anything else unchanged,
 * for `throw asDirectoryError(error, table)` in a catch block.
 */
export function asDirectoryError(error: unknown, tableName: string): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'ResourceNotFoundException')
    return new DirectoryTableNotFoundError(tableName, { cause: error });
  if (THROTTLING.has(error.name)) return new DirectoryThrottledError(tableName, { cause: error });
  return error;
}

/** Another turn saved the same session first; reload and run the turn again. */
export class SessionConflictError extends Error {
  // No chat key in the message or the error: error messages end up in logs.
  constructor() {
    super('The session was changed by a concurrent turn; reload it and run the turn again.');
    this.name = 'SessionConflictError';
  }
}

/** A stored item does not have the shape this code expects (written by another version, or by hand). */
export class CorruptItemError extends Error {
  constructor(
    readonly table: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`An item in ${table} could not be read: ${reason}. Delete the item or migrate it.`, options);
    this.name = 'CorruptItemError';
  }
}

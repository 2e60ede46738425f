/** Another turn saved the same session first; reload and run the turn again. */
export class SessionConflictError extends Error {
  // No chat key in the message or the error: error messages end up in logs.
  constructor() {
    super('The session was changed by a concurrent turn; reload it and run the turn again.');
    this.name = 'SessionConflictError';
  }
}

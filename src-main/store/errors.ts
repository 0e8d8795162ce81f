// Errors the store raises on purpose. Their messages are for the user: they say what is wrong and
// with which file or run, so the CLI and the app can show them as they are.

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** A run or dataset that is not in the store, e.g. "run 42 not found". */
export class NotFoundError extends StoreError {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

// Events for one window, held back until its page has loaded (as electron/fiddle does): a
// message sent earlier would reach a page with no listener yet and be lost.

/** Enough for several seconds of progress events; older ones are dropped first. */
const KEPT = 1000;

export class EventQueue<T> {
  readonly #send: (event: T) => void;
  #pending: T[] | null = [];

  constructor(send: (event: T) => void) {
    this.#send = send;
  }

  push(event: T): void {
    if (this.#pending === null) return this.#send(event);
    this.#pending.push(event);
    if (this.#pending.length > KEPT) this.#pending.shift();
  }

  /** The page is listening: deliver what waited, then send each event as it comes. */
  open(): void {
    const pending = this.#pending ?? [];
    this.#pending = null;
    for (const event of pending) this.#send(event);
  }
}

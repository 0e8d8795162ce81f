// Whether this tab is in touch with the back end, for the banner, for live text that must not
// claim progress it cannot see, and for state that reloads when the line comes back. Browser
// mode's api.ts reports to it; in the desktop app it stays connected.

import { retryDelay, type Link } from './connection.ts';

class Connection {
  link = $state.raw<Link>({ kind: 'connected' });
  #attempt = 0;
  readonly #reconnected = new Set<() => void>();

  /** Whether events arrive: live progress shown is current. */
  get live(): boolean {
    return this.link.kind === 'connected';
  }

  /** Calls `listener` each time the line comes back after a drop (what it shows may be stale).
   * Returns the function that stops it. */
  onReconnect(listener: () => void): () => void {
    this.#reconnected.add(listener);
    return () => this.#reconnected.delete(listener);
  }

  /** The event stream is open. */
  opened(): void {
    const wasDown = this.link.kind !== 'connected';
    this.#attempt = 0;
    this.link = { kind: 'connected' };
    if (wasDown) for (const listener of this.#reconnected) listener();
  }

  /** The stream dropped or could not open; `refused` when the server turned this tab's token
   * down. Returns how long to wait before the next attempt. */
  failed(refused: boolean): number {
    this.#attempt++;
    const delay = retryDelay(this.#attempt);
    // A refused tab still tries now and then: opening the new link in another tab renews the
    // cookie this tab sends too, and then it comes back by itself.
    if (refused) this.refused();
    else
      this.link = { kind: 'reconnecting', attempt: this.#attempt, nextTryAt: Date.now() + delay };
    return delay;
  }

  /** The server refused a request for its token. */
  refused(): void {
    if (this.link.kind !== 'signed-out') this.link = { kind: 'signed-out', port: location.port };
  }
}

export const connection = new Connection();

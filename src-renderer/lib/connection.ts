// The browser tab's line to the server, as data: its states, how long to wait before trying
// again, and what the banner says. (The desktop app talks over IPC, which cannot drop.)

export type Link =
  | { readonly kind: 'connected' }
  /** The event stream dropped: the server stopped, or the network did. */
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly nextTryAt: number }
  /** The server answers but refuses this tab's token: it restarted with a new one. */
  | { readonly kind: 'signed-out'; readonly port: string };

/** Milliseconds to wait before reconnect attempt `attempt` (1, 2, …): doubling from half a second,
 * at most 10 s, so a restarted server is found quickly and a stopped one is not hammered. */
export function retryDelay(attempt: number): number {
  return Math.min(500 * 2 ** (attempt - 1), 10_000);
}

export interface Notice {
  /** Needs the learner to act (role=alert), rather than wait (role=status). */
  readonly urgent: boolean;
  readonly title: string;
  readonly text: string;
  /** When the next attempt is: changes every second, so kept out of the announced text. */
  readonly retry: string | null;
}

/** What the banner says about `link` at time `now` (ms), or null when all is well. */
export function connectionNotice(link: Link, now: number): Notice | null {
  switch (link.kind) {
    case 'connected':
      return null;
    case 'reconnecting': {
      const seconds = Math.ceil((link.nextTryAt - now) / 1000);
      const when = seconds > 0 ? `in ${seconds} s` : 'now';
      return {
        urgent: false,
        title: 'Lost the connection to Backprop Lab',
        text: 'Is “backprop-lab serve” still running? What this page shows may be out of date.',
        retry: `Trying again ${when} (attempt ${link.attempt}).`,
      };
    }
    case 'signed-out':
      return {
        urgent: true,
        title: 'Backprop Lab restarted; open the new link from the terminal',
        text: `The server no longer accepts this tab's access token. Open the address “backprop-lab serve” printed last (http://127.0.0.1:${link.port}/?token=…). Your runs are kept.`,
        retry: null,
      };
  }
}

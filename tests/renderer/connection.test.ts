// The browser tab's line to the server: how long it waits between reconnect attempts, and what
// the banner says in each state.
import { describe, expect, it } from 'vitest';
import { connectionNotice, retryDelay } from '../../src-renderer/lib/connection.ts';

describe('connection', () => {
  it('waits twice as long after each failed attempt, from half a second up to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelay)).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  it('says nothing while connected', () => {
    expect(connectionNotice({ kind: 'connected' }, 0)).toBeNull();
  });

  it('counts attempts and the seconds to the next one while reconnecting', () => {
    const notice = connectionNotice({ kind: 'reconnecting', attempt: 3, nextTryAt: 4_200 }, 1_000);
    expect(notice).toEqual({
      urgent: false,
      title: 'Lost the connection to Backprop Lab',
      text: 'Is “backprop-lab serve” still running? What this page shows may be out of date.',
      retry: 'Trying again in 4 s (attempt 3).',
    });
    const now = connectionNotice({ kind: 'reconnecting', attempt: 3, nextTryAt: 900 }, 1_000);
    expect(now?.retry).toBe('Trying again now (attempt 3).');
  });

  it('tells a tab whose token the server no longer takes to open the new link', () => {
    const notice = connectionNotice({ kind: 'signed-out', port: '5170' }, 0);
    expect(notice?.urgent).toBe(true);
    expect(notice?.title).toBe('Backprop Lab restarted; open the new link from the terminal');
    expect(notice?.text).toContain('http://127.0.0.1:5170/?token=');
  });
});

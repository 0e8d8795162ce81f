// The renderer's only door to the back end. In the desktop app the preload script exposes it as
// `window.backprop` (Electron IPC); in browser mode it is HTTP for requests and a WebSocket for
// events. Both have the type derived from src-main/contract/api.ts.

import type {
  Api,
  ApiEvent,
  ApiErrorBody,
  ErrorCode,
  Method,
  Result,
} from '../../src-main/contract/api.ts';
import { METHODS } from '../../src-main/contract/methods.ts';
import { connection } from './connection.svelte.ts';

declare global {
  interface Window {
    backprop?: Api;
  }
}

/** A request the back end refused or could not do; `field` names the bad field if there is one. */
export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiCallError';
    this.code = body.code;
    this.field = body.field;
  }
}

type Listener = (event: ApiEvent) => void;

function httpApi(): Api {
  const listeners = new Set<Listener>();

  const connect = (): void => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/events`);
    socket.onopen = () => {
      connection.opened();
      // Anything may have changed while the connection was down.
      for (const l of listeners) l({ type: 'runsChanged' });
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as ApiEvent;
      for (const l of listeners) l(event);
    };
    socket.onclose = () => {
      // A WebSocket does not say why it failed: ask the page's address whether the server is
      // down (no answer) or refuses this tab's token (401).
      void tokenRefused().then((refused) => setTimeout(connect, connection.failed(refused)));
    };
  };
  connect();

  const call = async (method: Method, request: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request ?? {}),
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiCallError({
        code: 'failed',
        message: 'The Backprop Lab server is not answering. Is `backprop-lab serve` still running?',
      });
    }
    if (response.status === 401) {
      connection.refused();
      throw new ApiCallError({ code: 'failed', message: SIGNED_OUT });
    }
    if (response.status === 403)
      throw new ApiCallError({ code: 'failed', message: await response.text() });
    const result = (await response.json()) as Result<Method>;
    if (!result.ok) throw new ApiCallError(result.error);
    return result.value;
  };

  return apiOver(call, (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  });
}

const SIGNED_OUT =
  'Backprop Lab restarted; open the new link from the terminal (this tab’s access token is no longer valid).';

/** Whether the server answers but refuses this tab's token; false when it does not answer. */
async function tokenRefused(): Promise<boolean> {
  try {
    const response = await fetch('./', { method: 'HEAD', cache: 'no-store' });
    return response.status === 401;
  } catch {
    return false;
  }
}

/** The API as a plain object, one function per request in the contract's list. Plain, not a
 * Proxy: the desktop bridge is frozen, and a Proxy over it may not answer with other values. */
function apiOver(
  call: (method: Method, request: unknown) => Promise<unknown>,
  onEvent: Api['onEvent'],
): Api {
  const requests = Object.fromEntries(
    METHODS.map((method) => [method, (request: unknown) => call(method, request)]),
  );
  return { ...requests, onEvent } as Api;
}

/** Drops the access token from the address bar once the server has traded it for a cookie. */
function forgetTokenInAddress(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url);
}

/** window.backprop, as the preload exposed it (frozen by contextBridge). A failed request
 * rejects with a plain object carrying code and field (see src-main/electron/preload-api.ts);
 * it becomes the same ApiCallError as in browser mode. */
function desktopApi(bridge: Api): Api {
  const call = async (method: Method, request: unknown): Promise<unknown> => {
    try {
      return await (bridge[method] as (r: unknown) => Promise<unknown>)(request);
    } catch (error) {
      const e = error as Partial<ApiErrorBody> | null;
      throw new ApiCallError({
        code: e?.code ?? 'failed',
        message: e?.message ?? String(error),
        field: e?.field,
      });
    }
  };
  return apiOver(call, (listener) => bridge.onEvent(listener));
}

export const api: Api =
  window.backprop !== undefined ? desktopApi(window.backprop) : (forgetTokenInAddress(), httpApi());

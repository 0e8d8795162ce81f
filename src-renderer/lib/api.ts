// The renderer's only door to the back end. In the desktop app the preload script exposes it as
// `window.backprop` (Electron IPC); in browser mode it is HTTP for requests and a WebSocket for
// events. Both have the type derived from src-main/contract/api.ts.

import type {
  Api,
  ApiEvent,
  ApiErrorBody,
  ErrorCode,
  Method,
  Request,
  Responses,
  Result,
} from '../../src-main/contract/api.ts';

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
  let retry = 500;

  const connect = (): void => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/events`);
    socket.onopen = () => {
      retry = 500;
      // Anything may have changed while the connection was down.
      for (const l of listeners) l({ type: 'runsChanged' });
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as ApiEvent;
      for (const l of listeners) l(event);
    };
    socket.onclose = () => {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  };
  connect();

  const call = async <M extends Method>(method: M, request: Request<M>): Promise<Responses[M]> => {
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
    if (response.status === 401 || response.status === 403)
      throw new ApiCallError({ code: 'failed', message: await response.text() });
    const result = (await response.json()) as Result<M>;
    if (!result.ok) throw new ApiCallError(result.error);
    return result.value as Responses[M];
  };

  const onEvent = (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return new Proxy({ onEvent } as unknown as Api, {
    get: (target, method: string) =>
      method === 'onEvent'
        ? target.onEvent
        : (request: Request<Method>) => call(method as Method, request),
  });
}

/** Drops the access token from the address bar once the server has traded it for a cookie. */
function forgetTokenInAddress(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url);
}

function desktopApi(api: Api): Api {
  // The preload throws plain Errors carrying a code; give them the same shape as browser mode.
  return new Proxy(api, {
    get: (target, method: string) => {
      const f = target[method as keyof Api] as (r: unknown) => Promise<unknown>;
      if (method === 'onEvent') return f;
      return async (request: unknown) => {
        try {
          return await f(request);
        } catch (error) {
          const e = error as Error & { code?: ErrorCode; field?: string };
          throw new ApiCallError({ code: e.code ?? 'failed', message: e.message, field: e.field });
        }
      };
    },
  });
}

export const api: Api =
  window.backprop !== undefined ? desktopApi(window.backprop) : (forgetTokenInAddress(), httpApi());

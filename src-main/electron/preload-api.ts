// The object the preload exposes as `window.backprop`: one async function per API request, built
// from the plain METHODS list (no schemas, no zod: a sandboxed preload bundles everything into one
// file), plus onEvent. No Electron import here: preload.ts passes in the two IPC operations.

import type { Api, ApiErrorBody, ApiEvent, Method, Result } from '../contract/api.ts';
import { METHODS } from '../contract/methods.ts';

export interface Bridge {
  invoke(method: Method, payload: unknown): Promise<Result<Method>>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

/** What a failed request rejects with. A plain object, not an Error: contextBridge rebuilds an
 * Error in the page from its message alone, so `code` and `field` would not arrive. */
export type ApiFailure = ApiErrorBody & { readonly name: 'ApiCallError' };

export function createApi(bridge: Bridge): Api {
  const call = async (method: Method, request: unknown): Promise<unknown> => {
    const result = await bridge.invoke(method, request);
    if (result.ok) return result.value;
    const failure: ApiFailure = { name: 'ApiCallError', ...result.error };
    throw failure;
  };
  const requests = Object.fromEntries(
    METHODS.map((method) => [method, (request: unknown) => call(method, request)]),
  );
  return { ...requests, onEvent: (listener) => bridge.subscribe(listener) } as Api;
}

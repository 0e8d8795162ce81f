// Which backend a float32 network computes on: the WebAssembly SIMD kernels where the runtime has
// what they need, else the TypeScript ones (the reference), with the reason either way, for the
// caller to log once and store with the run.

import type { Backend } from '../backend.ts';
import { TypeScriptBackend } from '../kernels.ts';
import { WasmBackend } from './backend.ts';
import type { StartHelper } from './threads.ts';
import { RELAXED_SIMD_PROBE, wasmApi, type WasmApi } from './webassembly.ts';

export interface BackendChoice {
  readonly backend: Backend;
  /** Why it was chosen, in a sentence, to log. */
  readonly reason: string;
  /** Which backend in a few words, to store with the run and show beside it, e.g.
   * "wasm-simd, 1 thread" or "typescript (no relaxed SIMD)". */
  readonly label: string;
}

export interface ChooseOptions {
  /** The runtime's WebAssembly; its own by default, null for a runtime without one. */
  readonly api?: WasmApi | null;
  /** Bytes of memory for the WASM backend (see WasmBackend). */
  readonly capacity?: number;
  /** For two threads: the kernels built for a shared memory, and how to start a helper thread. */
  readonly twoThreads?: { readonly kernels: Uint8Array; readonly start: StartHelper };
}

/** `kernels` is the compiled kernels.wat (read by the caller), or null when it could not be read. */
export function chooseBackend(
  kernels: Uint8Array | null,
  options: ChooseOptions = {},
): BackendChoice {
  const api = options.api === undefined ? wasmApi() : options.api;
  const typescript = (why: string, short: string): BackendChoice => ({
    backend: new TypeScriptBackend('float32'),
    reason: `TypeScript kernels: ${why}`,
    label: `typescript (${short})`,
  });
  if (api === null) return typescript('this runtime has no WebAssembly', 'no WebAssembly');
  if (!api.validate(RELAXED_SIMD_PROBE))
    return typescript(
      "this runtime's WebAssembly has no SIMD or no relaxed SIMD",
      'no relaxed SIMD',
    );
  if (kernels === null)
    return typescript('the WebAssembly kernels were not found', 'WASM kernels not found');
  if (!api.validate(kernels))
    return typescript('the WebAssembly kernels are not a valid module', 'WASM kernels invalid');
  const { capacity, twoThreads } = options;
  let oneThread = '';
  if (twoThreads !== undefined) {
    const problem = sharedMemoryProblem(api) ?? kernelsProblem(api, twoThreads.kernels);
    if (problem === null)
      return {
        backend: new WasmBackend(new api.Module(twoThreads.kernels), {
          capacity,
          helper: twoThreads.start,
        }),
        reason: 'WebAssembly SIMD kernels (relaxed SIMD, two threads once the helper has started)',
        label: 'wasm-simd, 2 threads',
      };
    oneThread = `: ${problem}`;
  }
  return {
    backend: new WasmBackend(new api.Module(kernels), { capacity }),
    reason: `WebAssembly SIMD kernels (relaxed SIMD, one thread${oneThread})`,
    label: 'wasm-simd, 1 thread',
  };
}

/** Why this runtime cannot make a shared memory, or null when it can. */
function sharedMemoryProblem(api: WasmApi): string | null {
  try {
    new api.Memory({ initial: 1, maximum: 1, shared: true });
    return null;
  } catch {
    return 'no shared memory here (a browser allows SharedArrayBuffer only when cross-origin isolated)';
  }
}

function kernelsProblem(api: WasmApi, kernels: Uint8Array): string | null {
  return api.validate(kernels) ? null : 'the shared-memory kernels are not a valid module';
}
